package io.dataplug.core.format;

import io.dataplug.core.slice.Corrections;

/**
 * The Java records of a format's three JSON documents, so that the framework maps JSON to them (strictly:
 * see {@link io.dataplug.core.util.StrictJson}) at its boundary and formats only ever see records.
 *
 * @param index       what preprocessing keeps per object ({@code index.json}), read back for partitioning
 * @param chunkResult what one map task returns ({@link Format#indexChunk}); {@code Void} for formats
 *                    preprocessed per object
 * @param corrections what each slice part carries ({@link io.dataplug.core.slice.SlicePart#corrections()})
 */
public record FormatTypes<I, R, C extends Corrections>(Class<I> index, Class<R> chunkResult, Class<C> corrections) {

    /** A format preprocessed in chunks: map tasks return {@code chunkResult}s, a finalize step combines them. */
    public static <I, R, C extends Corrections> FormatTypes<I, R, C> chunked(Class<I> index, Class<R> chunkResult,
                                                                             Class<C> corrections) {
        return new FormatTypes<>(index, chunkResult, corrections);
    }

    /** A format preprocessed one object per task: no chunk results. */
    public static <I, C extends Corrections> FormatTypes<I, Void, C> perObject(Class<I> index, Class<C> corrections) {
        return new FormatTypes<>(index, Void.class, corrections);
    }
}
