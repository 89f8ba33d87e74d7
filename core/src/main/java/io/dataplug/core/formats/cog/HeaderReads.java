package io.dataplug.core.formats.cog;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.IndexingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact ranged reads of a TIFF's structure (header, IFDs, their out-of-line values), counted so preprocessing
 * can report how little of the object it read. A range past the end of the object is a truncated file. Thread-safe.
 */
final class HeaderReads {

    private final IndexingContext ctx;
    private final String uri;
    private final long size;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();

    HeaderReads(IndexingContext ctx) {
        this.ctx = ctx;
        this.uri = ctx.source().location().toUri();
        this.size = ctx.source().size();
    }

    String uri() {
        return uri;
    }

    long size() {
        return size;
    }

    /** Bytes {@code [offset, offset + length)}; {@code what} names them in the error when the object is too short. */
    byte[] read(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new DataFormatException(uri, offset, 0, "truncated " + what + ": needs " + length
                    + " bytes at this offset but the object has " + size + " bytes", "the file is cut short or corrupt");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(uri, offset, 0, what + " is too large to read (" + length + " bytes)", null);
        }
        if (length == 0) {
            return new byte[0];
        }
        try (InputStream in = ctx.open(offset, offset + length)) {
            byte[] data = in.readNBytes((int) length);
            if (data.length != length) {
                throw new DataFormatException(uri, offset, 0, "short read of " + what, null);
            }
            bytes.addAndGet(length);
            requests.incrementAndGet();
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": reading " + what + " at byte " + offset + ": " + e.getMessage(), e);
        }
    }

    long bytes() {
        return bytes.get();
    }

    int requests() {
        return requests.get();
    }
}
