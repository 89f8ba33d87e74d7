package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Once one phase is left, the FASTQ map task checks whole records in place. Its chunk results (every phase's
 * outcome, reads, bases, checkpoints, errors) and progress must equal those of the same scanner taking every line
 * through the phases, on FASTQ with every kind of record that leaves the fast path (a header without '@', a missing
 * '+', a quality line of another length, CRLF, an empty line, a quality line starting with '@', a last record cut
 * short), for chunks that start and end anywhere, and a stream that hands out short reads.
 */
class InPlaceRecordsTest {

    @Test
    void inPlaceScansEqualLineByLineScans() throws IOException {
        Random rnd = new Random(51);
        for (int round = 0; round < 600; round++) {
            byte[] data = fastq(rnd, round % 20 == 0 ? 3_000 : 1 + rnd.nextInt(200));
            long span = 1 + rnd.nextInt(rnd.nextBoolean() ? 500 : 100_000);
            for (int c = 0; c < 3; c++) {
                long start = c == 0 ? 0 : rnd.nextInt(data.length);
                long end = c == 1 ? data.length : Math.min(data.length, start + 1 + rnd.nextInt(data.length));
                long seed = rnd.nextLong();
                AtomicLong fastProgress = new AtomicLong();
                AtomicLong refProgress = new AtomicLong();
                FastqChunkScanner.Result fast = FastqChunkScanner.scan(from(data, start, new Random(seed)), start, end, span,
                        fastProgress::addAndGet);
                FastqChunkScanner.Result ref = FastqChunkScanner.lineByLine(from(data, start, new Random(seed)), start, end,
                        span, refProgress::addAndGet);
                String what = "round " + round + ", chunk [" + start + ", " + end + ") of " + data.length + ", span " + span;
                assertThat(fast).as(what).usingRecursiveComparison().isEqualTo(ref);
                assertThat(fastProgress.get()).as(what + ": progress").isEqualTo(refProgress.get());
            }
        }
    }

    private static byte[] fastq(Random rnd, int reads) {
        StringBuilder sb = new StringBuilder();
        int fatalAt = rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(reads);
        int fatal = rnd.nextInt(5);
        for (int i = 0; i < reads; i++) {
            int len = rnd.nextInt(10) == 0 ? rnd.nextInt(3) : 20 + rnd.nextInt(150);
            String eol = rnd.nextInt(20) == 0 ? "\r\n" : "\n";
            StringBuilder seq = new StringBuilder();
            StringBuilder qual = new StringBuilder();
            for (int k = 0; k < len; k++) {
                seq.append("ACGTN".charAt(rnd.nextInt(5)));
                qual.append((char) ('!' + rnd.nextInt(60))); // '@' among them, also first
            }
            String header = "@read" + i + (rnd.nextBoolean() ? " extra" : "");
            String plus = rnd.nextBoolean() ? "+" : "+read" + i;
            if (i == fatalAt) {
                switch (fatal) {
                    case 0 -> header = "read" + i;
                    case 1 -> plus = "-";
                    case 2 -> qual.append('I');
                    case 3 -> header = "";
                    default -> {
                        sb.append(header).append(eol).append(seq).append(eol); // cut short
                        continue;
                    }
                }
            }
            sb.append(header).append(eol).append(seq).append(eol).append(plus).append(eol).append(qual).append(eol);
        }
        if (rnd.nextInt(4) == 0 && sb.length() > 0) {
            sb.setLength(sb.length() - 1); // no final line feed
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The object's bytes from {@code max(0, start - 1)} on, in reads of random length. */
    private static InputStream from(byte[] data, long start, Random rnd) {
        int from = (int) Math.max(0, start - 1);
        return new ByteArrayInputStream(data, from, data.length - from) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 300_000)));
            }
        };
    }
}
