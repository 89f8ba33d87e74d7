package io.dataplug.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes FASTA test data with known content: records with their own line widths (the last line shorter or
 * full), empty sequences, descriptions, LF or CRLF line endings, with or without a final line terminator.
 */
public final class FastaGenerator {

    /** Line widths drawn for records; 0 writes the sequence on one line. */
    private static final int[] WIDTHS = {60, 61, 70, 80, 50, 1, 7, 13, 0};
    private static final String BASES = "ACGTACGTACGTACGTNacgt";

    private FastaGenerator() {
    }

    /**
     * One record: the header line after '>' (name, optionally white space and a description), its residues,
     * and the residues per line ({@code 0} or less: one line).
     */
    public record Record(String header, String residues, int width) {

        /** The sequence name as samtools reads it: the header up to the first white space. */
        public String name() {
            String h = header.stripLeading();
            int i = 0;
            while (i < h.length() && !Character.isWhitespace(h.charAt(i))) {
                i++;
            }
            return h.substring(0, i);
        }
    }

    public static String residues(Random rnd, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = BASES.charAt(rnd.nextInt(BASES.length()));
        }
        return new String(c);
    }

    /**
     * {@code count} records named {@code seq1..}: lengths up to {@code maxLength}, some empty, some exact
     * multiples of their width, some with descriptions. The last record is never empty (so samtools accepts
     * the file).
     */
    public static List<Record> varied(Random rnd, int count, int maxLength) {
        List<Record> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int width = WIDTHS[rnd.nextInt(WIDTHS.length)];
            int length = switch (rnd.nextInt(6)) {
                case 0 -> i == count ? 1 + rnd.nextInt(50) : 0;
                case 1 -> width > 0 ? width * (1 + rnd.nextInt(Math.max(1, maxLength / width))) : 1 + rnd.nextInt(maxLength);
                case 2 -> width > 1 ? 1 + rnd.nextInt(width - 1) : 1;
                default -> 1 + rnd.nextInt(maxLength);
            };
            if (width == 1) {
                length = Math.min(length, 30); // one line per residue: keep the line count of test files modest
            }
            String header = "seq" + i + switch (rnd.nextInt(4)) {
                case 0 -> " " + "description of sequence " + i;
                case 1 -> "\tlen=" + length + " width=" + width;
                default -> "";
            };
            records.add(new Record(header, residues(rnd, length), width));
        }
        return records;
    }

    /** Writes the records with {@code eol} after each line; {@code finalEol=false} drops the last terminator. */
    public static byte[] render(List<Record> records, String eol, boolean finalEol) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder sb = new StringBuilder();
        for (Record r : records) {
            sb.setLength(0);
            sb.append('>').append(r.header()).append(eol);
            String s = r.residues();
            int w = r.width() <= 0 ? Math.max(1, s.length()) : r.width();
            for (int i = 0; i < s.length(); i += w) {
                sb.append(s, i, Math.min(s.length(), i + w)).append(eol);
            }
            out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        byte[] data = out.toByteArray();
        byte[] term = eol.getBytes(StandardCharsets.ISO_8859_1);
        if (!finalEol && data.length >= term.length) {
            return java.util.Arrays.copyOf(data, data.length - term.length);
        }
        return data;
    }

    /** A reference-like genome: {@code contigs} named chr1.. with the given lengths, written later by anyone. */
    public static List<Record> genome(Random rnd, int width, int... lengths) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            StringBuilder s = new StringBuilder(lengths[i]);
            for (int j = 0; j < lengths[i]; j++) {
                s.append("ACGT".charAt(rnd.nextInt(4)));
            }
            records.add(new Record("chr" + (i + 1), s.toString(), width));
        }
        return records;
    }
}
