package io.dataplug.core.bench;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.testing.InMemoryIndexingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The map task's scan alone, in memory: each line format's {@code indexChunk} over one object of {@code --size-mb}
 * (the data of {@link DataplugBench}), against the baseline of the same run: reading the same bytes through the same
 * context into a 1 MiB buffer and nothing else. Medians of {@code --runs} after as many warm-up runs; run the same
 * command on two builds, one after the other, for a before/after (the machine's speed drifts between JVMs).
 *
 * <pre>java -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) io.dataplug.core.bench.ScanBench \
 *     --size-mb 64 --runs 30</pre>
 */
public final class ScanBench {

    private ScanBench() {
    }

    public static void main(String[] args) throws IOException {
        int sizeMb = 64;
        int runs = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long size = (long) sizeMb << 20;
        Map<String, LongFunction<byte[]>> data = Map.of("text", DataplugBench::text, "csv", DataplugBench::csv,
                "fasta", DataplugBench::fasta, "fastq", DataplugBench::fastq, "vcf", DataplugBench::vcf);
        System.out.printf(Locale.ROOT, "Scan in memory: %d MiB per format, medians of %d after %d warm-up runs%n", sizeMb,
                runs, runs);
        System.out.println("| format | read into a buffer, ms | scan (indexChunk), ms | scan MB/s | scan ÷ read |");
        System.out.println("|---|---|---|---|---|");
        for (String format : List.of("text", "csv", "fasta", "fastq", "vcf")) {
            byte[] bytes = data.get(format).apply(size);
            Format<?, ?, ?> f = Formats.get(format);
            double[] read = new double[runs];
            double[] scan = new double[runs];
            for (int r = -runs; r < runs; r++) {
                InMemoryIndexingContext ctx = new InMemoryIndexingContext(f, Map.of(), "/mem/bench", bytes);
                long t0 = System.nanoTime();
                long sink = readAll(ctx, bytes.length);
                double readMs = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                Object result = f.indexChunk(ctx, 0, bytes.length);
                double scanMs = (System.nanoTime() - t0) / 1e6;
                if (result == null || sink != bytes.length) {
                    throw new IllegalStateException(format + ": nothing scanned");
                }
                if (r >= 0) {
                    read[r] = readMs;
                    scan[r] = scanMs;
                }
            }
            double ratio = DataplugBench.median(scan) / DataplugBench.median(read);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.1f |%n", format, DataplugBench.median(read), DataplugBench.median(scan),
                    bytes.length / 1e3 / DataplugBench.median(scan), ratio);
        }
    }

    private static long readAll(InMemoryIndexingContext ctx, long size) throws IOException {
        byte[] buf = new byte[1 << 20];
        long n = 0;
        try (InputStream in = ctx.open(0, size)) {
            for (int k; (k = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                n += k;
            }
        }
        return n;
    }
}
