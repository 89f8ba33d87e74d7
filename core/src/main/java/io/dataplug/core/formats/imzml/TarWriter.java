package io.dataplug.core.formats.imzml;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX tar stream (ustar headers; a pax extended header for names over 100 bytes or non-ASCII, and
 * for entries of 8 GiB or more) of regular files whose sizes are known before their bytes.
 */
final class TarWriter {

    private static final int BLOCK = 512;
    private static final long MAX_USTAR_SIZE = 077777777777L;

    private final OutputStream out;
    private long entryLeft = -1;
    private long entrySize;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Starts a file; write exactly {@code size} bytes to {@link #body()}, then call {@link #end()}. */
    void begin(String name, long size) throws IOException {
        if (entryLeft >= 0) {
            throw new IllegalStateException("previous tar entry not ended");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean ascii = nameBytes.length == name.length();
        StringBuilder pax = new StringBuilder();
        if (nameBytes.length > 100 || !ascii) {
            pax.append(record("path", name));
        }
        if (size > MAX_USTAR_SIZE) {
            pax.append(record("size", Long.toString(size)));
        }
        if (pax.length() > 0) {
            byte[] data = pax.toString().getBytes(StandardCharsets.UTF_8);
            out.write(header(ascii ? truncate("PaxHeaders/" + name) : "PaxHeaders/entry", data.length, 'x'));
            out.write(data);
            pad(data.length);
        }
        out.write(header(ascii ? truncate(name) : "entry", size > MAX_USTAR_SIZE ? 0 : size, '0'));
        entryLeft = size;
        entrySize = size;
    }

    /** The current file's bytes go here. */
    OutputStream body() {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                take(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                take(len);
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the tar stream stays open
            }
        };
    }

    private void take(long n) {
        if (n > entryLeft) {
            throw new IllegalStateException("tar entry of " + entrySize + " bytes written past its end");
        }
        entryLeft -= n;
    }

    void end() throws IOException {
        if (entryLeft != 0) {
            throw new IllegalStateException("tar entry of " + entrySize + " bytes ended " + entryLeft + " bytes short");
        }
        pad(entrySize);
        entryLeft = -1;
    }

    /** Two zero blocks end the archive. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** A pax record: {@code "<length> key=value\n"}, the length counting itself. */
    private static String record(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len++;
        }
        return len + " " + key + "=" + value + "\n";
    }

    private static String truncate(String name) {
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    private static byte[] header(String name, long size, char type) {
        byte[] h = new byte[BLOCK];
        put(h, 0, name.getBytes(StandardCharsets.US_ASCII));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    /** {@code width - 1} octal digits and a NUL. */
    private static void octal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        s = "0".repeat(width - 1 - s.length()) + s;
        put(h, at, s.getBytes(StandardCharsets.US_ASCII));
        h[at + width - 1] = 0;
    }

    private static void put(byte[] h, int at, byte[] b) {
        System.arraycopy(b, 0, h, at, b.length);
    }
}
