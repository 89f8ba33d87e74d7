package io.dataplug.operator.local;

import io.dataplug.core.reader.PodEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kubelet's volumes for one container run locally: each volumeMount becomes a local folder (configMap, secret
 * and projected volumes written out as files, emptyDir a fresh folder, hostPath the path itself). Without a mount
 * namespace the container cannot see them at their mountPath, so the runner rewrites mount paths in the command,
 * args and env values to the local folders, and points {@code DATAPLUG_MANIFEST} at the folder mounted at
 * {@value PodEnvironment#MOUNT} (where {@code dataplug slice get} looks by default).
 */
final class LocalVolumes implements AutoCloseable {

    private static final Pattern VAR = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private final Map<String, Path> mounts = new LinkedHashMap<>();
    private final List<Path> temporary = new ArrayList<>();

    /** @throws LocalPods.ConfigError when a volume is missing or of a kind the local runner does not provide */
    static LocalVolumes mount(KubernetesClient client, String ns, List<Volume> volumes, Container c) {
        LocalVolumes v = new LocalVolumes();
        try {
            for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
                Volume vol = (volumes == null ? List.<Volume>of() : volumes).stream().filter(x -> m.getName().equals(x.getName()))
                        .findFirst().orElseThrow(() -> new LocalPods.ConfigError("volume " + m.getName() + " not found"));
                v.mounts.put(m.getMountPath(), v.materialize(client, ns, vol));
            }
            return v;
        } catch (IOException e) {
            v.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    private Path materialize(KubernetesClient client, String ns, Volume vol) throws IOException {
        if (vol.getHostPath() != null) {
            return Files.createDirectories(Path.of(vol.getHostPath().getPath()));
        }
        Path dir = Files.createTempDirectory("dataplug-volume-");
        temporary.add(dir);
        if (vol.getConfigMap() != null) {
            writeConfigMap(client, ns, vol.getConfigMap().getName(), dir);
        } else if (vol.getSecret() != null) {
            writeSecret(client, ns, vol.getSecret().getSecretName(), dir);
        } else if (vol.getProjected() != null) {
            for (VolumeProjection s : vol.getProjected().getSources()) {
                if (s.getConfigMap() != null) {
                    writeConfigMap(client, ns, s.getConfigMap().getName(), dir);
                } else if (s.getSecret() != null) {
                    writeSecret(client, ns, s.getSecret().getName(), dir);
                }
            }
        } else if (vol.getEmptyDir() == null) {
            throw new LocalPods.ConfigError("volume " + vol.getName() + ": only configMap, secret, projected, emptyDir and "
                    + "hostPath volumes run locally");
        }
        return dir;
    }

    private static void writeConfigMap(KubernetesClient client, String ns, String name, Path dir) throws IOException {
        ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
        if (cm == null) {
            throw new LocalPods.ConfigError("configmap \"" + name + "\" not found");
        }
        for (var e : (cm.getData() == null ? Map.<String, String>of() : cm.getData()).entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static void writeSecret(KubernetesClient client, String ns, String name, Path dir) throws IOException {
        Secret s = client.secrets().inNamespace(ns).withName(name).get();
        if (s == null) {
            throw new LocalPods.ConfigError("secret \"" + name + "\" not found");
        }
        for (var e : (s.getData() == null ? Map.<String, String>of() : s.getData()).entrySet()) {
            Files.write(dir.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
        }
    }

    /** The local folder of each mountPath. */
    Map<String, Path> mounts() {
        return Map.copyOf(mounts);
    }

    /** Kubernetes' {@code $(VAR)} expansion ({@code $$} escapes), then mount paths rewritten to local folders. */
    List<String> argv(List<String> items, Map<String, String> env) {
        return items == null ? List.of() : items.stream().map(a -> rewrite(expand(a, env))).toList();
    }

    /** Env values naming a mount path point at its local folder; a manifest mounted at the default place is named. */
    Map<String, String> env(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, rewrite(v)));
        Path slices = mounts.get(PodEnvironment.MOUNT);
        if (slices != null && !out.containsKey(PodEnvironment.MANIFEST)) {
            out.put(PodEnvironment.MANIFEST, slices.toString());
        }
        return out;
    }

    static String expand(String s, Map<String, String> env) {
        Matcher m = VAR.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String rep = m.group(1) == null ? "$" : env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        return m.appendTail(sb).toString();
    }

    /** One pass over all mount paths (longest first), so a local folder is never rewritten again. */
    private String rewrite(String s) {
        if (mounts.isEmpty()) {
            return s;
        }
        String alternatives = String.join("|", mounts.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).toList());
        Matcher m = Pattern.compile("(?<![A-Za-z0-9._/:-])(" + alternatives + ")(?=/|$|[^A-Za-z0-9._-])").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(mounts.get(m.group(1)).toString()));
        }
        return m.appendTail(sb).toString();
    }

    @Override
    public void close() {
        for (Path dir : temporary) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary folder
            }
        }
    }
}
