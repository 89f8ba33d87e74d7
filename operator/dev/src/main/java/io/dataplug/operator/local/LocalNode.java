package io.dataplug.operator.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one node the local runner schedules on, with what a scheduler and a kubelet check before a container starts:
 * whether the pod's requests fit the node's capacity (else it stays Pending, {@code Unschedulable}) and whether its
 * image can be pulled (else it waits in {@code ErrImagePull}, then {@code ImagePullBackOff}). Both are checked again
 * while the pod waits, as the scheduler and the kubelet retry.
 *
 * @param cpu      allocatable CPU; null for no limit
 * @param memory   allocatable memory; null for no limit
 * @param pullable which images the node can pull
 */
public record LocalNode(Quantity cpu, Quantity memory, Predicate<String> pullable) {

    /** No capacity limit; every image pulls. */
    public static final LocalNode UNLIMITED = new LocalNode(null, null, image -> true);

    /** Why a container cannot start yet, in the terms the Kubernetes API reports it. */
    public sealed interface Waiting {
    }

    /** The scheduler finds no node: PodScheduled=False, reason Unschedulable. */
    public record Unschedulable(String message) implements Waiting {
    }

    /** The kubelet cannot start the container: a waiting state with this reason (ImagePullBackOff...). */
    public record ContainerWaiting(String reason, String message) implements Waiting {
    }

    public LocalNode withCapacity(String cpu, String memory) {
        return new LocalNode(cpu == null ? null : new Quantity(cpu), memory == null ? null : new Quantity(memory), pullable);
    }

    public LocalNode withPullable(Predicate<String> images) {
        return new LocalNode(cpu, memory, images);
    }

    /** Scheduling: requests (or limits where no request is set) against capacity. */
    Optional<Waiting> schedule(Container c) {
        List<String> missing = new ArrayList<>();
        if (exceeds(c.getResources(), "cpu", cpu)) {
            missing.add("Insufficient cpu");
        }
        if (exceeds(c.getResources(), "memory", memory)) {
            missing.add("Insufficient memory");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Unschedulable("0/1 nodes are available: " + missing.stream().map(s -> "1 " + s)
                .reduce((a, b) -> a + ", " + b).orElseThrow() + ". preemption: 0/1 nodes are available: 1 No preemption victims "
                + "found for incoming pod."));
    }

    /** The image pull, on the first try and on later ones (the kubelet backs off between them). */
    Optional<Waiting> pull(Container c, boolean firstTry) {
        if (pullable.test(c.getImage())) {
            return Optional.empty();
        }
        return Optional.of(firstTry
                ? new ContainerWaiting("ErrImagePull", "rpc error: code = NotFound desc = failed to pull and unpack image \""
                + c.getImage() + "\": not found")
                : new ContainerWaiting("ImagePullBackOff", "Back-off pulling image \"" + c.getImage() + "\""));
    }

    private static boolean exceeds(ResourceRequirements r, String resource, Quantity capacity) {
        if (capacity == null || r == null) {
            return false;
        }
        Quantity asked = get(r.getRequests(), resource);
        if (asked == null) {
            asked = get(r.getLimits(), resource);
        }
        if (asked == null) {
            return false;
        }
        BigDecimal a = Quantity.getAmountInBytes(asked);
        return a.compareTo(Quantity.getAmountInBytes(capacity)) > 0;
    }

    private static Quantity get(Map<String, Quantity> m, String key) {
        return m == null ? null : m.get(key);
    }
}
