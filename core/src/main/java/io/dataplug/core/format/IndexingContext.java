package io.dataplug.core.format;

import io.dataplug.core.storage.ObjectInfo;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.LongConsumer;

/** What a format sees while it indexes one object (or one chunk of it). */
public interface IndexingContext {

    /** The object being indexed, with the size and ETag every read is pinned to. */
    ObjectInfo source();

    Params options();

    /** Bytes {@code [start, end)} of the source object, read with concurrent ranged GETs. */
    InputStream open(long start, long end);

    /**
     * A small object stored beside the source object (same key plus {@code suffix}, e.g. {@code ".tbi"}),
     * read whole, or empty when there is none. Formats use it to reuse indexes that already exist next to
     * the data ({@code .tbi}, {@code .csi}, {@code .fai}, {@code .gzi}) instead of scanning the object.
     */
    default Optional<byte[]> readBeside(String suffix) {
        return Optional.empty();
    }

    /**
     * A sibling of the source object by its role (see {@link Format#siblings()}): its size and the ETag every
     * {@link #openSibling} read is pinned to, taken once and recorded in the index when it is committed. Read
     * siblings in {@link Format#buildIndex} (the task that commits), not in chunk tasks.
     *
     * @throws io.dataplug.core.storage.ObjectNotFoundException when the sibling does not exist
     */
    default ObjectInfo sibling(String role) {
        throw new UnsupportedOperationException("this context reads no sibling objects");
    }

    /** Bytes {@code [start, end)} of a sibling, pinned to the ETag {@link #sibling} recorded. */
    default InputStream openSibling(String role, long start, long end) {
        throw new UnsupportedOperationException("this context reads no sibling objects");
    }

    /** Stores a file beside the index (e.g. a .fai); it becomes visible once the index is committed. */
    void writeSideFile(String name, byte[] data);

    /** Report bytes processed, for progress bars and status. */
    LongConsumer progress();
}
