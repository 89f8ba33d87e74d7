package io.dataplug.core.gzip;

import java.util.zip.Deflater;

/** Deflates windows (zlib format) for the windows blob, reusing one {@link Deflater} and buffer. */
final class WindowDeflater implements AutoCloseable {

    private final Deflater deflater;
    private final byte[] buf = new byte[40 << 10];

    WindowDeflater(int level) {
        this.deflater = new Deflater(level);
    }

    /** Deflates {@code window}; the result is {@code buffer()[0, n)}, valid until the next call. */
    int deflate(byte[] window) {
        deflater.reset();
        deflater.setInput(window);
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
            if (n == buf.length) {
                throw new IllegalStateException("window does not compress into its buffer");
            }
            n += deflater.deflate(buf, n, buf.length - n);
        }
        return n;
    }

    byte[] buffer() {
        return buf;
    }

    @Override
    public void close() {
        deflater.end();
    }
}
