package io.dataplug.core.bench;

import io.dataplug.core.gzip.GzipIndexer;
import io.dataplug.core.gzip.ParallelGzipIndexer;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark (not a test) of gzip indexing (issue 14 items 3 and 4), every figure a ratio against tools run in
 * the same loop on the same file: {@code gztool -i -x} (index with line numbers) and {@code gzip -dc > /dev/null}.
 *
 * <pre>
 * ./mvnw -q -pl core -am test-compile
 * ./mvnw -q -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.dataplug.core.bench.GzipIndexingBench [--mb 128] [--runs 5] [--threads 2] [--warmup 1] [--library-only]
 * </pre>
 * {@code --library-only} times only {@link GzipIndexer} and {@link ParallelGzipIndexer} (no tools, no S3), for
 * quick before/after comparisons; the ratio that item 4 asks for is the row "k threads vs sequential GzipIndexer",
 * the median of per-run ratios.
 * Per run, alternately: {@code gzip -dc}, {@code gztool -i -x}, the fastq-gzip index build through the
 * embedded S3 server (validating every read, as {@code dataplug preprocess} does) in one range (the sequential
 * scan) and as k map tasks over compressed ranges on k workers plus the finalize, the gzip library alone
 * ({@link GzipIndexer} on the file's bytes), and {@link ParallelGzipIndexer} with 1 and with k threads (as
 * many ranges as threads). Prints medians, the ratios, and the index sizes against the compressed object.
 */
public final class GzipIndexingBench {

    private GzipIndexingBench() {
    }

    public static void main(String[] args) throws Exception {
        int mb = 128;
        int runs = 5;
        int threads = 2;
        boolean libraryOnly = false;
        int warmup = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--library-only" -> libraryOnly = true; // only GzipIndexer vs ParallelGzipIndexer
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path gz = GzipIndexBench.generate(mb);
        byte[] compressed = Files.readAllBytes(gz);
        Path gzi = Files.createTempFile("bench-", ".gzi");
        List<Double> gunzip = new ArrayList<>();
        List<Double> gztool = new ArrayList<>();
        List<Double> fastqGzip = new ArrayList<>();
        List<Double> fastqGzipRanges = new ArrayList<>();
        List<Double> library = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        List<Double> oneCpu = new ArrayList<>();
        List<Double> manyCpu = new ArrayList<>();
        List<Double> oneVsLibrary = new ArrayList<>();
        List<Double> manyVsLibrary = new ArrayList<>();
        long indexBytes = 0;
        long libraryBytes = 0;
        boolean parallelPath = true;
        GzipIndexer.Result seq = null;
        try (EmbeddedS3 s3 = new EmbeddedS3()) {
            for (int r = -warmup; r < runs; r++) { // runs before 0 warm up
                double[] t = libraryOnly ? new double[5] : toolsAndPipelines(s3, gz, gzi, compressed, threads, r);
                double a = t[0];
                double b = t[1];
                double c = t[2];
                double cr = t[3];
                GzipIndexer.Result[] lib = new GzipIndexer.Result[1];
                double d = time(() -> lib[0] = GzipIndexer.create().index(new ByteArrayInputStream(compressed)));
                ParallelGzipIndexer.Outcome[] o = new ParallelGzipIndexer.Outcome[2];
                double cpu0 = GzipIndexBench.processCpuSeconds();
                double e = time(() -> o[0] = ParallelGzipIndexer.of(1).index(compressed));
                double cpu1 = GzipIndexBench.processCpuSeconds();
                int k = threads;
                double f = time(() -> o[1] = ParallelGzipIndexer.of(k).index(compressed));
                double cpu2 = GzipIndexBench.processCpuSeconds();
                parallelPath &= o[1].parallel();
                if (!Arrays.equals(o[1].result().windows(), lib[0].windows())
                        || !o[1].result().index().equals(lib[0].index())) {
                    throw new IllegalStateException("parallel index differs from the sequential one");
                }
                if (r >= 0) {
                    gunzip.add(a);
                    gztool.add(b);
                    fastqGzip.add(c);
                    fastqGzipRanges.add(cr);
                    library.add(d);
                    one.add(e);
                    many.add(f);
                    oneCpu.add(cpu1 - cpu0);
                    manyCpu.add(cpu2 - cpu1);
                    oneVsLibrary.add(d / e);
                    manyVsLibrary.add(d / f);
                    System.out.printf(Locale.ROOT, "run %d: gzip -dc %.3f s, gztool -i -x %.3f s, fastq-gzip via S3 %.3f s,"
                            + " in %d ranges %.3f s, library %.3f s, parallel 1: %.3f s, parallel %d: %.3f s%n", r + 1, a, b, c,
                            k, cr, d, e, k, f);
                }
                indexBytes = (long) t[4];
                seq = lib[0];
            }
        } finally {
            Files.deleteIfExists(gzi);
        }
        double u = seq.index().uncompressedSize() / 1e6;
        System.out.printf(Locale.ROOT, "%n%s: %.1f MB compressed, %.1f MB FASTQ, %d cpus, medians of %d runs%n", gz,
                compressed.length / 1e6, u, Runtime.getRuntime().availableProcessors(), runs);
        System.out.println("| what | median s | uncompressed MB/s | vs `gztool -i -x` | vs `gzip -dc` |");
        System.out.println("|---|---|---|---|---|");
        if (!libraryOnly) {
            row("`gzip -dc > /dev/null`", gunzip, u, gztool, gunzip);
            row("`gztool -i -x` (local file)", gztool, u, gztool, gunzip);
            row("fastq-gzip index build through S3, every read validated", fastqGzip, u, gztool, gunzip);
            row("fastq-gzip through S3, " + threads + " map tasks over compressed ranges + finalize", fastqGzipRanges, u,
                    gztool, gunzip);
        }
        row("GzipIndexer alone (bytes in memory)", library, u, gztool, gunzip);
        row("ParallelGzipIndexer, 1 thread", one, u, gztool, gunzip);
        row("ParallelGzipIndexer, " + threads + " threads", many, u, gztool, gunzip);
        // the honest figure for item 4: against the sequential indexer, per-run ratios (same run, same machine state)
        System.out.printf(Locale.ROOT, "ParallelGzipIndexer %d threads vs sequential GzipIndexer: %.2fx (goal %.1fx);"
                + " 1 thread vs sequential GzipIndexer: %.2fx (medians of per-run ratios)%n", threads,
                GzipIndexBench.median(manyVsLibrary), 0.7 * threads, GzipIndexBench.median(oneVsLibrary));
        System.out.printf(Locale.ROOT, "%d threads vs 1 thread: %.2fx wall (goal %.1fx); CPU time 1 thread %.2f s, %d"
                + " threads %.2f s together (work efficiency %.2f); parallel path taken: %s%n", threads,
                GzipIndexBench.median(one) / GzipIndexBench.median(many), 0.7 * threads, GzipIndexBench.median(oneCpu), threads, GzipIndexBench.median(manyCpu),
                GzipIndexBench.median(oneCpu) / GzipIndexBench.median(manyCpu), parallelPath);
        System.out.printf(Locale.ROOT, "index size: fastq-gzip metadata %,d bytes = %.3f%% of the object; library"
                + " table + windows %,d bytes = %.3f%%; gztool -x index %,d bytes%n", indexBytes,
                100.0 * indexBytes / compressed.length, libraryBytes = seq.index().toBytes().length + seq.windows().length,
                100.0 * libraryBytes / compressed.length, gztoolSize(gz));
    }

    /**
     * One run of {@code gzip -dc}, {@code gztool -i -x}, the fastq-gzip build through S3 in one task and in k map
     * tasks: their seconds, then the size of the fastq-gzip metadata.
     */
    private static double[] toolsAndPipelines(EmbeddedS3 s3, Path gz, Path gzi, byte[] compressed, int workers, int r)
            throws Exception {
        double a = time(() -> exec("sh", "-c", "gzip -dc '" + gz + "' > /dev/null"));
        double b = time(() -> exec("gztool", "-i", "-x", "-f", "-I", gzi.toString(), gz.toString()));
        long[] size = new long[1];
        double c;
        // the default, decode=sequential: one task decodes the object once
        try (Pipeline p = Pipeline.s3(s3, "bench/gz-" + r + "-" + System.nanoTime() + "/").chunkSize(compressed.length)) {
            ObjectLocation loc = p.put("reads.fq.gz", compressed);
            c = time(() -> p.preprocess("fastq-gzip", Map.of(), loc));
            size[0] = p.store().list(p.metadataRoot()).filter(o -> !o.location().key().contains("/chunks/"))
                    .mapToLong(ObjectInfo::size).sum();
        }
        // k map tasks over compressed ranges (k workers), then the finalize
        double cr;
        try (Pipeline p = Pipeline.s3(s3, "bench/gzr-" + r + "-" + System.nanoTime() + "/")
                .chunkSize((compressed.length + workers - 1) / workers).workers(workers)) {
            ObjectLocation loc = p.put("reads.fq.gz", compressed);
            cr = time(() -> p.preprocess("fastq-gzip", Map.of("decode", "ranges"), loc));
        }
        return new double[] {a, b, c, cr, size[0]};
    }

    private static long gztoolSize(Path gz) throws Exception {
        Path gzi = Files.createTempFile("bench-", ".gzi");
        try {
            exec("gztool", "-i", "-x", "-f", "-I", gzi.toString(), gz.toString());
            return Files.size(gzi);
        } finally {
            Files.deleteIfExists(gzi);
        }
    }

    private static void row(String what, List<Double> s, double mb, List<Double> gztool, List<Double> gunzip) {
        double m = GzipIndexBench.median(s);
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.0f | %s | %s |%n", what, m, mb / m, ratio(gztool, m),
                ratio(gunzip, m));
    }

    /** The tool's median over {@code m}, or "n/a" where the tool was not run ({@code --library-only}). */
    private static String ratio(List<Double> tool, double m) {
        double t = GzipIndexBench.median(tool);
        return t == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", t / m);
    }

    interface Step {
        void run() throws Exception;
    }

    private static double time(Step s) throws Exception {
        long t0 = System.nanoTime();
        s.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue());
        }
    }
}
