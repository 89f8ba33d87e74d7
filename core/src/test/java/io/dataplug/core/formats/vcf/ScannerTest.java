package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.io.LineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data-line checks the scanner makes a word at a time (POS digits, the eight columns), against what the
 * text says, at every POS length and with the line ending right after each column.
 */
class ScannerTest {

    private static final String HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";

    @Test
    void positionsOfEveryLengthAreReadExactly() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        List<Long> positions = new ArrayList<>();
        long pos = 0;
        for (int digits = 1; digits <= 18; digits++) {
            pos = pos * 10 + digits % 10; // 1, 12, 123, ... increasing, so sorted
            positions.add(pos);
            sb.append("c\t").append(pos).append("\t.\tA\tC\t.\t.\t.\n");
        }
        ScanResult r = scan(sb.toString());
        assertThat(r.problem()).isNull();
        assertThat(r.unsorted()).isNull();
        assertThat(r.variants()).isEqualTo(18);
        assertThat(r.runs()).hasSize(1);
        assertThat(r.runs().get(0).firstPos()).isEqualTo(1);
        assertThat(r.runs().get(0).lastPos()).isEqualTo(positions.get(17));
    }

    /** A contig whose name starts with the one before, or is its start, is another contig. */
    @Test
    void contigsThatArePrefixesOfOneAnotherAreTold() throws IOException {
        List<String> names = List.of("chr1", "chr10", "chr1", "chr", "chr1", "chr1\u0000", "c");
        StringBuilder sb = new StringBuilder(HEADER);
        for (String name : names) {
            sb.append(name).append("\t5\t.\tA\tC\t.\t.\t.\n").append(name).append("\t6\t.\tA\tC\t.\t.\t.\n");
        }
        ScanResult r = scan(sb.toString());
        assertThat(r.problem()).isNull();
        assertThat(r.runs()).extracting(ScanResult.Run::contig).containsExactlyElementsOf(names);
        assertThat(r.runs()).allSatisfy(run -> assertThat(run.variants()).isEqualTo(2));
    }

    @Test
    void aPositionSmallerThanTheOneBeforeIsFoundAtEveryLength() throws IOException {
        for (int digits = 2; digits <= 18; digits++) {
            String big = "9".repeat(digits);
            String smaller = "9".repeat(digits - 1) + "8";
            ScanResult r = scan(HEADER + "c\t" + big + "\t.\tA\tC\t.\t.\t.\nc\t" + smaller + "\t.\tA\tC\t.\t.\t.\n");
            assertThat(r.unsorted()).as("%d digits", digits).isNotNull();
            assertThat(r.unsorted().message()).isEqualTo("POS " + smaller + " after POS " + big + " on contig c");
        }
    }

    @Test
    void badPositionsAndShortLinesAreProblems() throws IOException {
        for (String bad : List.of("x5", "5x", "", "1234567890123456789", "12345678x", "123456789x", "-5", "5 ")) {
            ScanResult r = scan(HEADER + "c\t" + bad + "\t.\tA\tC\t.\t.\t.\n");
            assertThat(r.problem()).as("POS '%s'", bad).isNotNull();
            assertThat(r.problem().message()).as("POS '%s'", bad).startsWith("POS is not a number");
        }
        String line = "c\t5\t.\tA\tC\t.\t.\t.";
        // (a line that ends right after POS has no tab after POS: "POS is not a number", above)
        for (int cut = line.indexOf('\t', line.indexOf('\t', 2) + 1); cut > 0 && cut < line.length(); cut = line.indexOf('\t', cut + 1)) {
            String shortLine = line.substring(0, cut);
            int columns = shortLine.split("\t", -1).length;
            for (String end : List.of("\n", "")) { // the last line may lack its line feed
                ScanResult r = scan(HEADER + shortLine + end);
                assertThat(r.problem()).as("'%s'", shortLine).isNotNull();
                assertThat(r.problem().message()).isEqualTo("data line has " + columns + " columns, VCF needs at least 8");
            }
        }
        for (String end : List.of("\n", "", "\r\n")) {
            assertThat(scan(HEADER + line + end).problem()).as("eight columns, ending %s", end.length()).isNull();
            assertThat(scan(HEADER + "c\t123456789" + end).problem().message()).startsWith("POS is not a number");
        }
    }

    private static ScanResult scan(String vcf) throws IOException {
        byte[] data = vcf.getBytes(StandardCharsets.US_ASCII);
        try (LineReader r = LineReader.plain(new ByteArrayInputStream(data), 0)) {
            return new Scanner(1 << 20, 1000, null, b -> { }).scan(r, Long.MAX_VALUE);
        }
    }
}
