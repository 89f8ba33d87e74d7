package io.dataplug.core.bench;

import io.dataplug.core.format.Formats;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Data-plane benchmark against the embedded S3 server (real HTTP on loopback), in one run:
 * preprocessing MB/s per format, and evaluating all slices of a 64-slice partitioning against a plain
 * GET of the same object. Medians of several repetitions; ratios are computed within the run.
 *
 * <pre>./mvnw -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dataplug.core.bench.DataplugBench -Dexec.args="--size-mb 64 --runs 5"</pre>
 */
public final class DataplugBench {

    record Case(String format, Map<String, String> options, String strategy, Map<String, String> params, Supplier<byte[]> data) {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = 64;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long size = (long) sizeMb << 20;
        List<Case> cases = List.of(
                new Case("text", Map.of(), "chunks", Map.of("count", "64"), () -> text(size)),
                new Case("csv", Map.of(), "chunks", Map.of("count", "64"), () -> csv(size)),
                new Case("fasta", Map.of(), "chunks", Map.of("count", "64"), () -> fasta(size)));
        System.out.printf(Locale.ROOT, "Dataplug data-plane benchmark: %d MiB objects, %d runs each, medians; %d cores%n%n",
                sizeMb, runs, Runtime.getRuntime().availableProcessors());
        System.out.println("| format | preprocess MB/s | plain GET MB/s | 64 slices, sequential MB/s | ratio vs GET | 64 slices, 2 threads MB/s | ratio vs GET |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (EmbeddedS3 s3 = new EmbeddedS3()) {
            for (Case c : cases) {
                if (!Formats.all().containsKey(c.format())) {
                    System.out.println("| " + c.format() + " | (format not on the classpath) | | | | | |");
                    continue;
                }
                run(s3, c, size, runs);
            }
        }
    }

    private static void run(EmbeddedS3 s3, Case c, long size, int runs) throws Exception {
        byte[] data = c.data().get();
        double mb = data.length / 1e6;
        double[] prep = new double[runs];
        double[] get = new double[runs];
        double[] seq = new double[runs];
        double[] par = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (Pipeline p = Pipeline.s3(s3, "bench/" + c.format() + "-" + r + "-" + System.nanoTime() + "/").chunkSize(16 << 20)) {
                ObjectLocation loc = p.put("object", data);
                long t0 = System.nanoTime();
                List<ObjectInfo> infos = p.preprocess(c.format(), c.options(), loc);
                prep[r] = mb / secs(t0);
                t0 = System.nanoTime();
                try (InputStream in = p.store().open(loc, 0, data.length, infos.get(0).etag())) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                get[r] = mb / secs(t0);
                List<Slice> slices = p.partition(c.format(), c.options(), infos, c.strategy(), c.params());
                t0 = System.nanoTime();
                long total = 0;
                for (Slice s : slices) {
                    total += p.evaluate(s).length;
                }
                seq[r] = mb / secs(t0);
                if (total < data.length) {
                    throw new IllegalStateException(c.format() + ": slices hold " + total + " bytes, object " + data.length);
                }
                t0 = System.nanoTime();
                slices.parallelStream().unordered().forEach(p::evaluate);
                par[r] = mb / secs(t0);
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.2f |%n", c.format(), median(prep), median(get),
                median(seq), median(seq) / median(get), median(par), median(par) / median(get));
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] v) {
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
