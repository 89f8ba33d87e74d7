package io.dataplug.core.gzip;

/**
 * Lets the caller of {@link GzipIndexer} choose checkpoints and attach data to them.
 *
 * <p>The indexer always takes a checkpoint at the start of the stream. After that, at every candidate
 * position (a deflate block boundary inside a member, or a member start) that lies at least {@code span}
 * uncompressed bytes after the previous checkpoint, it asks {@link #take}; if declined it asks again at
 * the next candidate at a larger offset. Before either method is called, the {@link UncompressedSink} has seen every byte
 * before {@code uncompressedOffset} and none after it.
 */
public interface CheckpointPolicy {

    /** Takes every candidate, attaching 0. */
    CheckpointPolicy ALWAYS = new CheckpointPolicy() { };

    /** Whether to take a checkpoint at this candidate. Not asked for the mandatory first checkpoint. */
    default boolean take(long uncompressedOffset) {
        return true;
    }

    /** Opaque value to store with the checkpoint being taken (e.g. a record or line count). */
    default long attachment(long uncompressedOffset) {
        return 0;
    }
}
