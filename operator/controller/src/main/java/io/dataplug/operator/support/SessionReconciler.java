package io.dataplug.operator.support;

import io.dataplug.operator.metrics.OperatorMetrics;
import io.dataplug.operator.model.DataplugStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.function.Supplier;

/**
 * JOSDK's entry points for both reconcilers, reduced to a {@link Session}: reconcile and cleanup run on the client
 * and a status writer only, so tests call them synchronously against an API server; unexpected exceptions become
 * a ReconcileError condition and Event. The phase each reconciliation leaves is counted in the metrics.
 */
public abstract class SessionReconciler<R extends CustomResource<?, S>, S extends DataplugStatus> implements Reconciler<R>, Cleaner<R> {

    private final Supplier<S> emptyStatus;
    protected final OperatorMetrics metrics;

    protected SessionReconciler(Supplier<S> emptyStatus, OperatorMetrics metrics) {
        this.emptyStatus = emptyStatus;
        this.metrics = metrics;
    }

    /** One reconciliation, synchronously. */
    public abstract UpdateControl<R> reconcile(R resource, Session<R> session);

    /** Removes what the resource owns (also where no garbage collector does it). */
    public abstract DeleteControl cleanup(R resource, Session<R> session);

    @Override
    public final UpdateControl<R> reconcile(R resource, Context<R> context) {
        UpdateControl<R> control = reconcile(resource, Session.of(context));
        observePhase(resource);
        return control;
    }

    @Override
    public final DeleteControl cleanup(R resource, Context<R> context) {
        DeleteControl control = cleanup(resource, Session.of(context));
        metrics.phases().removed(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        return control;
    }

    @Override
    public final ErrorStatusUpdateControl<R> updateErrorStatus(R resource, Context<R> context, Exception e) {
        ErrorStatusUpdateControl<R> control = StatusRecorder.reconcileError(resource, emptyStatus, context.getClient(), e,
                () -> metrics.reconcileError(resource.getKind(), resource.getMetadata().getNamespace()));
        observePhase(resource);
        return control;
    }

    /** The status the reconciliation left on the resource (reconcilers update the object they were given). */
    private void observePhase(R resource) {
        S status = resource.getStatus();
        metrics.phases().observe(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
                status == null ? null : status.phase);
    }
}
