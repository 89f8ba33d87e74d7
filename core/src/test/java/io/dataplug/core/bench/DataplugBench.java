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
import java.nio.file.Files;
import java.nio.file.Path;
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
                new Case("fasta", Map.of(), "chunks", Map.of("count", "64"), () -> fasta(size)),
                new Case("fastq", Map.of(), "reads-batches", Map.of("count", "64"), () -> fastq(size)),
                new Case("vcf", Map.of(), "chunks", Map.of("count", "64"), () -> vcf(size)));
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
            System.out.println();
            gzipCase(s3, fastq(size), runs);
        }
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
            try (Pipeline p = Pipeline.s3(s3, "bench/fastq-gzip-" + r + "-" + System.nanoTime() + "/")) {
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
