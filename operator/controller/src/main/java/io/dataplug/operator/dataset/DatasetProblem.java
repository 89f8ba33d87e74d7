package io.dataplug.operator.dataset;

/**
 * Something about a dataset that the user must see: becomes {@code Ready=False} with this reason and message and
 * a Warning Event. {@code transient} problems (a missing Secret or bucket, a storage outage) are retried after the
 * operator's retry interval; others wait for a spec change.
 */
public final class DatasetProblem extends RuntimeException {

    private final String reason;
    private final boolean retry;

    public DatasetProblem(String reason, String message, boolean retry) {
        super(message);
        this.reason = reason;
        this.retry = retry;
    }

    public String reason() {
        return reason;
    }

    public boolean retry() {
        return retry;
    }
}
