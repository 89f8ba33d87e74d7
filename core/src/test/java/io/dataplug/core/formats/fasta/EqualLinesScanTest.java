package io.dataplug.core.formats.fasta;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Formats;
import io.dataplug.core.testing.InMemoryIndexingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The FASTA map task counts sequence lines just like its current run's in bulk. Its chunk results must equal, event
 * for event, those of the same scanner taking every line through its state machine, on FASTA with every kind of line
 * that leaves a run (a shorter last line, a header, a blank line, CRLF, a line with a space or a stray byte, a longer
 * line, '>' at a line start), for random chunks that start and end anywhere, across the 1 MiB read buffer.
 */
class EqualLinesScanTest {

    @Test
    void bulkCountsEqualLineByLineScans() throws IOException {
        Random rnd = new Random(41);
        for (int round = 0; round < 300; round++) {
            byte[] data = fasta(rnd, round % 20 == 0 ? 2_500_000 : 1 + rnd.nextInt(20_000));
            InMemoryIndexingContext ctx = new InMemoryIndexingContext(Formats.get("fasta"), Map.of(), "/mem/r.fa", data);
            for (int c = 0; c < 4; c++) {
                long start = c == 0 ? 0 : rnd.nextInt(data.length);
                long end = c == 1 ? data.length : Math.min(data.length, start + 1 + rnd.nextInt(data.length));
                FastaChunk bulk = new FastaChunkScanner(ctx, start, end).scan();
                FastaChunk ref = FastaChunkScanner.lineByLine(ctx, start, end).scan();
                assertThat(bulk).as("round %d, chunk [%d, %d) of %d bytes", round, start, end, data.length)
                        .usingRecursiveComparison().isEqualTo(ref);
            }
        }
    }

    private static byte[] fasta(Random rnd, int size) {
        StringBuilder sb = new StringBuilder(size + 200);
        String residues = "ACGTNacgtn*-";
        for (int rec = 0; sb.length() < size; rec++) {
            sb.append('>').append("seq").append(rec).append(rnd.nextBoolean() ? " description\n" : "\n");
            int width = 1 + rnd.nextInt(rnd.nextBoolean() ? 12 : 120);
            int length = rnd.nextInt(rnd.nextInt(10) == 0 ? 200_000 : 3_000);
            String eol = rnd.nextInt(15) == 0 ? "\r\n" : "\n";
            for (int i = 0; i < length; i++) {
                sb.append(residues.charAt(rnd.nextInt(residues.length())));
                if (i % width == width - 1 || i == length - 1) {
                    sb.append(eol);
                    int odd = rnd.nextInt(4_000);
                    if (odd == 0) {
                        sb.append('\n'); // a blank line inside a record
                    } else if (odd == 1) {
                        sb.append("AC GT\n"); // a space
                    } else if (odd == 2) {
                        sb.append("A".repeat(width + 1)).append('\n'); // longer than the run
                    } else if (odd == 3) {
                        sb.append(">late").append(rec).append('\n');
                    } else if (odd == 4) {
                        sb.append("AC\u00e9G\n");
                    } else if (odd == 5) {
                        sb.append(rnd.nextBoolean() ? "A\u007f\n" : "ACGTACGTAC\u007fG\n"); // DEL, in a short and a long line
                    }
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
