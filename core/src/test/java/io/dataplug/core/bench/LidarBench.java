package io.dataplug.core.bench;

import io.dataplug.core.formats.lidar.TestLas;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.SharedFixtures;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * LiDAR benchmark against the embedded S3 server (real HTTP on loopback), in one run: preprocessing points/s
 * (spatial index included), and for a 4 x 4 {@code grid} and 16 {@code chunks}: bytes the slices read against
 * the object's size, and points/s of evaluating every slice, with a plain GET of the object as baseline.
 * Objects: a LAS generated here in flight-line order (as scanners write), and the largest LAZ fixture
 * ({@code ../shared/fixtures/lidar/laspy-autzen_trim.laz}) when present.
 *
 * <pre>./mvnw -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dataplug.core.bench.LidarBench -Dexec.args="--points 2000000 --runs 3"</pre>
 */
public final class LidarBench {

    public static void main(String[] args) throws Exception {
        int points = 2_000_000;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--points" -> points = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "LiDAR benchmark: %d runs each, medians; %d cores%n%n", runs,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| object | format | points | MB | preprocess Mpts/s | plain GET MB/s | strategy | slices | bytes read / object size | largest slice / object size | evaluate Mpts/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        try (EmbeddedS3 s3 = new EmbeddedS3()) {
            List<Map<String, String>> lasStrategies = List.of(Map.of("strategy", "grid", "rows", "4", "cols", "4"),
                    Map.of("strategy", "chunks", "count", "16"));
            run(s3, "flight-lines.las", flightLines(points), points, runs, "las", lasStrategies);
            Optional<Path> fixtures = SharedFixtures.dir();
            for (String[] f : new String[][] {{"laspy-autzen_trim.laz", "110000", "las"},
                    {"copcjs-ellipsoid.copc.laz", "100000", "copc"}}) {
                Path file = fixtures.map(d -> d.resolve("lidar/" + f[0])).filter(Files::isRegularFile).orElse(null);
                if (file == null) {
                    System.out.println("| " + f[0] + " | (../shared/fixtures absent) | | | | | | | | | |");
                    continue;
                }
                List<Map<String, String>> strategies = f[2].equals("las") ? lasStrategies
                        : List.of(Map.of("strategy", "grid", "rows", "4", "cols", "4"), Map.of("strategy", "nodes", "count", "16"));
                run(s3, f[0], Files.readAllBytes(file), Long.parseLong(f[1]), runs, f[2], strategies);
            }
        }
    }

    /** A LAS 1.2, point format 3, written strip by strip along X, as an airborne scanner's flight lines are. */
    static byte[] flightLines(int n) {
        TestLas las = new TestLas().format(3);
        Random r = new Random(5);
        int strips = 20;
        int per = n / strips;
        for (int s = 0; s < strips; s++) {
            for (int i = 0; i < per; i++) {
                int x = (int) ((long) i * 100_000 / per);
                int y = s * 5_000 + r.nextInt(5_000);
                las.point(x, y, r.nextInt(30_000), 1 + r.nextInt(3));
            }
        }
        return las.bytes();
    }

    private static void run(EmbeddedS3 s3, String name, byte[] data, long points, int runs, String format,
                            List<Map<String, String>> strategies) throws Exception {
        double[] pre = new double[runs];
        double[] get = new double[runs];
        double[][] eval = new double[2][runs];
        long[] bytes = new long[2];
        long[] largest = new long[2];
        int[] counts = new int[2];
        for (int run = 0; run < runs; run++) {
            try (Pipeline p = Pipeline.s3(s3, "bench-" + name + "-" + run + "/").chunkSize(16 << 20)) {
                ObjectLocation loc = p.put(name, data);
                long t0 = System.nanoTime();
                List<ObjectInfo> infos = p.preprocess(format, Map.of(), loc);
                pre[run] = points / ((System.nanoTime() - t0) / 1e9) / 1e6;
                t0 = System.nanoTime();
                try (InputStream in = p.store().open(loc, 0, data.length, null)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                get[run] = data.length / ((System.nanoTime() - t0) / 1e9) / 1e6;
                for (int k = 0; k < 2; k++) {
                    Map<String, String> params = new java.util.HashMap<>(strategies.get(k));
                    String strategy = params.remove("strategy");
                    List<Slice> slices = p.partition(format, Map.of(), infos, strategy, params);
                    counts[k] = slices.size();
                    bytes[k] = slices.stream().mapToLong(Slice::bytes).sum();
                    largest[k] = slices.stream().mapToLong(Slice::bytes).max().orElse(0);
                    long t1 = System.nanoTime();
                    long out = 0;
                    for (Slice s : slices) {
                        out += p.evaluate(s).length;
                    }
                    eval[k][run] = points / ((System.nanoTime() - t1) / 1e9) / 1e6;
                    if (out == 0) {
                        throw new IllegalStateException("no output");
                    }
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %.2f | %.0f | %s | %d | %.2f | %.3f | %.2f |%n", name,
                    format, points, data.length / 1e6, median(pre), median(get), strategies.get(k), counts[k],
                    (double) bytes[k] / data.length, (double) largest[k] / data.length, median(eval[k]));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
