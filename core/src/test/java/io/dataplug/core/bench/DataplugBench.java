package io.dataplug.core.bench;

import io.dataplug.core.exec.LocalExecutionBackend;
import io.dataplug.core.exec.MarkerLookup;
import io.dataplug.core.exec.Preprocessor;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.ReadPolicy;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.LatencyStore;
import io.dataplug.core.testing.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Data-plane benchmark against the embedded S3 server (real HTTP on loopback), in one run. Per format and run,
 * with a fresh metadata prefix: a plain GET of the object, preprocessing through the CLI's code path, a second plain
 * GET (the baseline is the mean of the two), then all slices of one partitioning evaluated one after the other and on
 * a pool of threads. Every
 * figure is also given as a ratio against the plain GET of the same run; tables show medians over the runs, which
 * follow {@code --warmup} runs per row (default 1) whose figures are dropped (JIT, class loading, connections).
 * Before any row, {@code --warm-objects} small objects (default 200) of each row's format are preprocessed one by one,
 * so that the requests a preprocess makes besides its read (HEAD, marker check, marker write) run compiled code, as in
 * a long-running operator or a worker that has run a few hundred tasks; {@code --warm-objects 0} measures a fresh JVM,
 * where those requests still run in the interpreter (5-20 ms each on this machine instead of 1-2 ms). Every pipeline
 * shares one S3 client, as the runs of one CLI process and the tasks of one worker pod do (a client's first requests
 * cost a few ms more); {@code --fresh-clients} gives each pipeline its own, as this bench did until 2026-12-02.
 * Preprocessing uses {@code --chunk-mb} chunks (default 16, so a 64 MiB object is 4 map tasks on 2 workers; production's
 * default is 64). A second table gives the whole process's CPU time during the GETs and the preprocess (the
 * embedded server's included), and the bound it sets on the ratio when the cores are busy (see {@link #printCpu}).
 * With {@code --latency-ms}, every request waits that long before it is made ({@link LatencyStore}), as one to object
 * storage waits for its first byte: what requests made one after another cost there, which loopback hides.
 * Then (unless {@code --skip-fixed}) the fixed cost: a 64 KiB object preprocessed against a GET of it,
 * and a dataset of 200 such objects preprocessed on 2 workers against GETs of them on 2 threads.
 * Then the scale of plans: a partitioning into {@code --plan-slices} slices and its manifest written to the
 * metadata store. Then (unless {@code --skip-gzip}) fastq-gzip against {@code gzip -dc}.
 *
 * <pre>./mvnw -q -o -pl core -am test-compile -DskipTests
 * ./mvnw -q -o -pl core exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dataplug.core.bench.DataplugBench -Dexec.args="--size-mb 64 --runs 5"</pre>
 */
public final class DataplugBench {

    record Case(String label, String format, Map<String, String> options, String strategy, Map<String, String> params,
                LongFunction<byte[]> data) {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = 64;
        int runs = 5;
        int slices = 16;
        int threads = 4;
        int planSlices = 100_000;
        int warmup = 1;
        int warmObjects = 200;
        boolean gzip = true;
        boolean plans = true;
        boolean fixed = true;
        int chunkMb = 16;
        String only = null;
        boolean freshClients = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]); // runs per format before the measured ones
                case "--warm-objects" -> warmObjects = Integer.parseInt(args[++i]); // small preprocesses per format first
                case "--slices" -> slices = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--plan-slices" -> planSlices = Integer.parseInt(args[++i]);
                case "--skip-gzip" -> gzip = false;
                case "--skip-plans" -> plans = false;
                case "--skip-fixed" -> fixed = false;
                case "--chunk-mb" -> chunkMb = Integer.parseInt(args[++i]); // preprocessing chunk size (production: 64)
                case "--only" -> only = args[++i]; // one row by its label, e.g. to alternate two builds
                case "--fresh-clients" -> freshClients = true;
                case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]); // each request waits this long first

                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long size = (long) sizeMb << 20;
        Map<String, String> count = Map.of("count", Integer.toString(slices));
        List<Case> cases = List.of(
                new Case("text", "text", Map.of(), "chunks", count, DataplugBench::text),
                new Case("text, index=header-only", "text", Map.of("index", "header-only"), "chunks", count, DataplugBench::text),
                new Case("csv", "csv", Map.of(), "chunks", count, DataplugBench::csv),
                new Case("fasta", "fasta", Map.of(), "chunks", count, DataplugBench::fasta),
                new Case("fastq", "fastq", Map.of(), "reads-batches", count, DataplugBench::fastq),
                new Case("vcf", "vcf", Map.of(), "chunks", count, DataplugBench::vcf),
                new Case("vcf, index=header-only", "vcf", Map.of("index", "header-only"), "chunks", count, DataplugBench::vcf));
        System.out.printf(Locale.ROOT, "Dataplug data-plane benchmark: %d MiB objects, %d runs each after %d warm-up run(s) "
                + "(not in the medians), medians; %d cores, load average %.1f at start%n", sizeMb, runs, warmup,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        if (freshClients && latencyMs > 0) {
            throw new IllegalArgumentException("--latency-ms needs the shared clients: leave out --fresh-clients");
        }
        clients = freshClients ? null : stores();
        try (EmbeddedS3 s3 = new EmbeddedS3()) {
            warmUp(s3, cases, only, warmObjects);
            System.out.println();
            System.out.printf(Locale.ROOT, "| format | plain GET MB/s | preprocess MB/s | ratio vs GET | %d slices, sequential MB/s"
                    + " | ratio vs GET | %d slices, %d threads MB/s | ratio vs GET |%n", slices, slices, threads);
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Case c : cases) {
                if (only != null && !only.equals(c.label())) {
                    continue;
                }
                if (!Formats.all().containsKey(c.format())) {
                    System.out.println("| " + c.label() + " | (format not on the classpath) | | | | | | |");
                    continue;
                }
                try {
                    run(s3, c, size, runs, warmup, pool, (long) chunkMb << 20);
                } catch (RuntimeException e) { // e.g. an option this build does not know
                    System.out.println("| " + c.label() + " | " + e.getClass().getSimpleName() + ": "
                            + e.getMessage().lines().findFirst().orElse("") + " | | | | | | |");
                }
            }
            printCpu();
            if (fixed) {
                System.out.println();
                fixedCosts(s3, cases, only, runs);
                System.out.println();
                manySmallObjects(s3, runs);
            }
            if (plans) {
                System.out.println();
                planScale(s3, text(size), planSlices, runs);
            }
            if (gzip) {
                System.out.println();
                gzipCase(s3, fastq(size), runs);
            }
        } finally {
            pool.shutdown();
            if (clients != null) {
                clients.close();
            }
        }
    }

    /**
     * The S3 clients every pipeline of the run shares, as the CLI's runs in one process or a worker pod's tasks share
     * theirs; null with {@code --fresh-clients} (each pipeline builds its own, as this bench did before).
     */
    private static StoreCache clients;

    /** With {@code --latency-ms}, every request of every pipeline (and of the GETs they are compared with) waits first. */
    private static long latencyMs;

    /** S3 clients, each request delayed by {@link #latencyMs} when it is set. */
    private static StoreCache stores() {
        return latencyMs == 0 ? new StoreCache() : new StoreCache(o -> new LatencyStore(new ObjectStores(o), latencyMs));
    }

    private static Pipeline pipeline(EmbeddedS3 s3, String prefix) {
        return clients == null ? Pipeline.s3(s3, prefix) : Pipeline.s3(s3, prefix, clients);
    }

    /**
     * Preprocesses {@code n} small objects of each row's format one by one, each as its own dataset, so that the
     * requests around a read are compiled before anything is measured; prints how long the first and the last took.
     */
    private static void warmUp(EmbeddedS3 s3, List<Case> cases, String only, int n) {
        if (n < 1) {
            System.out.println("No warm-up (--warm-objects 0): the requests besides the reads run in a fresh JVM.");
            return;
        }
        long t0 = System.nanoTime();
        double first = 0;
        double last = 0;
        for (Case c : cases) {
            if (only != null && !only.equals(c.label()) || !Formats.all().containsKey(c.format())) {
                continue;
            }
            byte[] data = c.data().apply(64 << 10);
            try (Pipeline p = pipeline(s3, "bench/warm-" + c.format() + "-" + System.nanoTime() + "/").chunkSize(64 << 20)) {
                for (int i = 0; i < n; i++) {
                    ObjectLocation loc = p.put("object-" + i, data);
                    long t = System.nanoTime();
                    p.preprocess(c.format(), c.options(), loc);
                    last = secs(t) * 1e3;
                    if (first == 0) {
                        first = last;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "Warm-up: %d small objects of each format preprocessed one by one first, %.1f s "
                + "(the first took %.1f ms, the last %.1f ms).%n", n, secs(t0), first, last);
    }

    /**
     * Scale of plans: partition a text object into {@code n} slices and write the manifest (JSON Lines) to the
     * metadata store the way production does ({@code putStreamed} + {@code Manifest.write}); seconds, medians.
     */
    private static void planScale(EmbeddedS3 s3, byte[] data, int n, int runs) throws Exception {
        System.out.printf(Locale.ROOT, "Plans: %,d slices of a %.0f MB text object, partitioned and written as a manifest "
                + "to the metadata store; seconds, medians of %d after one run not counted%n", n, data.length / 1e6, runs);
        System.out.println("| index | partition s | manifest written s | total s | manifest MB | manifest written, CPU s |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map<String, String> options : List.of(Map.<String, String>of(), Map.of("index", "header-only"))) {
            double[] plan = new double[runs];
            double[] write = new double[runs];
            double[] total = new double[runs];
            double[] cpu = new double[runs];
            long bytes = 0;
            try {
                for (int r = -1; r < runs; r++) { // run -1 warms the JIT up (a long-running operator is warm) and is not counted
                    try (Pipeline p = pipeline(s3, "bench/plan-" + r + "-" + System.nanoTime() + "/").chunkSize(16 << 20)) {
                        List<ObjectInfo> infos = p.preprocess("text", options, p.put("object", data));
                        long t0 = System.nanoTime();
                        List<Slice> slices = p.partition("text", options, infos, "chunks", Map.of("count", Integer.toString(n)));
                        double planned = secs(t0);
                        long t1 = System.nanoTime();
                        long c1 = processCpuNanos();
                        // as the operator publishes a bucket manifest (and the CLI a file): streamed while serialized
                        ObjectLocation manifest = p.metadataRoot().resolve("manifest.jsonl");
                        p.store().putStreamed(manifest, out -> Manifest.write(slices, out));
                        double written = secs(t1);
                        double both = secs(t0);
                        double cpuWritten = (processCpuNanos() - c1) / 1e9;
                        bytes = p.store().head(manifest).size();
                        if (slices.size() != n) {
                            throw new IllegalStateException("expected " + n + " slices, got " + slices.size());
                        }
                        if (r >= 0) {
                            plan[r] = planned;
                            write[r] = written;
                            total[r] = both;
                            cpu[r] = cpuWritten;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f | %.2f |%n", options.getOrDefault("index", "checkpoints"),
                        median(plan), median(write), median(total), bytes / 1e6, median(cpu));
            } catch (RuntimeException e) {
                System.out.println("| " + options + " | " + e.getClass().getSimpleName() + " | | | | |");
            }
        }
    }

    /**
     * CPU time of this process, all threads: the writer, the upload threads and the embedded S3 server, which share
     * the machine's cores with whatever else runs (so, unlike wall time, hardly moved by other load).
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * fastq-gzip: index build against {@code gzip -dc > /dev/null} on the same file, and all slices of a
     * 16-slice partitioning against a plain GET piped through {@code gzip -dc}. Uncompressed MB/s throughout.
     */
    private static void gzipCase(EmbeddedS3 s3, byte[] plain, int runs) throws Exception {
        Path dir = Files.createTempDirectory("dataplug-bench-");
        Path fq = dir.resolve("reads.fq");
        Files.write(fq, plain);
        Path gz = dir.resolve("reads.fq.gz");
        if (new ProcessBuilder("sh", "-c", "gzip -6 -c '" + fq + "' > '" + gz + "'").start().waitFor() != 0) {
            System.out.println("fastq-gzip: gzip not available, skipped");
            return;
        }
        byte[] compressed = Files.readAllBytes(gz);
        double mb = plain.length / 1e6;
        double[] gunzip = new double[runs];
        double[] index = new double[runs];
        double[] getGunzip = new double[runs];
        double[] slices = new double[runs];
        long indexBytes = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            if (new ProcessBuilder("sh", "-c", "gzip -dc '" + gz + "' > /dev/null").start().waitFor() != 0) {
                throw new IllegalStateException("gzip -dc failed");
            }
            gunzip[r] = mb / secs(t0);
            try (Pipeline p = pipeline(s3, "bench/fastq-gzip-" + r + "-" + System.nanoTime() + "/")) {
                ObjectLocation loc = p.put("reads.fq.gz", compressed);
                t0 = System.nanoTime();
                List<ObjectInfo> infos = p.preprocess("fastq-gzip", Map.of(), loc);
                index[r] = mb / secs(t0);
                indexBytes = p.store().list(p.metadataRoot()).filter(o -> !o.location().key().contains("/chunks/"))
                        .mapToLong(ObjectInfo::size).sum();
                t0 = System.nanoTime();
                Process gunzipProc = new ProcessBuilder("sh", "-c", "gzip -dc > /dev/null").start();
                try (InputStream in = p.store().open(loc, 0, compressed.length, infos.get(0).etag());
                     OutputStream out = gunzipProc.getOutputStream()) {
                    in.transferTo(out);
                }
                if (gunzipProc.waitFor() != 0) {
                    throw new IllegalStateException("gzip -dc failed");
                }
                getGunzip[r] = mb / secs(t0);
                List<Slice> parts = p.partition("fastq-gzip", Map.of(), infos, "reads-batches", Map.of("count", "16"));
                t0 = System.nanoTime();
                long total = 0;
                for (Slice sl : parts) {
                    total += p.evaluate(sl).length;
                }
                slices[r] = mb / secs(t0);
                if (total != plain.length) {
                    throw new IllegalStateException("fastq-gzip: slices hold " + total + " bytes, expected " + plain.length);
                }
            }
        }
        System.out.printf(Locale.ROOT, "fastq-gzip (%.0f MB compressed with gzip -6 to %.1f MB), uncompressed MB/s, medians of %d:%n",
                mb, compressed.length / 1e6, runs);
        System.out.println("| index build | gzip -dc > /dev/null | ratio | 16 slices, sequential | GET + gzip -dc | ratio | index size (% of object) |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f%% |%n", median(index), median(gunzip),
                median(index) / median(gunzip), median(slices), median(getGunzip), median(slices) / median(getGunzip),
                100.0 * indexBytes / compressed.length);
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** One row: {@code warmup} runs whose figures are dropped (JIT, class loading, connections), then {@code runs} measured. */
    private static void run(EmbeddedS3 s3, Case c, long size, int runs, int warmup, ExecutorService pool, long chunkSize)
            throws Exception {
        byte[] data = c.data().apply(size);
        double[][] measured = new double[runs][];
        for (int r = -warmup; r < runs; r++) {
            double[] one = runOnce(s3, c, data, r, pool, chunkSize);
            if (r >= 0) {
                measured[r] = one;
            }
        }
        double[] get = column(measured, 0);
        double[] prep = column(measured, 1);
        double[] seq = column(measured, 2);
        double[] par = column(measured, 3);
        double[] prepRatio = new double[runs];
        double[] seqRatio = new double[runs];
        double[] parRatio = new double[runs];
        for (int r = 0; r < runs; r++) {
            prepRatio[r] = prep[r] / get[r];
            seqRatio[r] = seq[r] / get[r];
            parRatio[r] = par[r] / get[r];
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f |%n", c.label(), median(get),
                median(prep), median(prepRatio), median(seq), median(seqRatio), median(par), median(parRatio));
        double getWall = median(column(measured, 4));
        double getCpu = median(column(measured, 5));
        double prepWall = median(column(measured, 6));
        double prepCpu = median(column(measured, 7));
        double parWall = median(column(measured, 8));
        double parCpu = median(column(measured, 9));
        CPU_ROWS.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f (%.1f) | %.0f | %.0f (%.1f) | %.0f | %.2f | %.0f | %.0f (%.1f) "
                + "| %.2f |", c.label(), getWall, getCpu, getCpu / getWall, prepWall, prepCpu, prepCpu / prepWall, prepCpu - getCpu,
                getCpu / prepCpu, parWall, parCpu, parCpu / parWall, getCpu / parCpu));
    }

    /** The rows of the CPU table, printed after the main one (see {@link #printCpu}). */
    private static final List<String> CPU_ROWS = new ArrayList<>();

    /**
     * Where the time goes: the whole process's CPU time (the embedded server's, the SDK's and the tasks') during the
     * GET, the preprocess and the slices evaluated on threads. When both keep the cores busy, the preprocess cannot take less than its CPU time
     * over the cores, and "GET CPU ÷ preprocess CPU" bounds its ratio to the GET; the difference is the CPU the
     * preprocess spends beyond the transfer (its scan, copies, other requests, collections).
     */
    private static void printCpu() {
        if (CPU_ROWS.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("CPU time of the whole process (server included; counted in 10 ms ticks), ms per run, medians; in "
                + "brackets, cores busy:");
        System.out.println("| format | GET wall | GET CPU (cores) | preprocess wall | preprocess CPU (cores) | preprocess CPU - GET CPU "
                + "| GET CPU ÷ preprocess CPU | slices on threads wall | their CPU (cores) | GET CPU ÷ their CPU |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        CPU_ROWS.forEach(System.out::println);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double[] column(double[][] rows, int i) {
        return Arrays.stream(rows).mapToDouble(row -> row[i]).toArray();
    }

    /** One run with a fresh metadata prefix; MB/s of the plain GET, preprocessing, sequential and parallel slices. */
    private static double[] runOnce(EmbeddedS3 s3, Case c, byte[] data, int r, ExecutorService pool, long chunkSize)
            throws Exception {
        double mb = data.length / 1e6;
        try (Pipeline p = pipeline(s3, "bench/" + c.format() + "-" + r + "-" + System.nanoTime() + "/").chunkSize(chunkSize);
             StoreCache stores = stores()) {
            // Slices stream into a counter, as the GET does into a null stream (no byte[] to build per slice).
            SliceEvaluator evaluator = new SliceEvaluator(stores, p.storage(), ReadPolicy.REMOTE);
            ObjectLocation loc = p.put("object", data);
            String etag = p.store().head(loc).etag();
            stores.get(p.storage()).head(loc); // the evaluator's S3 client is built before timing, as the GET's is
            // Generating and uploading the object leaves garbage (tens of MB) whose collection would otherwise land in
            // whichever timed section comes next; the sections' own garbage is still theirs.
            System.gc();
            long cpu0 = cpuNanos();
            double getSecs = timedGet(p, loc, data.length, etag);
            long getCpu = cpuNanos() - cpu0;
            long t0 = System.nanoTime();
            cpu0 = cpuNanos();
            List<ObjectInfo> infos = p.preprocess(c.format(), c.options(), loc);
            double prepSecs = secs(t0);
            long prepCpu = cpuNanos() - cpu0;
            // The baseline is the mean of a GET just before and one just after: the machine's drift between them
            // (this 2-core VM's GET moves by tens of percent from minute to minute) is shared out evenly.
            cpu0 = cpuNanos();
            getSecs = (getSecs + timedGet(p, loc, data.length, etag)) / 2;
            getCpu += cpuNanos() - cpu0;
            double get = mb / getSecs;
            double prep = mb / prepSecs;
            List<Slice> slices = p.partition(c.format(), c.options(), infos, c.strategy(), c.params());
            t0 = System.nanoTime();
            long total = 0;
            for (Slice s : slices) {
                total += evaluate(evaluator, s);
            }
            double seq = mb / secs(t0);
            if (total < data.length) {
                throw new IllegalStateException(c.label() + ": slices hold " + total + " bytes, object " + data.length);
            }
            // A fresh evaluator (same warm client): what the sequential pass kept (shared header lines) does not count.
            SliceEvaluator fresh = new SliceEvaluator(stores, p.storage(), ReadPolicy.REMOTE);
            t0 = System.nanoTime();
            cpu0 = cpuNanos();
            List<Future<Long>> done = new ArrayList<>();
            for (Slice s : slices) {
                done.add(pool.submit(() -> evaluate(fresh, s)));
            }
            long parTotal = 0;
            for (Future<Long> f : done) {
                parTotal += f.get();
            }
            double parSecs = secs(t0);
            long parCpu = cpuNanos() - cpu0;
            double par = mb / parSecs;
            if (parTotal != total) {
                throw new IllegalStateException(c.label() + ": parallel evaluation gave " + parTotal + " bytes, sequential " + total);
            }
            return new double[] {get, prep, seq, par, getSecs * 1e3, getCpu / 2e6, prepSecs * 1e3, prepCpu / 1e6,
                parSecs * 1e3, parCpu / 1e6};
        }
    }

    /** Seconds to GET {@code [0, size)} of {@code loc} into a null stream. */
    private static double timedGet(Pipeline p, ObjectLocation loc, long size, String etag) throws IOException {
        long t0 = System.nanoTime();
        try (InputStream in = p.store().open(loc, 0, size, etag)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return secs(t0);
    }

    /**
     * The fixed cost of preprocessing, whatever the size: a 64 KiB object of each format preprocessed (its data is
     * read in one short GET, so what is left is the round trips: marker, lookups, index, marker write) against a
     * plain GET of it, ms; the ratio says how many GETs' worth of waiting a preprocess is.
     */
    private static void fixedCosts(EmbeddedS3 s3, List<Case> cases, String only, int runs) throws Exception {
        System.out.printf(Locale.ROOT, "Fixed cost: a 64 KiB object preprocessed (default 64 MiB chunks, so one task) against a "
                + "plain GET of it, ms, medians of %d after one run not counted%n", runs);
        System.out.println("| format | GET ms | preprocess ms | preprocess / GET |");
        System.out.println("|---|---|---|---|");
        for (Case c : cases) {
            if (only != null && !only.equals(c.label()) || !Formats.all().containsKey(c.format())) {
                continue;
            }
            byte[] data = c.data().apply(64 << 10); // whole records, a little over 64 KiB
            double[] get = new double[runs];
            double[] prep = new double[runs];
            double[] ratio = new double[runs];
            for (int r = -1; r < runs; r++) {
                try (Pipeline p = pipeline(s3, "bench/fixed-" + c.format() + "-" + r + "-" + System.nanoTime() + "/")
                        .chunkSize(64 << 20)) {
                    ObjectLocation loc = p.put("object", data);
                    String etag = p.store().head(loc).etag();
                    long t0 = System.nanoTime();
                    try (InputStream in = p.store().open(loc, 0, data.length, etag)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    double g = secs(t0) * 1e3;
                    t0 = System.nanoTime();
                    p.preprocess(c.format(), c.options(), loc);
                    double pr = secs(t0) * 1e3;
                    if (r >= 0) {
                        get[r] = g;
                        prep[r] = pr;
                        ratio[r] = pr / g;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", c.label(), median(get), median(prep), median(ratio));
        }
    }

    /**
     * A dataset of many small objects (200 text objects of 64 KiB, as one run of a CLI or a map job): preprocessed on 2
     * workers against plain GETs of the same objects on 2 threads. What is left after the reads is the requests each
     * object waits for in sequence (the planner lists the metadata's object folders once instead of a marker check each).
     */
    private static void manySmallObjects(EmbeddedS3 s3, int runs) throws Exception {
        int objects = 200;
        System.out.printf(Locale.ROOT, "Many small objects: %d text objects of 64 KiB preprocessed on 2 workers against GETs "
                + "of them on 2 threads, medians of %d after one run not counted%n", objects, runs);
        byte[] data = text(64 << 10);
        double[] get = new double[runs];
        double[] prep = new double[runs];
        double[] ratio = new double[runs];
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int r = -1; r < runs; r++) {
                try (Pipeline p = pipeline(s3, "bench/many-" + r + "-" + System.nanoTime() + "/").chunkSize(64 << 20)
                        .workers(2)) {
                    ObjectLocation[] locs = new ObjectLocation[objects];
                    String[] etags = new String[objects];
                    for (int i = 0; i < objects; i++) {
                        locs[i] = p.put("o" + i, data);
                        etags[i] = p.store().head(locs[i]).etag();
                    }
                    System.gc();
                    long t0 = System.nanoTime();
                    List<Future<?>> reads = new ArrayList<>();
                    for (int i = 0; i < objects; i++) {
                        int k = i;
                        reads.add(two.submit(() -> {
                            try (InputStream in = p.store().open(locs[k], 0, data.length, etags[k])) {
                                in.transferTo(OutputStream.nullOutputStream());
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : reads) {
                        f.get();
                    }
                    double g = secs(t0);
                    t0 = System.nanoTime();
                    // as the CLI and the operator do: the objects come from one listing of their prefix, not a HEAD each
                    String key = locs[0].key();
                    List<ObjectInfo> listed;
                    try (var all = p.store().list(new ObjectLocation(locs[0].scheme(), locs[0].bucket(),
                            key.substring(0, key.lastIndexOf('/') + 1)))) {
                        listed = all.toList();
                    }
                    new Preprocessor(new LocalExecutionBackend(p.taskRunner(MarkerLookup.BEFORE_SIDE_WRITES), 2)).preprocess(Formats.get("text"),
                            Params.parse(Formats.get("text").options(), Map.of(), "text"), listed, p.storage(), p.metadata(),
                            64 << 20, b -> { });
                    double pr = secs(t0);
                    if (listed.size() != objects) {
                        throw new IllegalStateException("listed " + listed.size() + " objects, put " + objects);
                    }
                    if (r >= 0) {
                        get[r] = objects / g;
                        prep[r] = objects / pr;
                        ratio[r] = g / pr;
                    }
                }
            }
        } finally {
            two.shutdownNow();
        }
        System.out.println("| GET objects/s | preprocess objects/s | ratio vs GET |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| %.0f | %.0f | %.2f |%n", median(get), median(prep), median(ratio));
    }

    /** Evaluates one slice into a byte counter; returns its length. */
    private static long evaluate(SliceEvaluator evaluator, Slice slice) throws IOException {
        long[] n = new long[1];
        evaluator.evaluate(slice, new OutputStream() {
            @Override
            public void write(int b) {
                n[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                n[0] += len;
            }
        });
        return n[0];
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static byte[] text(long size) {
        Random rnd = new Random(1);
        StringBuilder sb = new StringBuilder((int) size + 200);
        while (sb.length() < size) {
            int words = 3 + rnd.nextInt(20);
            for (int w = 0; w < words; w++) {
                sb.append(w == 0 ? "" : " ").append(Long.toString(rnd.nextLong() & 0xffffffL, 36));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] csv(long size) {
        Random rnd = new Random(2);
        StringBuilder sb = new StringBuilder((int) size + 200);
        sb.append("id,name,comment,value\n");
        for (long id = 0; sb.length() < size; id++) {
            sb.append(id).append(",name").append(rnd.nextInt(1000)).append(',');
            if (rnd.nextInt(10) == 0) {
                sb.append("\"quoted, with \"\"quotes\"\"\nand a newline\"");
            } else {
                sb.append("plain comment ").append(rnd.nextInt());
            }
            sb.append(',').append(rnd.nextDouble()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] fastq(long size) {
        Random rnd = new Random(4);
        byte[] bases = "ACGT".getBytes(StandardCharsets.US_ASCII);
        StringBuilder sb = new StringBuilder((int) size + 400);
        for (long id = 0; sb.length() < size; id++) {
            sb.append("@read").append(id).append("/1\n");
            for (int i = 0; i < 150; i++) {
                sb.append((char) bases[rnd.nextInt(4)]);
            }
            sb.append("\n+\n");
            for (int i = 0; i < 150; i++) {
                sb.append((char) ('5' + rnd.nextInt(10)));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] vcf(long size) {
        Random rnd = new Random(5);
        StringBuilder sb = new StringBuilder((int) size + 400);
        sb.append("##fileformat=VCFv4.2\n##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n")
                .append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        String[] b = {"A", "C", "G", "T"};
        for (int chr = 1; sb.length() < size; chr++) {
            long pos = 0;
            for (int i = 0; i < 200_000 && sb.length() < size; i++) {
                pos += 1 + rnd.nextInt(300);
                sb.append("chr").append(chr).append('\t').append(pos).append("\t.\t").append(b[rnd.nextInt(4)]).append('\t')
                        .append(b[rnd.nextInt(4)]).append('\t').append(rnd.nextInt(100)).append("\tPASS\tDP=")
                        .append(rnd.nextInt(80)).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] fasta(long size) {
        Random rnd = new Random(3);
        byte[] bases = "ACGT".getBytes(StandardCharsets.US_ASCII);
        StringBuilder sb = new StringBuilder((int) size + 200);
        for (int rec = 0; sb.length() < size; rec++) {
            sb.append(">chr").append(rec).append(" synthetic contig\n");
            int len = 1_000_000 + rnd.nextInt(4_000_000);
            for (int i = 0; i < len; i++) {
                sb.append((char) bases[rnd.nextInt(4)]);
                if (i % 60 == 59 || i == len - 1) {
                    sb.append('\n');
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
