package io.dataplug.core.exec;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The first bytes of a task's source object as the task read them, so that reading them again costs no request: a
 * format learns where its header ends only once its scan is done (csv's first record), then reads it again to
 * record it. Only bytes a stream from offset 0 has returned are kept, so they belong to the version every read of
 * the task is pinned to.
 */
final class KeptHead {

    static final int LIMIT = 64 << 10;

    private volatile byte[] bytes = new byte[0];

    /** {@code [start, end)} from memory, or null when those bytes were not read from offset 0 yet. */
    InputStream open(long start, long end) {
        byte[] b = bytes;
        return start >= 0 && end <= b.length && start <= end ? new ByteArrayInputStream(b, (int) start, (int) (end - start))
                : null;
    }

    /** {@code in}, which returns the object from offset 0 up to {@code end}, keeping its first bytes as they pass. */
    InputStream keep(InputStream in, long end) {
        int size = (int) Math.min(LIMIT, end);
        return size <= bytes.length ? in : new Keeping(in, new byte[size]);
    }

    private void offer(byte[] b, int n) {
        if (n > bytes.length) {
            bytes = n == b.length ? b : Arrays.copyOf(b, n);
        }
    }

    private final class Keeping extends FilterInputStream {
        private final byte[] kept;
        private int n;

        Keeping(InputStream in, byte[] kept) {
            super(in);
            this.kept = kept;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0 && n < kept.length) {
                kept[n++] = (byte) c;
                if (n == kept.length) {
                    offer(kept, n);
                }
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = in.read(b, off, len);
            if (r > 0 && n < kept.length) {
                int k = Math.min(r, kept.length - n);
                System.arraycopy(b, off, kept, n, k);
                n += k;
                if (n == kept.length) {
                    offer(kept, n);
                }
            }
            return r;
        }

        @Override
        public long skip(long count) throws IOException {
            if (n < kept.length) { // skipped bytes are not seen: keep only those before them
                offer(kept, n);
                n = kept.length;
            }
            return in.skip(count);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            if (n < kept.length) {
                offer(kept, n);
            }
            super.close();
        }
    }
}
