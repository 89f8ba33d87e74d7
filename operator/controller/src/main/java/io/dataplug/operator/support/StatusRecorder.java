package io.dataplug.operator.support;

import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a reconciliation changes its resource's status (the "status recorder" of an observe, decide, act
 * loop): phase and observed generation together, the Ready condition with an Event when it changes, and one status
 * write at the end that is skipped when nothing changed. Subclasses add their resource's outcomes.
 */
public abstract class StatusRecorder<R extends CustomResource<?, S>, S extends DataplugStatus> {

    private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

    protected final R resource;
    protected final S status;
    protected final Long generation;
    protected final EventRecorder events;
    private final R base;
    private final Session<R> session;
    private final Duration retryInterval;

    protected StatusRecorder(R resource, Session<R> session, Supplier<S> empty, Duration retryInterval) {
        this.base = session.copy(resource);
        if (resource.getStatus() == null) {
            resource.setStatus(empty.get());
        }
        this.resource = resource;
        this.status = resource.getStatus();
        this.generation = resource.getMetadata().getGeneration();
        this.session = session;
        this.events = new EventRecorder(session.client());
        this.retryInterval = retryInterval;
    }

    public S status() {
        return status;
    }

    public EventRecorder events() {
        return events;
    }

    /** Writes the status if this reconciliation changed it. */
    public UpdateControl<R> save() {
        session.writeIfChanged(base, resource);
        return UpdateControl.noUpdate();
    }

    protected void phase(Phase phase) {
        status.phase = phase;
        status.observedGeneration = generation;
    }

    /** Ready=True with a Normal Event when the condition changed. */
    protected void ready(Reason reason, String message) {
        if (Conditions.setReady(status, true, reason, message, generation)) {
            events.normal(resource, reason, message);
        }
    }

    /** Ready=False without an Event: progress that changes on every reconciliation. */
    protected void notReadyQuietly(Reason reason, String message) {
        Conditions.setReady(status, false, reason, message, generation);
    }

    /**
     * Ready=False with the problem's reason and an Event when it changed; Pending when the problem is retried or the
     * resource waits for another, else Failed.
     */
    public UpdateControl<R> problem(Problem p) {
        phase(p.retry() || p.waiting() ? Phase.Pending : Phase.Failed);
        if (Conditions.setReady(status, false, p.reason(), p.getMessage(), generation)) {
            if (p.waiting()) {
                events.normal(resource, p.reason(), p.getMessage());
            } else {
                events.warning(resource, p.reason(), p.getMessage());
                LOG.info("{} {}/{}: {}: {}", resource.getKind(), resource.getMetadata().getNamespace(),
                        resource.getMetadata().getName(), p.reason(), p.getMessage());
            }
        }
        UpdateControl<R> c = save();
        return p.retry() ? c.rescheduleAfter(retryInterval) : c;
    }

    /**
     * JOSDK's error status after an unexpected exception: Ready=False, ReconcileError, one Warning Event per change.
     *
     * @param changed called when the condition changed (not on retries that fail the same way)
     */
    public static <R extends CustomResource<?, S>, S extends DataplugStatus> ErrorStatusUpdateControl<R> reconcileError(
            R resource, Supplier<S> empty, KubernetesClient client, Exception e, Runnable changed) {
        LOG.warn("reconciling {} {}/{} failed", resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), e);
        if (resource.getStatus() == null) {
            resource.setStatus(empty.get());
        }
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (Conditions.setReady(resource.getStatus(), false, Reason.ReconcileError, msg, resource.getMetadata().getGeneration())) {
            new EventRecorder(client).warning(resource, Reason.ReconcileError, msg);
            changed.run();
        }
        return ErrorStatusUpdateControl.patchStatus(resource);
    }
}
