package io.dataplug.core.bench;

import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.gzip.GzipIndexer;
import io.dataplug.core.gzip.GzipTestData;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark (not a test): index build speed against {@code gzip -dc > /dev/null} on the same file, in one run.
 *
 * <pre>
 * ./mvnw -q -pl core test-compile
 * ./mvnw -q -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.dataplug.core.bench.GzipIndexBench [file.gz] [--runs N] [--span BYTES] [--mb SIZE] [--jdk]
 * </pre>
 * Without a file it generates a FASTQ-like file of about 200 MB (--mb) and compresses it with {@code gzip -6}
 * (cached in {@code java.io.tmpdir/dataplug-bench}). After one untimed warm-up of each, it runs
 * {@code gzip -dc} and the index build alternately N times (default 5) and prints medians, the ratio of
 * uncompressed MB/s (ours / gzip's), and the index size as a percentage of the compressed object.
 * {@code --jdk} also times {@link GZIPInputStream} (zlib through the JDK) for reference. It also prints a CPU-time
 * ratio (gzip's user+sys time over this JVM's CPU time while indexing), which a busy machine distorts less.
 */
public final class GzipIndexBench {

    private GzipIndexBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        int runs = 5;
        long span = GzipIndex.DEFAULT_SPAN;
        int mb = 200;
        boolean jdk = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--span" -> span = Long.parseLong(args[++i]);
                case "--mb" -> mb = Integer.parseInt(args[++i]);
                case "--jdk" -> jdk = true;
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) {
            file = generate(mb);
        }
        long compressed = Files.size(file);
        System.out.printf(Locale.ROOT, "file: %s (%,d bytes compressed)%n", file, compressed);
        System.out.printf(Locale.ROOT, "java: %s, %d cpus%n", Runtime.version(), Runtime.getRuntime().availableProcessors());

        // warm-up (also learns the uncompressed size)
        GzipIndex index = indexOnce(file, span).index();
        gzipOnce(file);
        long uncompressed = index.uncompressedSize();

        List<Double> gzipSec = new ArrayList<>();
        List<Double> oursSec = new ArrayList<>();
        List<Double> gzipCpu = new ArrayList<>();
        List<Double> oursCpu = new ArrayList<>();
        List<Double> jdkSec = new ArrayList<>();
        GzipIndexer.Result last = null;
        for (int r = 0; r < runs; r++) {
            double c0 = childrenCpuSeconds();
            gzipSec.add(gzipOnce(file));
            gzipCpu.add(childrenCpuSeconds() - c0);
            double p0 = processCpuSeconds();
            long t0 = System.nanoTime();
            last = indexOnce(file, span);
            double s = (System.nanoTime() - t0) / 1e9;
            oursSec.add(s);
            oursCpu.add(processCpuSeconds() - p0);
            System.out.printf(Locale.ROOT, "run %d: gzip -dc %.3f s (cpu %.2f s), index %.3f s (cpu %.2f s)%n", r + 1,
                    gzipSec.get(r), gzipCpu.get(r), s, oursCpu.get(r));
            if (jdk) {
                jdkSec.add(jdkOnce(file));
            }
        }
        double g = median(gzipSec);
        double o = median(oursSec);
        double gMBs = uncompressed / 1e6 / g;
        double oMBs = uncompressed / 1e6 / o;
        int tableBytes = last.index().toBytes().length;
        int windowBytes = last.windows().length;
        System.out.printf(Locale.ROOT, "uncompressed: %,d bytes, members: %d, checkpoints: %d (span %,d)%n",
                uncompressed, last.index().memberCount(), last.index().checkpoints().size(), span);
        System.out.printf(Locale.ROOT, "gzip -dc > /dev/null : median %.3f s = %.1f MB/s (uncompressed)%n", g, gMBs);
        System.out.printf(Locale.ROOT, "GzipIndexer          : median %.3f s = %.1f MB/s (uncompressed)%n", o, oMBs);
        if (jdk) {
            double j = median(jdkSec);
            System.out.printf(Locale.ROOT, "GZIPInputStream (ref): median %.3f s = %.1f MB/s (uncompressed)%n", j,
                    uncompressed / 1e6 / j);
        }
        System.out.printf(Locale.ROOT, "ratio (ours / gzip, uncompressed MB/s): %.3f%n", oMBs / gMBs);
        if (median(gzipCpu) > 0) {
            System.out.printf(Locale.ROOT, "cpu-time ratio (gzip cpu s / our process cpu s, less sensitive to a busy"
                    + " machine): %.3f (medians %.2f s / %.2f s)%n", median(gzipCpu) / median(oursCpu), median(gzipCpu),
                    median(oursCpu));
        }
        System.out.printf(Locale.ROOT, "index: table %,d bytes (%.4f%%), windows %,d bytes (%.3f%%), together %.3f%% of the compressed object%n",
                tableBytes, 100.0 * tableBytes / compressed, windowBytes, 100.0 * windowBytes / compressed,
                100.0 * (tableBytes + windowBytes) / compressed);
    }

    static GzipIndexer.Result indexOnce(Path file, long span) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return GzipIndexer.builder().span(span).build().index(in);
        }
    }

    static double gzipOnce(Path file) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("gzip", "-dc", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int rc = p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IOException("gzip -dc exited with " + rc);
        }
        return s;
    }

    static double jdkOnce(Path file) throws IOException {
        long t0 = System.nanoTime();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 20)) {
            while (in.read(buf) >= 0) {
                // discard
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU time of this JVM (all threads: decoder, GC, JIT). */
    static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return 0;
    }

    /** User + system CPU time of this process's waited-for children (Linux /proc), 0 where unavailable. */
    static double childrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state is f[0] (field 3), cutime is field 16, cstime field 17
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / 100.0; // USER_HZ
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static Path generate(int mb) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "dataplug-bench");
        Files.createDirectories(dir);
        Path gz = dir.resolve("fastq-" + mb + "m.fastq.gz");
        if (Files.exists(gz)) {
            return gz;
        }
        Path tmp = dir.resolve("fastq-" + mb + "m.fastq.gz.tmp");
        System.out.printf("generating %d MB of FASTQ-like data, compressing with gzip -6 into %s%n", mb, gz);
        Process p = new ProcessBuilder("gzip", "-6", "-c").redirectOutput(tmp.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
            GzipTestData.writeFastq(42, (long) mb * 1_000_000, b -> {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (p.waitFor() != 0) {
            throw new IOException("gzip -6 failed");
        }
        Files.move(tmp, gz);
        return gz;
    }
}
