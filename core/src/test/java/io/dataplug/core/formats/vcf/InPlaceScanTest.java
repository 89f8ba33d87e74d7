package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.io.LineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The scanner takes data lines that only count in place from the reader's buffer. Its result must equal, field for
 * field, that of the same scanner reading every line through the reader, on VCF with everything that makes a line
 * leave the fast walk: a new contig, a POS out of order or past the span gap, a checkpoint due, CRLF, a bad POS, too
 * few columns, a blank line, a header line after data, a last line without a line feed, a chunk end inside the data,
 * lines that cross the reader's buffer, and a stream that hands out short reads.
 */
class InPlaceScanTest {

    @Test
    void inPlaceScansEqualLineByLineScans() throws IOException {
        Random rnd = new Random(31);
        for (int round = 0; round < 1_000; round++) {
            byte[] data = vcf(rnd, round % 10 == 0 ? 6_000 : 1 + rnd.nextInt(300));
            long spacing = 1 + rnd.nextInt(rnd.nextBoolean() ? 200 : 20_000);
            long gap = rnd.nextBoolean() ? 1_000 : 1 + rnd.nextInt(300);
            long end = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(data.length) : Long.MAX_VALUE;
            AtomicLong fastProgress = new AtomicLong();
            AtomicLong refProgress = new AtomicLong();
            long seed = rnd.nextLong();
            ScanResult fast;
            try (LineReader r = LineReader.plain(shortReads(data, new Random(seed)), 0)) {
                fast = new Scanner(spacing, gap, null, fastProgress::addAndGet).scan(r, end);
            }
            ScanResult ref;
            try (LineReader r = LineReader.plain(shortReads(data, new Random(seed)), 0)) {
                ref = Scanner.lineByLine(spacing, gap, null, refProgress::addAndGet).scan(r, end);
            }
            String what = "round " + round + " (spacing " + spacing + ", gap " + gap + ", end " + end + ")";
            assertThat(fast).as(what).usingRecursiveComparison().isEqualTo(ref);
            assertThat(fastProgress.get()).as(what + ": progress").isEqualTo(refProgress.get());
        }
    }

    /**
     * Well-formed data lines with the kinds of line that leave the fast walk but not the scan (a new contig, often a
     * long one; a POS out of order or past the gap; CRLF), and in most inputs one line, anywhere, that ends the scan
     * with a problem (a bad POS, five or seven columns, a blank line, a header line after data).
     */
    private static byte[] vcf(Random rnd, int lines) {
        StringBuilder sb = new StringBuilder("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        String contig = "chr1";
        long pos = 1;
        int fatalAt = rnd.nextInt(4) == 0 ? -1 : rnd.nextInt(lines);
        int fatal = rnd.nextInt(6);
        for (int i = 0; i < lines; i++) {
            int kind = rnd.nextInt(100);
            if (kind < 3) {
                // Some new contigs start with the name before (chr1 then chr1_7): only the tab after CHROM tells
                // them apart, and a POS may follow where that tab would be.
                contig = switch (rnd.nextInt(3)) {
                    case 0 -> "chr" + (2 + rnd.nextInt(30));
                    case 1 -> "c".repeat(1 + rnd.nextInt(40));
                    default -> contig + "_" + rnd.nextInt(10);
                };
                pos = 1;
            }
            pos = kind == 3 ? Math.max(1, pos - 1 - rnd.nextInt(50)) : pos + (kind == 4 ? 5_000 : rnd.nextInt(120));
            String posText = Long.toString(pos);
            String rest = "\t.\tA\tC\t" + rnd.nextInt(100) + "\tPASS\tDP=" + rnd.nextInt(80);
            if (i == fatalAt) {
                switch (fatal) {
                    case 0 -> posText = "12x";
                    case 1 -> posText = "";
                    case 2 -> rest = "\t.\tA";
                    case 3 -> rest = "\t.\tA\tC\t" + rnd.nextInt(100) + "\tPASS";
                    case 4 -> sb.append('\n');
                    default -> sb.append("#late header\n");
                }
            }
            sb.append(contig).append('\t').append(posText).append(rest).append(kind == 10 ? "\r\n" : "\n");
        }
        if (rnd.nextBoolean()) {
            sb.setLength(sb.length() - 1); // the last line has no line feed
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static InputStream shortReads(byte[] data, Random rnd) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 200_000)));
            }
        };
    }
}
