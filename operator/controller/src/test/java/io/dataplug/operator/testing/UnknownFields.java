package io.dataplug.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields of a built-in object that its Kubernetes type does not have (a typo such as {@code imagePullPolcy}).
 * The OpenAPI schemas leave them open; a real API server rejects them under kubectl's default strict field
 * validation. Found through Fabric8's typed model, which keeps what it does not know in
 * {@code additionalProperties}.
 */
public final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {
    }

    /** {@code ["spec.template.spec.containers[0]: imagePullPolcy"]}; empty for custom and unknown kinds. */
    public static List<String> of(JsonNode doc, KubernetesSerialization serialization) {
        KubernetesResource r = serialization.unmarshal(doc.toString());
        List<String> out = new ArrayList<>();
        if (!(r instanceof GenericKubernetesResource)) {
            walk(r, "", out);
        }
        return out;
    }

    private static void walk(Object o, String path, List<String> out) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, out));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                walk(v, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (o == null || !o.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            String n = m.getName();
            boolean getter = m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && n.startsWith("get") && n.length() > 3
                    && !n.equals("getClass");
            if (!getter) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;   // derived getters (plural names...) that do not apply
            }
            String field = Character.toLowerCase(n.charAt(3)) + n.substring(4);
            if (field.equals("additionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> out.add((path.isEmpty() ? "<root>" : path.substring(1)) + ": " + k));
                }
            } else if (v != null && v != o) {
                walk(v, path + "." + field, out);
            }
        }
    }
}
