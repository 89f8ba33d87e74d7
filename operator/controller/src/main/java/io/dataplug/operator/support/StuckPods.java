package io.dataplug.operator.support;

import io.dataplug.core.util.Messages;
import io.dataplug.operator.model.Reason;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pods of a running Job that wait for something that may never come: an image that cannot be pulled, a container
 * that cannot be configured (a Secret or key deleted after the Job started), a node that fits nowhere. A Job does
 * not fail for these by itself (only its deadline ends it), so the operator looks at the pods and says why, once a
 * pod has waited longer than {@code timeout}.
 */
public final class StuckPods {

    static final Set<String> IMAGE_PULL = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");
    static final Set<String> CONFIG = Set.of("CreateContainerConfigError", "CreateContainerError");

    private StuckPods() {
    }

    /** A pod that has waited too long, and a message that stays the same while it waits (so it is one Event). */
    public record StuckPod(Reason reason, String pod, String index, String message) {
    }

    /** The first stuck pod of the Job (lowest completion index); empty when none, or when pods cannot be read. */
    public static Optional<StuckPod> find(KubernetesClient client, Job job, Instant now, Duration timeout) {
        List<Pod> pods;
        try {
            pods = client.pods().inNamespace(job.getMetadata().getNamespace())
                    .withLabel(Labels.JOB_NAME, job.getMetadata().getName()).list().getItems();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        List<StuckPod> stuck = new ArrayList<>();
        for (Pod p : pods) {
            of(p, job.getMetadata().getName(), now, timeout).ifPresent(stuck::add);
        }
        return stuck.stream().min(Comparator.comparing(StuckPod::index, Comparator.nullsLast(
                Comparator.comparingInt(StuckPods::number))).thenComparing(StuckPod::pod));
    }

    /** Whether this pod is stuck, from its status alone. */
    public static Optional<StuckPod> of(Pod p, String jobName, Instant now, Duration timeout) {
        if (p.getStatus() == null || p.getMetadata().getDeletionTimestamp() != null || !"Pending".equals(p.getStatus().getPhase())) {
            return Optional.empty();
        }
        String name = p.getMetadata().getName();
        String index = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(Labels.JOB_COMPLETION_INDEX);
        String who = "pod " + name + (index != null ? " (task group " + index + ")" : "") + " of Job " + jobName;
        String waited = " for more than " + Durations.human(timeout);
        for (PodCondition c : p.getStatus().getConditions() == null ? List.<PodCondition>of() : p.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())
                    && waitedLongEnough(since(c.getLastTransitionTime(), p), now, timeout)) {
                return Optional.of(new StuckPod(Reason.Unschedulable, name, index, who + " has not been scheduled" + waited + ": "
                        + Messages.safe(c.getMessage()) + "; lower spec.preprocessing.resources or add capacity"));
            }
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        if (p.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(p.getStatus().getInitContainerStatuses());
        }
        if (p.getStatus().getContainerStatuses() != null) {
            statuses.addAll(p.getStatus().getContainerStatuses());
        }
        if (!waitedLongEnough(since(null, p), now, timeout)) {
            return Optional.empty();
        }
        for (ContainerStatus cs : statuses) {
            ContainerStateWaiting w = cs.getState() == null ? null : cs.getState().getWaiting();
            if (w == null || w.getReason() == null) {
                continue;
            }
            if (IMAGE_PULL.contains(w.getReason())) {
                // ErrImagePull and ImagePullBackOff alternate: the message names the image, not the kubelet's reason.
                return Optional.of(new StuckPod(Reason.ImagePullFailed, name, index, who + " has waited" + waited
                        + " for image '" + Messages.safe(cs.getImage()) + "' to be pulled; check the image name and the "
                        + "registry's pull access (kubectl describe pod " + name + ")"));
            }
            if (CONFIG.contains(w.getReason())) {
                return Optional.of(new StuckPod(Reason.ContainerConfigError, name, index, who + " cannot start its container"
                        + waited + ": " + w.getReason() + ": " + Messages.safe(w.getMessage())));
            }
        }
        return Optional.empty();
    }

    private static boolean waitedLongEnough(Instant since, Instant now, Duration timeout) {
        return since != null && !since.plus(timeout).isAfter(now);
    }

    /** The given time, else when the pod started or was created; null when none is readable. */
    private static Instant since(String time, Pod p) {
        for (String t : new String[] {time, p.getStatus().getStartTime(), p.getMetadata().getCreationTimestamp()}) {
            if (t != null) {
                try {
                    return Instant.parse(t);
                } catch (DateTimeParseException e) {
                    // try the next one
                }
            }
        }
        return null;
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
