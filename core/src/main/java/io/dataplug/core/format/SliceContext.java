package io.dataplug.core.format;

import io.dataplug.core.slice.SourceObject;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** What a format needs to evaluate a slice. */
public interface SliceContext {

    /** Bytes {@code [start, end)} of a source object, pinned to its ETag, fetched with concurrent ranged GETs. */
    InputStream open(SourceObject object, long start, long end);

    /** A range of a metadata file (e.g. one gzip window). */
    byte[] readMetadata(String uri, long offset, int length);

    /**
     * Bytes {@code [start, start + length)} of a source object that many slices repeat (a header), pinned to its
     * ETag like every read and accepted by {@code check}. The evaluator may keep accepted bytes for the other slices
     * it evaluates (same object, same ETag, same range), so the slices of a dataset fetch them once. The array may be
     * shared: never modify it.
     */
    default byte[] readShared(SourceObject object, long start, int length, BytesCheck check) throws IOException {
        byte[] bytes;
        try (InputStream in = open(object, start, start + length)) {
            bytes = in.readNBytes(length);
        }
        if (bytes.length != length) {
            throw new EOFException(object.uri() + ": range [" + start + ", " + (start + length) + ") ended after "
                    + bytes.length + " bytes");
        }
        check.accept(bytes);
        return bytes;
    }

    /** Refuses bytes that are not what a slice claims they are (with a {@link DataFormatException} or the like). */
    @FunctionalInterface
    interface BytesCheck {
        void accept(byte[] bytes) throws IOException;
    }
}
