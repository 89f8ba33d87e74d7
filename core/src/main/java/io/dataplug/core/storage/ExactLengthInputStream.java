package io.dataplug.core.storage;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with a clear message when the underlying stream ends before {@code expected} bytes. */
final class ExactLengthInputStream extends FilterInputStream {

    private final String objectUri;
    private final long start;
    private final long expected;
    private long seen;

    ExactLengthInputStream(InputStream in, String objectUri, long start, long expected) {
        super(in);
        this.objectUri = objectUri;
        this.start = start;
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        if (seen >= expected) {
            return -1;
        }
        int b = super.read();
        if (b < 0) {
            throw truncated();
        }
        seen++;
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (seen >= expected) {
            return -1;
        }
        int n = super.read(buf, off, (int) Math.min(len, expected - seen));
        if (n < 0) {
            throw truncated();
        }
        seen += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private EOFException truncated() {
        return new EOFException(objectUri + ": object ended at offset " + (start + seen) + " but the range asked for "
                + expected + " bytes from offset " + start + " (object truncated or changed?)");
    }
}
