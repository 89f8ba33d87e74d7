package io.dataplug.core.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one storage abstraction: list, head, ranged read, put, delete. Implementations are thread-safe.
 * Ranged reads take the ETag the caller expects and fail with {@link ObjectChangedException} when the
 * object changed, so a slice never mixes two versions of an object.
 */
public interface ObjectStore extends AutoCloseable {

    /** All objects whose key starts with {@code prefix}'s key, in key order; pages are fetched lazily. */
    Stream<ObjectInfo> list(ObjectLocation prefix);

    /**
     * The names of the folders right under {@code folder} (a key ending in '/'): for each key below it, the part up
     * to its next '/', once, in key order; pages are fetched lazily.
     */
    Stream<String> listFolders(ObjectLocation folder);

    /** Size and ETag; {@link ObjectNotFoundException} if absent. */
    ObjectInfo head(ObjectLocation location);

    /**
     * Streams bytes {@code [offset, offset + length)}. The stream fails if fewer bytes arrive.
     *
     * @param expectedEtag the ETag to pin (If-Match), or null to read whatever is there
     */
    InputStream open(ObjectLocation location, long offset, long length, String expectedEtag);

    void put(ObjectLocation location, byte[] data);

    /** Produces an object's bytes into a stream, for {@link #putStreamed}. */
    @FunctionalInterface
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes an object whose bytes are produced as they go (e.g. a large manifest) without holding them all in
     * memory where the store can: a temporary file renamed into place locally, a multipart upload on S3. The
     * object appears whole once {@code writer} returns, or not at all when it fails. This default buffers.
     */
    default void putStreamed(ObjectLocation location, Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            writer.writeTo(buffer);
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot write: " + e.getMessage(), e);
        }
        put(location, buffer.toByteArray());
    }

    /**
     * Writes the object only if there is none at {@code location} yet; false when one was already there. Atomic
     * where the store can do it (S3 {@code If-None-Match: *}, a hard link on local files): of two concurrent
     * callers exactly one wins. This default (look, then write) is not atomic.
     */
    default boolean putIfAbsent(ObjectLocation location, byte[] data) {
        try {
            head(location);
            return false;
        } catch (ObjectNotFoundException absent) {
            put(location, data);
            return true;
        }
    }

    void delete(ObjectLocation location);

    /** Reads exactly {@code length} bytes at {@code offset}. */
    default byte[] read(ObjectLocation location, long offset, int length, String expectedEtag) {
        try (InputStream in = open(location, offset, length, expectedEtag)) {
            // Into one array of the known length: readNBytes(int) would gather pieces and copy them again.
            byte[] data = new byte[length];
            int got = in.readNBytes(data, 0, length);
            if (got != length) {
                throw new StorageException(location.toUri(), "short read at offset " + offset + ": wanted "
                        + length + " bytes, got " + got);
            }
            return data;
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "read failed at offset " + offset + ": " + e.getMessage(), e);
        }
    }

    /** A whole (small) object, or empty if it does not exist. */
    default Optional<byte[]> readIfExists(ObjectLocation location) {
        // The object as it is now: one that changes between the HEAD and the read (replaced, or a local file whose
        // status changed as the temporary hard link of its put-if-absent was removed) is read again, a few times.
        for (int attempt = 1; ; attempt++) {
            ObjectInfo info;
            try {
                info = head(location);
            } catch (ObjectNotFoundException e) {
                return Optional.empty();
            }
            if (info.size() > Integer.MAX_VALUE - 8) {
                throw new StorageException(location.toUri(), "too large to read whole (" + info.size() + " bytes)");
            }
            try {
                return Optional.of(read(location, 0, (int) info.size(), info.etag()));
            } catch (ObjectChangedException e) {
                if (attempt == READ_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** How many times {@link #readIfExists} reads an object that keeps changing between its HEAD and its read. */
    int READ_ATTEMPTS = 3;

    @Override
    default void close() {
    }
}
