package io.dataplug.operator.local;

import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kubelet's part for one Job's pods: Pod objects as the Job controller names and labels them, and environments. */
final class LocalPods {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPods.class);

    private final KubernetesClient client;
    private final Job job;
    private final String ns;
    private final String name;
    private final boolean indexed;

    LocalPods(KubernetesClient client, Job job) {
        this.client = client;
        this.job = job;
        this.ns = job.getMetadata().getNamespace();
        this.name = job.getMetadata().getName();
        this.indexed = "Indexed".equals(job.getSpec().getCompletionMode());
    }

    void create(String pod, int index, int failureCount) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put(Labels.JOB_NAME, name);
        labels.put(Labels.LEGACY_JOB_NAME, name);
        labels.put(Labels.CONTROLLER_UID, job.getMetadata().getUid());
        labels.put(Labels.JOB_COMPLETION_INDEX, Integer.toString(index));
        Pod p = new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(ns).withLabels(labels)
                .addToAnnotations(Labels.JOB_COMPLETION_INDEX, Integer.toString(index))
                .addToAnnotations("batch.kubernetes.io/job-index-failure-count", Integer.toString(failureCount))
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(name)
                        .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").withStartTime(Conditions.now()).endStatus()
                .build();
        try {
            client.pods().inNamespace(ns).resource(p).create();
        } catch (KubernetesClientException e) {
            LOG.warn("creating pod {}/{}: {}", ns, pod, e.getMessage());
        }
    }

    void finish(String pod, String container, ContainerRunner.Result r) {
        String now = Conditions.now();
        try {
            client.pods().inNamespace(ns).withName(pod).editStatus(p -> {
                p.getStatus().setPhase(r.exitCode() == 0 ? "Succeeded" : "Failed");
                p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container).withReady(false)
                        .withRestartCount(0).withNewState().withNewTerminated().withExitCode(r.exitCode())
                        .withReason(r.exitCode() == 0 ? "Completed" : "Error").withMessage(r.message())
                        .withStartedAt(p.getStatus().getStartTime()).withFinishedAt(now).endTerminated().endState().build()));
                return p;
            });
        } catch (KubernetesClientException e) {
            LOG.debug("updating pod {}/{}: {}", ns, pod, e.getMessage());
        }
    }

    /** The container's environment as the kubelet resolves it: values, Secret keys, the downward API, the index. */
    Map<String, String> env(Container c, String pod, int index) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOSTNAME", pod);
        if (c.getEnv() != null) {
            for (EnvVar v : c.getEnv()) {
                if (v.getValue() != null) {
                    env.put(v.getName(), v.getValue());
                } else if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                    var ref = v.getValueFrom().getSecretKeyRef();
                    String value = secretValue(ref.getName(), ref.getKey());
                    if (value != null) {
                        env.put(v.getName(), value);
                    } else if (!Boolean.TRUE.equals(ref.getOptional())) {
                        throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
                    }
                } else if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
                    String path = v.getValueFrom().getFieldRef().getFieldPath();
                    switch (path) {
                        case "metadata.name" -> env.put(v.getName(), pod);
                        case "metadata.namespace" -> env.put(v.getName(), ns);
                        case "metadata.annotations['batch.kubernetes.io/job-completion-index']" ->
                                env.put(v.getName(), Integer.toString(index));
                        default -> { }
                    }
                } else if (v.getName() != null) {
                    env.put(v.getName(), "");
                }
            }
        }
        if (indexed) {
            env.put("JOB_COMPLETION_INDEX", Integer.toString(index));
        }
        return env;
    }

    private String secretValue(String secret, String key) {
        Secret s = client.secrets().inNamespace(ns).withName(secret).get();
        if (s == null) {
            return null;
        }
        if (s.getData() != null && s.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
        }
        return s.getStringData() != null ? s.getStringData().get(key) : null;
    }

    /** A container that cannot start (CreateContainerConfigError), e.g. a missing Secret key. */
    static final class ConfigError extends RuntimeException {
        ConfigError(String message) {
            super(message);
        }
    }
}
