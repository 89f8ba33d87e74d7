package io.dataplug.core.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes {@code [start, limit)} of an object, fetched as a first range {@code [start, firstEnd)} and then,
 * only if the reader keeps going, in further ranges that double from 64 KiB up to 8 MiB. Lets a reader go a
 * little past its range (a chunk task finishing the record that straddles its end, a slice finishing a gzip
 * member) without fetching the rest of the object.
 */
public final class ExtendingRangeStream extends InputStream {

    /** Opens bytes {@code [start, end)} of the object. */
    public interface Opener {
        InputStream open(long start, long end);
    }

    /**
     * How far past its own range a reader that finishes the record straddling its end reads in its first range
     * ({@link #lookingPast}): records almost always end within it, so finishing one costs no request of its own.
     */
    public static final long LOOK_PAST = 64 << 10;

    private static final long FIRST_EXTENSION = 64 << 10;
    private static final long MAX_EXTENSION = 8 << 20;

    private final Opener opener;
    private final long limit;
    private InputStream current;
    private long currentEnd;
    private long position;
    private long extension = FIRST_EXTENSION;

    public ExtendingRangeStream(Opener opener, long start, long firstEnd, long limit) {
        this.opener = opener;
        this.limit = limit;
        this.position = start;
        this.currentEnd = Math.min(firstEnd, limit);
        this.current = opener.open(start, currentEnd);
    }

    /**
     * Bytes {@code [start, limit)} for a reader that goes on past {@code end} to finish its last record: the first
     * range runs {@link #LOOK_PAST} bytes past {@code end}, so the straddling record comes with the reader's own bytes
     * (one ranged read fewer per chunk or slice, whose round trip would come after everything else was read).
     */
    public static ExtendingRangeStream lookingPast(Opener opener, long start, long end, long limit) {
        return new ExtendingRangeStream(opener, start, Math.min(limit, Math.max(start, end) + LOOK_PAST), limit);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (position >= currentEnd) {
                if (currentEnd >= limit) {
                    return -1;
                }
                current.close();
                long end = Math.min(limit, currentEnd + extension);
                extension = Math.min(MAX_EXTENSION, extension * 2);
                current = opener.open(currentEnd, end);
                currentEnd = end;
            }
            int n = current.read(b, off, (int) Math.min(len, currentEnd - position));
            if (n < 0) {
                throw new IOException("range ended early at byte " + position + " (expected data up to " + currentEnd + ")");
            }
            position += n;
            if (n > 0) {
                return n;
            }
        }
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
