package io.dataplug.core.bench;

import io.dataplug.core.formats.lines.ByteAtATimeScanner;
import io.dataplug.core.formats.lines.LineSyntax;
import io.dataplug.core.formats.lines.RecordScanner;
import io.dataplug.core.io.Swar;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * CPU cost of finding record boundaries in memory, no I/O: the word-at-a-time scanners against the
 * byte-at-a-time loops they replaced, on the data {@link DataplugBench} generates, alternating runs in one
 * process (ratios within a round, medians over rounds).
 *
 * <pre>./mvnw -q -o -pl core exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dataplug.core.bench.ScanBench -Dexec.args="--size-mb 64 --rounds 7"</pre>
 */
public final class ScanBench {

    private static final int BUFFER = 1 << 20;

    public static void main(String[] args) {
        int sizeMb = 64;
        int rounds = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long size = (long) sizeMb << 20;
        byte[] text = DataplugBench.text(size);
        byte[] csv = DataplugBench.csv(size);
        byte[] fasta = DataplugBench.fasta(size);
        LineSyntax quoted = new LineSyntax('"', ',');
        System.out.printf(Locale.ROOT, "Scanning in memory, %d MiB per input, medians of %d rounds; MB/s%n%n", sizeMb, rounds);
        System.out.println("| scan | byte at a time MB/s | word at a time MB/s | ratio |");
        System.out.println("|---|---|---|---|");
        compare("text: line feeds (RecordScanner, no quoting)", text, rounds,
                d -> records(d, new ByteAtATimeScanner(LineSyntax.LINES, 0)::next),
                d -> records(d, LineSyntax.LINES.scanner(0)::next));
        compare("text: every line start of a buffer (Swar.forEach, the chunk indexer's walk)", text, rounds,
                d -> records(d, new ByteAtATimeScanner(LineSyntax.LINES, 0)::next), ScanBench::allLineStarts);
        compare("csv: record ends with RFC 4180 quote state", csv, rounds,
                d -> records(d, new ByteAtATimeScanner(quoted, 0)::next),
                d -> records(d, quoted.scanner(RecordScanner.FIELD_START)::next));
        compare("csv: line count for messages", csv, rounds, ScanBench::countLoop,
                d -> Swar.count(d, 0, d.length, (byte) '\n'));
        compare("fasta: residues outside 0x21-0x7e or line feed", fasta, rounds, ScanBench::notGraphicLoop,
                ScanBench::notGraphicWords);
    }

    interface Next {
        int next(byte[] buf, int from, int to);
    }

    /** Record terminators in {@code d}, fed in 1 MiB buffers as the chunk indexer does. */
    private static long records(byte[] d, Next scanner) {
        long n = 0;
        for (int base = 0; base < d.length; base += BUFFER) {
            int to = Math.min(d.length, base + BUFFER);
            for (int i = base; i < to; ) {
                int t = scanner.next(d, i, to);
                if (t < 0) {
                    break;
                }
                n++;
                i = t + 1;
            }
        }
        return n;
    }

    private static long allLineStarts(byte[] d) {
        long[] n = new long[1];
        for (int base = 0; base < d.length; base += BUFFER) {
            Swar.forEach(d, base, Math.min(d.length, base + BUFFER), (byte) '\n', t -> n[0]++);
        }
        return n[0];
    }

    private static long countLoop(byte[] d) {
        long n = 0;
        for (byte b : d) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static long notGraphicLoop(byte[] d) {
        long n = 0;
        for (byte c : d) {
            if (c < 0x21 || c > 0x7e) {
                n++;
            }
        }
        return n;
    }

    private static long notGraphicWords(byte[] d) {
        long n = 0;
        int i = 0;
        for (int last = d.length - Long.BYTES; i <= last; i += Long.BYTES) {
            n += Long.bitCount(Swar.notGraphic(Swar.word(d, i)));
        }
        for (; i < d.length; i++) {
            n += d[i] < 0x21 || d[i] > 0x7e ? 1 : 0;
        }
        return n;
    }

    private static void compare(String what, byte[] data, int rounds, ToLongFunction<byte[]> bytewise,
                                ToLongFunction<byte[]> wordwise) {
        double[] slow = new double[rounds];
        double[] fast = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long a = bytewise.applyAsLong(data);
            slow[r] = data.length * 1e3 / (System.nanoTime() - t0);
            t0 = System.nanoTime();
            long b = wordwise.applyAsLong(data);
            fast[r] = data.length * 1e3 / (System.nanoTime() - t0);
            if (a != b) {
                throw new IllegalStateException(what + ": byte loop found " + a + ", word loop " + b);
            }
            ratio[r] = fast[r] / slow[r];
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |%n", what, DataplugBench.median(slow),
                DataplugBench.median(fast), DataplugBench.median(ratio));
    }
}
