package io.dataplug.core.gzip;

import io.dataplug.core.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Test data generators and external compressor plumbing for the gzip tests (and the benchmark). */
public final class GzipTestData {

    private GzipTestData() {
    }

    /** FASTQ-like text: Illumina-style headers, 150 bp reads, skewed qualities. */
    public static byte[] fastq(long seed, int approxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(approxBytes + 1024);
        writeFastq(seed, approxBytes, out::writeBytes);
        return out.toByteArray();
    }

    /** Streams FASTQ-like records totalling about {@code approxBytes} to {@code out}. */
    public static void writeFastq(long seed, long approxBytes, java.util.function.Consumer<byte[]> out) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] bases = "ACGT".getBytes(StandardCharsets.US_ASCII);
        String quals = "FFFFFFFFFF:::::,,FFFF::F,";
        StringBuilder sb = new StringBuilder(1 << 16);
        long written = 0;
        long n = 0;
        while (written + sb.length() < approxBytes) {
            n++;
            sb.append("@SIM:1:FCX:1:").append(1 + r.nextInt(4)).append(':').append(r.nextInt(30000))
                    .append(':').append(r.nextInt(30000)).append(" 1:N:0:ATCACG\n");
            for (int i = 0; i < 150; i++) {
                sb.append((char) (r.nextInt(100) == 0 ? 'N' : bases[r.nextInt(4)]));
            }
            sb.append("\n+\n");
            for (int i = 0; i < 150; i++) {
                sb.append(i > 140 && r.nextBoolean() ? '#' : quals.charAt(r.nextInt(quals.length())));
            }
            sb.append('\n');
            if (sb.length() > 60000) {
                byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
                out.accept(b);
                written += b.length;
                sb.setLength(0);
            }
        }
        if (sb.length() > 0) {
            out.accept(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Highly repetitive: repeated lines, long single-byte runs, short-period patterns. */
    public static byte[] repetitive(long seed, int bytes) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[bytes];
        int p = 0;
        while (p < bytes) {
            int kind = r.nextInt(4);
            int n = Math.min(bytes - p, 1 + r.nextInt(kind == 0 ? 100_000 : 5000));
            switch (kind) {
                case 0 -> java.util.Arrays.fill(b, p, p + n, (byte) r.nextInt(256));
                case 1 -> {
                    int period = 2 + r.nextInt(7);
                    for (int i = 0; i < n; i++) {
                        b[p + i] = (byte) ('a' + (i % period));
                    }
                }
                case 2 -> {
                    byte[] line = "the same line again and again\n".getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < n; i++) {
                        b[p + i] = line[i % line.length];
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        b[p + i] = (byte) ('A' + r.nextInt(3));
                    }
                }
            }
            p += n;
        }
        return b;
    }

    /** Incompressible bytes (deflaters emit stored blocks). */
    public static byte[] random(long seed, int bytes) {
        byte[] b = new byte[bytes];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Text with incompressible stretches in between. */
    public static byte[] mixed(long seed, int bytes) {
        byte[] text = fastq(seed, bytes);
        byte[] rnd = random(seed + 1, bytes);
        byte[] b = new byte[bytes];
        SplittableRandom r = new SplittableRandom(seed + 2);
        for (int p = 0; p < bytes; ) {
            int n = Math.min(bytes - p, 1000 + r.nextInt(200_000));
            System.arraycopy(r.nextBoolean() ? text : rnd, p, b, p, n);
            p += n;
        }
        return b;
    }

    // ---------------------------------------------------------------------------------------------------
    // Java compressors
    // ---------------------------------------------------------------------------------------------------

    /** {@code gzip -6} if installed, else {@link GZIPOutputStream}. */
    public static byte[] pipeOrJava(byte[] data) {
        return hasTool("gzip") ? pipe(data, "gzip", "-6", "-c") : javaGzip(data);
    }

    public static byte[] javaGzip(byte[] data) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos, 1 << 16)) {
                gz.write(data);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A gzip member made with {@link Deflater} at {@code level} and {@code strategy}, flushing with
     * {@code flushMode} every {@code flushEvery} bytes (small pieces make fixed-Huffman blocks).
     */
    public static byte[] deflaterGzip(byte[] data, int level, int strategy, int flushEvery, int flushMode) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255});
        Deflater def = new Deflater(level, true);
        def.setStrategy(strategy);
        byte[] buf = new byte[1 << 16];
        for (int p = 0; p < data.length; p += flushEvery) {
            def.setInput(data, p, Math.min(flushEvery, data.length - p));
            int n;
            do {
                n = def.deflate(buf, 0, buf.length, flushMode);
                bos.write(buf, 0, n);
            } while (!def.needsInput() || n == buf.length);
        }
        def.finish();
        while (!def.finished()) {
            int n = def.deflate(buf);
            bos.write(buf, 0, n);
        }
        def.end();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        writeIntLE(bos, (int) crc.getValue());
        writeIntLE(bos, data.length);
        return bos.toByteArray();
    }

    /** Concatenated gzip members, one per piece; empty pieces make empty members. */
    public static byte[] multiMember(List<byte[]> pieces) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (byte[] p : pieces) {
            bos.writeBytes(javaGzip(p));
        }
        return bos.toByteArray();
    }

    /** Splits data into pieces of varying size, with some empty ones. */
    public static List<byte[]> pieces(byte[] data, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> list = new ArrayList<>();
        list.add(new byte[0]);
        for (int p = 0; p < data.length; ) {
            int n = Math.min(data.length - p, 1 + r.nextInt(300_000));
            list.add(java.util.Arrays.copyOfRange(data, p, p + n));
            if (r.nextInt(4) == 0) {
                list.add(new byte[0]);
            }
            p += n;
        }
        list.add(new byte[0]);
        return list;
    }

    static void writeIntLE(ByteArrayOutputStream bos, int v) {
        bos.write(v);
        bos.write(v >>> 8);
        bos.write(v >>> 16);
        bos.write(v >>> 24);
    }

    // ---------------------------------------------------------------------------------------------------
    // External tools
    // ---------------------------------------------------------------------------------------------------

    public static boolean hasTool(String name) {
        return ExternalTools.has(name);
    }

    /** Runs {@code cmd} with {@code input} on stdin and returns its stdout; fails on non-zero exit. */
    public static byte[] pipe(byte[] input, String... cmd) {
        return ExternalTools.pipe(input, cmd);
    }

    public static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
