package io.dataplug.operator.support;

import io.dataplug.operator.model.Reason;

/**
 * Something about a resource that its user must see: becomes {@code Ready=False} with this reason and message and
 * an Event. Retried problems (a missing Secret or bucket, a storage outage) are tried again after the operator's
 * retry interval; others wait for a change (of the spec, or of the dataset a partitioning waits for).
 */
public final class Problem extends RuntimeException {

    private final Reason reason;
    private final boolean retry;

    public Problem(Reason reason, String message, boolean retry) {
        super(message);
        this.reason = reason;
        this.retry = retry;
    }

    public Reason reason() {
        return reason;
    }

    public boolean retry() {
        return retry;
    }

    /** Waiting on another resource is normal: Pending with a Normal Event, not a failure with a Warning. */
    public boolean waiting() {
        return reason == Reason.DatasetNotReady;
    }
}
