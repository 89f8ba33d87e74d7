package io.dataplug.operator.support;

import io.dataplug.operator.model.Reason;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records core/v1 Events on our resources, as {@code kubectl describe} shows them. Never throws. */
public final class EventRecorder {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    public static final String COMPONENT = "dataplug-operator";

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final AtomicLong SEQ = new AtomicLong();

    private final KubernetesClient client;
    private final String instance;

    public EventRecorder(KubernetesClient client) {
        this.client = client;
        String host = System.getenv("HOSTNAME");
        this.instance = host != null ? host : COMPONENT;
    }

    public void normal(HasMetadata on, Reason reason, String message) {
        record(on, NORMAL, reason, message);
    }

    public void warning(HasMetadata on, Reason reason, String message) {
        record(on, WARNING, reason, message);
    }

    public void record(HasMetadata on, String type, Reason reason, String message) {
        String now = Conditions.now();
        String ns = on.getMetadata().getNamespace();
        String name = on.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis())
                + Long.toHexString(SEQ.incrementAndGet());
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(on.getApiVersion()).withKind(on.getKind())
                            .withName(on.getMetadata().getName()).withNamespace(ns).withUid(on.getMetadata().getUid())
                            .withResourceVersion(on.getMetadata().getResourceVersion()).build())
                    .withType(type).withReason(reason.name()).withMessage(Conditions.message(message))
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent("dataplug.io/" + COMPONENT).withReportingInstance(instance)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warn("could not record event {} on {}/{}: {}", reason, ns, on.getMetadata().getName(), e.getMessage());
        }
    }
}
