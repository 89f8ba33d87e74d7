package io.dataplug.core.slice;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The most slices one partitioning may have, for every format and strategy. It is checked against the
 * format's {@link io.dataplug.core.format.Format#sliceCount count} before any slice is built, and against the
 * slices themselves after, so that neither the CLI nor the operator allocates millions of slices or writes a
 * manifest nobody can mount. The default suits the operator's ConfigMap output (64 ConfigMaps of 900 KiB
 * hold about that many slices); bucket and file manifests are streamed and may go higher.
 *
 * @param max        the limit, at least 1
 * @param howToRaise the setting that raises it, named in the error (e.g. {@code --max-slices})
 */
public record SliceLimit(long max, String howToRaise) {

    public static final long DEFAULT_MAX = 100_000;
    public static final SliceLimit DEFAULT = new SliceLimit(DEFAULT_MAX, "the slice limit");

    public SliceLimit {
        if (max < 1) {
            throw new IllegalArgumentException("the slice limit must be at least 1, got " + max);
        }
    }

    /** Refuses {@code count} slices of this strategy when they are more than the limit. */
    public void check(long count, String format, String strategy, Map<String, String> params) {
        if (count > max) {
            String given = params.isEmpty() ? "" : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")"));
            throw new TooManySlicesException("strategy " + strategy + given + " of format " + format + " would make "
                    + count + " slices, more than the limit of " + max + ": ask for fewer slices, or raise " + howToRaise,
                    count, max);
        }
    }
}
