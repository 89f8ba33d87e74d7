package io.dataplug.core.bench;

import io.dataplug.core.formats.cog.Gdal;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test) of the cog format against the embedded S3 server, in one run: the share of the object
 * preprocessing reads (header and IFDs only), and evaluating every slice of a grid against one plain GET of the
 * whole object. Medians of several runs.
 *
 * <pre>
 * ./mvnw -q -pl core test-compile
 * ./mvnw -q -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) \
 *     io.dataplug.core.bench.CogBench [file.tif] [--size PIXELS] [--runs N] [--grid N]
 * </pre>
 * Without a file it makes a synthetic RGB COG of {@code --size} x {@code --size} pixels (default 8192: about
 * 120 MB with DEFLATE, 512-pixel tiles, 4 overviews) with {@code gdal_translate -of COG} (cached in
 * {@code java.io.tmpdir/dataplug-bench}).
 */
public final class CogBench {

    private CogBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        int size = 8192;
        int runs = 3;
        int grid = 8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--grid" -> grid = Integer.parseInt(args[++i]);
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) {
            file = generate(size);
        }
        byte[] data = Files.readAllBytes(file);
        double mb = data.length / 1e6;
        System.out.printf(Locale.ROOT, "cog benchmark: %s, %,d bytes; %d runs, medians; %d cores; embedded S3 over loopback%n",
                file, data.length, runs, Runtime.getRuntime().availableProcessors());
        double[] prep = new double[runs];
        double[] get = new double[runs];
        double[] seq = new double[runs];
        double[] par = new double[runs];
        double[] whole = new double[runs];
        long bytesRead = 0;
        long requests = 0;
        long sliceBytes = 0;
        int slices = 0;
        try (EmbeddedS3 s3 = new EmbeddedS3(); StoreCache stores = new StoreCache()) {
            for (int r = 0; r < runs; r++) {
                try (Pipeline p = Pipeline.s3(s3, "bench/cog-" + r + "-" + System.nanoTime() + "/")) {
                    ObjectLocation loc = p.put("image.tif", data);
                    long t0 = System.nanoTime();
                    List<ObjectInfo> infos = p.preprocess("cog", Map.of(), loc);
                    prep[r] = DataplugBench.secs(t0);
                    IndexedObject<?> indexed = p.indexes("cog", Map.of(), infos).get(0);
                    bytesRead = indexed.attributes().get("preprocessBytesRead");
                    requests = Json.tree(indexed.index()).get("requests").asLong();
                    t0 = System.nanoTime();
                    try (InputStream in = p.store().open(loc, 0, data.length, infos.get(0).etag())) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    get[r] = mb / DataplugBench.secs(t0);
                    SliceEvaluator evaluator = new SliceEvaluator(stores, p.storage());
                    List<Slice> parts = p.partition("cog", Map.of(), infos, "grid",
                            Map.of("rows", String.valueOf(grid), "cols", String.valueOf(grid)));
                    slices = parts.size();
                    t0 = System.nanoTime();
                    long total = 0;
                    for (Slice s : parts) {
                        total += evaluate(evaluator, s);
                    }
                    seq[r] = total / 1e6 / DataplugBench.secs(t0);
                    sliceBytes = total;
                    t0 = System.nanoTime();
                    long parallel = parts.parallelStream().mapToLong(s -> evaluate(evaluator, s)).sum();
                    par[r] = parallel / 1e6 / DataplugBench.secs(t0);
                    Slice one = p.partition("cog", Map.of(), infos, "grid", Map.of("rows", "1", "cols", "1")).get(0);
                    t0 = System.nanoTime();
                    whole[r] = evaluate(evaluator, one) / 1e6 / DataplugBench.secs(t0);
                }
            }
        }
        System.out.printf(Locale.ROOT, "preprocessing: %,d bytes read in %d ranged GETs = %.4f%% of the object; median %.3f s%n",
                bytesRead, requests, 100.0 * bytesRead / data.length, DataplugBench.median(prep));
        System.out.printf(Locale.ROOT, "slice files of the full-resolution level: %,d bytes (%.1f%% of the object)%n", sliceBytes,
                100.0 * sliceBytes / data.length);
        System.out.println("| plain GET MB/s | grid " + grid + "x" + grid + " (" + slices + " slices), sequential MB/s | ratio vs GET "
                + "| " + slices + " slices, 2 threads MB/s | ratio vs GET | grid 1x1 (one slice) MB/s | ratio vs GET |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %.0f | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f |%n", DataplugBench.median(get), DataplugBench.median(seq),
                DataplugBench.median(seq) / DataplugBench.median(get), DataplugBench.median(par), DataplugBench.median(par) / DataplugBench.median(get), DataplugBench.median(whole), DataplugBench.median(whole) / DataplugBench.median(get));
    }

    /** Evaluates a slice into a counter; returns the slice file's size. */
    private static long evaluate(SliceEvaluator evaluator, Slice s) {
        AtomicLong n = new AtomicLong();
        try {
            evaluator.evaluate(s, new OutputStream() {
                @Override
                public void write(int b) {
                    n.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    n.addAndGet(len);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n.get();
    }

    private static Path generate(int size) throws IOException {
        if (!Gdal.available()) {
            throw new IllegalStateException("GDAL (gdal-bin, python3-gdal) is needed to make the benchmark's COG");
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "dataplug-bench");
        Files.createDirectories(dir);
        Path cog = dir.resolve("cog-" + size + ".tif");
        if (Files.exists(cog)) {
            return cog;
        }
        System.out.printf("making a %d x %d RGB COG with gdal_translate -of COG into %s%n", size, size, cog);
        Path vrt = Gdal.synthetic(dir, "cog-" + size, size, size, 3, Gdal.Type.BYTE, null, false, null);
        Path tmp = dir.resolve("cog-" + size + ".tmp.tif");
        Gdal.run(dir, "gdal_translate", "-q", "-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=512",
                vrt.toString(), tmp.toString());
        Files.move(tmp, cog);
        Files.delete(dir.resolve("cog-" + size + ".raw"));
        Files.delete(vrt);
        return cog;
    }
}
