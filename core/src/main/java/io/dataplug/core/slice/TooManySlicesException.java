package io.dataplug.core.slice;

import io.dataplug.core.format.InvalidRequestException;

/**
 * A partitioning would make more slices than its {@link SliceLimit}: a usage error (CLI exit 2, the operator's
 * {@code InvalidSpec} condition), raised before the slices are built. The message names the count and the limit.
 */
public final class TooManySlicesException extends InvalidRequestException {

    private final long count;
    private final long limit;

    public TooManySlicesException(String message, long count, long limit) {
        super(message);
        this.count = count;
        this.limit = limit;
    }

    public long count() {
        return count;
    }

    public long limit() {
        return limit;
    }
}
