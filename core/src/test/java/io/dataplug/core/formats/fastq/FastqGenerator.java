package io.dataplug.core.formats.fastq;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Our own FASTQ generator for edge cases: '@'-leading quality lines, CRLF, fixed record sizes, no final newline. */
final class FastqGenerator {

    private final long seed;
    private int reads = 1000;
    private int minLength = 1;
    private int maxLength = 300;
    private double atQuality = 0.3;
    private boolean crlf;
    private boolean finalNewline = true;
    private boolean repeatName;
    private boolean fixedHeader;

    FastqGenerator(long seed) {
        this.seed = seed;
    }

    FastqGenerator reads(int n) {
        reads = n;
        return this;
    }

    FastqGenerator lengths(int min, int max) {
        minLength = min;
        maxLength = max;
        return this;
    }

    /** Fraction of quality lines that begin with '@'. */
    FastqGenerator atQuality(double fraction) {
        atQuality = fraction;
        return this;
    }

    FastqGenerator crlf(boolean on) {
        crlf = on;
        return this;
    }

    FastqGenerator finalNewline(boolean on) {
        finalNewline = on;
        return this;
    }

    /** The '+' line repeats the read name, as older Illumina files do. */
    FastqGenerator repeatName(boolean on) {
        repeatName = on;
        return this;
    }

    /** Headers of one length, so that with fixed read lengths every record has the same size. */
    FastqGenerator fixedHeader(boolean on) {
        fixedHeader = on;
        return this;
    }

    byte[] generate() {
        Random rnd = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String eol = crlf ? "\r\n" : "\n";
        String bases = "ACGTN";
        for (int i = 0; i < reads; i++) {
            int len = minLength + rnd.nextInt(maxLength - minLength + 1);
            String name = fixedHeader ? String.format("read%08d/1", i) : "read" + i + " len=" + len + (rnd.nextBoolean() ? "/1" : "");
            StringBuilder seq = new StringBuilder(len);
            StringBuilder qual = new StringBuilder(len);
            for (int k = 0; k < len; k++) {
                seq.append(bases.charAt(rnd.nextInt(bases.length())));
                qual.append((char) ('!' + rnd.nextInt(41)));
            }
            if (len > 0 && rnd.nextDouble() < atQuality) {
                qual.setCharAt(0, '@');
            }
            String rec = "@" + name + eol + seq + eol + "+" + (repeatName ? name : "") + eol + qual;
            out.writeBytes(rec.getBytes(StandardCharsets.US_ASCII));
            if (i < reads - 1 || finalNewline) {
                out.writeBytes(eol.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    /**
     * Records that are valid FASTQ under two phases at once: every line has the same length, headers and
     * qualities begin with '@', sequences and '+' lines with '+'. Shifted by three lines (quality taken as
     * header) the file still reads as valid records, so only the line count from the start decides.
     */
    static byte[] ambiguous(int reads, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < reads; i++) {
            String body = String.format("%0" + (length - 1) + "d", i % 1000);
            sb.append('@').append(body).append('\n')
                    .append('+').append(body).append('\n')
                    .append('+').append(body).append('\n')
                    .append('@').append(body).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Number of lines (a last line without newline counts). */
    static long lines(byte[] data) {
        long n = 0;
        for (byte b : data) {
            if (b == '\n') {
                n++;
            }
        }
        return data.length > 0 && data[data.length - 1] != '\n' ? n + 1 : n;
    }
}
