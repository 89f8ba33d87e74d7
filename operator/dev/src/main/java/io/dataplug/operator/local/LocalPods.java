package io.dataplug.operator.local;

import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.support.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
        try {
            client.pods().inNamespace(ns).resource(p).create();
        } catch (KubernetesClientException e) {
            LOG.warn("creating pod {}/{}: {}", ns, pod, e.getMessage());
        }
    }

    /** The scheduler found no node: Pending with PodScheduled=False (its transition time kept while it stays so). */
    void unschedulable(String pod, String message) {
        edit(pod, p -> {
            p.getStatus().setPhase("Pending");
            PodCondition old = condition(p, "PodScheduled");
            String since = old != null && "False".equals(old.getStatus()) && old.getLastTransitionTime() != null
                    ? old.getLastTransitionTime() : Conditions.now();
            p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                    .withReason("Unschedulable").withMessage(message).withLastTransitionTime(since).build()));
        });
    }

    /** Scheduled, its container waiting (ImagePullBackOff, CreateContainerConfigError...). */
    void waiting(String pod, Container c, String reason, String message) {
        edit(pod, p -> {
            scheduled(p);
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(false).withRestartCount(0).withNewState().withNewWaiting().withReason(reason).withMessage(message)
                    .endWaiting().endState().build()));
        });
    }

    /** The container runs. */
    void running(String pod, Container c) {
        edit(pod, p -> {
            scheduled(p);
            p.getStatus().setPhase("Running");
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(true).withRestartCount(0).withNewState().withNewRunning().withStartedAt(Conditions.now())
                    .endRunning().endState().build()));
        });
    }

    private static void scheduled(Pod p) {
        if (p.getStatus().getStartTime() == null) {
            p.getStatus().setStartTime(Conditions.now());
        }
        p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(p.getStatus().getStartTime()).build()));
    }

    private static PodCondition condition(Pod p, String type) {
        return p.getStatus().getConditions() == null ? null
                : p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private void edit(String pod, Consumer<Pod> change) {
        try {
            client.pods().inNamespace(ns).withName(pod).editStatus(p -> {
                change.accept(p);
                return p;
            });
        } catch (KubernetesClientException e) {
            LOG.debug("updating pod {}/{}: {}", ns, pod, e.getMessage());
        }
    }

    /** Pods of the Job that have not finished (deleted when the Job fails, as the Job controller does). */
    void deleteUnfinished() {
        try {
            client.pods().inNamespace(ns).withLabel(Labels.CONTROLLER_UID, job.getMetadata().getUid()).list().getItems().stream()
                    .filter(p -> p.getStatus() == null || !"Succeeded".equals(p.getStatus().getPhase()) && !"Failed".equals(p.getStatus().getPhase()))
                    .forEach(p -> client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete());
        } catch (KubernetesClientException e) {
            LOG.debug("deleting pods of Job {}/{}: {}", ns, name, e.getMessage());
        }
    }

    void finish(String pod, String container, ContainerRunner.Result r) {
        String now = Conditions.now();
        try {
            client.pods().inNamespace(ns).withName(pod).editStatus(p -> {
                if (p.getStatus().getStartTime() == null) {
                    p.getStatus().setStartTime(now);
                }
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
                        throw new ConfigError(secretExists(ref.getName()) ? "couldn't find key " + ref.getKey() + " in Secret "
                                + ns + "/" + ref.getName() : "secret \"" + ref.getName() + "\" not found");
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

    private boolean secretExists(String secret) {
        return client.secrets().inNamespace(ns).withName(secret).get() != null;
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

    /** A container that cannot start yet (CreateContainerConfigError), e.g. a missing Secret or key; the kubelet retries. */
    static final class ConfigError extends RuntimeException {
        ConfigError(String message) {
            super(message);
        }
    }
}
