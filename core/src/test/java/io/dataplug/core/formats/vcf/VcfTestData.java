package io.dataplug.core.formats.vcf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Test data: realistic, sorted VCF text, BGZF written with chosen block boundaries, and line helpers. */
final class VcfTestData {

    static final String[] BASES = {"A", "C", "G", "T"};

    private VcfTestData() {
    }

    /** A contig and its length. */
    record Contig(String name, int length) {
    }

    /** The header lines of a VCF with these contigs and samples. */
    static String header(List<Contig> contigs, int samples, String eol) {
        StringBuilder sb = new StringBuilder();
        sb.append("##fileformat=VCFv4.2").append(eol);
        sb.append("##FILTER=<ID=PASS,Description=\"All filters passed\">").append(eol);
        sb.append("##source=dataplug-test").append(eol);
        for (Contig c : contigs) {
            sb.append("##contig=<ID=").append(c.name()).append(",length=").append(c.length()).append('>').append(eol);
        }
        sb.append("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Raw read depth\">").append(eol);
        sb.append("##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele frequency\">").append(eol);
        sb.append("##FILTER=<ID=q10,Description=\"Quality below 10\">").append(eol);
        sb.append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">").append(eol);
        sb.append("##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">").append(eol);
        sb.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
        if (samples > 0) {
            sb.append("\tFORMAT");
            for (int s = 0; s < samples; s++) {
                sb.append("\tsample").append(s + 1);
            }
        }
        sb.append(eol);
        return sb.toString();
    }

    /**
     * Sorted data lines: per contig, POS steps of 1..{@code maxStep} (0 sometimes: several records at one
     * POS), SNPs, indels and multi-allelic sites, with a long gap now and then.
     */
    static List<String> dataLines(List<Contig> contigs, int perContig, int maxStep, int samples, long seed) {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (Contig c : contigs) {
            long pos = 1 + rnd.nextInt(Math.max(1, maxStep));
            for (int i = 0; i < perContig && pos <= c.length(); i++) {
                lines.add(line(rnd, c.name(), pos, samples));
                int r = rnd.nextInt(100);
                long step = r < 5 ? 0 : r < 8 ? maxStep * 40L : 1 + rnd.nextInt(maxStep);
                pos += step;
            }
        }
        return lines;
    }

    static String line(Random rnd, String contig, long pos, int samples) {
        String ref = BASES[rnd.nextInt(4)];
        String alt;
        int kind = rnd.nextInt(10);
        if (kind < 7) {
            alt = BASES[(Arrays.asList(BASES).indexOf(ref) + 1 + rnd.nextInt(3)) % 4];
        } else if (kind < 8) {
            alt = ref + BASES[rnd.nextInt(4)] + BASES[rnd.nextInt(4)];
        } else if (kind < 9) {
            alt = ref;
            ref = ref + BASES[rnd.nextInt(4)];
        } else {
            String a1 = BASES[(Arrays.asList(BASES).indexOf(ref) + 1) % 4];
            String a2 = BASES[(Arrays.asList(BASES).indexOf(ref) + 2) % 4];
            alt = a1 + "," + a2;
        }
        int nAlt = alt.split(",").length;
        StringBuilder sb = new StringBuilder();
        sb.append(contig).append('\t').append(pos).append('\t');
        sb.append(rnd.nextInt(4) == 0 ? "rs" + rnd.nextInt(10_000_000) : ".").append('\t');
        sb.append(ref).append('\t').append(alt).append('\t');
        sb.append(rnd.nextInt(2) == 0 ? String.valueOf(rnd.nextInt(999)) : number(rnd.nextInt(1000) / 10.0)).append('\t');
        sb.append(rnd.nextInt(5) == 0 ? "q10" : "PASS").append('\t');
        sb.append("DP=").append(rnd.nextInt(200)).append(";AF=");
        for (int a = 0; a < nAlt; a++) {
            sb.append(a > 0 ? "," : "").append(number(rnd.nextInt(1001) / 1000.0));
        }
        if (samples > 0) {
            sb.append("\tGT:DP");
            for (int s = 0; s < samples; s++) {
                sb.append('\t').append(rnd.nextInt(nAlt + 1)).append(rnd.nextBoolean() ? '/' : '|')
                        .append(rnd.nextInt(nAlt + 1)).append(':').append(rnd.nextInt(60));
            }
        }
        return sb.toString();
    }

    /** A decimal as bcftools prints it: no trailing zeros ({@code 0.58}, {@code 57}). */
    static String number(double v) {
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.3f", v)).stripTrailingZeros()
                .toPlainString();
    }

    static List<Contig> contigs(int n, int length) {
        List<Contig> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new Contig("chr" + i, length));
        }
        return out;
    }

    static String vcf(String header, List<String> lines, String eol) {
        StringBuilder sb = new StringBuilder(header);
        for (String l : lines) {
            sb.append(l).append(eol);
        }
        return sb.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The data lines of an evaluated slice, after checking it starts with {@code header}. */
    static List<String> dataOf(byte[] slice, String header) {
        String s = new String(slice, StandardCharsets.UTF_8);
        if (!s.startsWith(header)) {
            throw new AssertionError("slice does not start with the header: "
                    + s.substring(0, Math.min(s.length(), 200)));
        }
        return splitLines(s.substring(header.length()));
    }

    /** Lines with their terminators removed ({@code \n}; {@code \r\n} kept as {@code \r} at the end). */
    static List<String> splitLines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            if (nl < 0) {
                throw new AssertionError("slice ends without a newline: " + s.substring(start));
            }
            out.add(s.substring(start, nl));
            start = nl + 1;
        }
        return out;
    }

    /** BGZF of {@code data} cut into blocks at {@code cuts} (offsets), each also at most 65280 bytes; with EOF. */
    static byte[] bgzf(byte[] data, long[] cuts, boolean eofMarker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = 0;
        int c = 0;
        while (start < data.length) {
            int end = Math.min(data.length, start + 65280);
            while (c < cuts.length && cuts[c] <= start) {
                c++;
            }
            if (c < cuts.length && cuts[c] < end) {
                end = (int) cuts[c];
            }
            block(out, data, start, end - start);
            start = end;
        }
        if (eofMarker) {
            block(out, data, 0, 0);
        }
        return out.toByteArray();
    }

    static void block(ByteArrayOutputStream out, byte[] data, int off, int len) {
        Deflater d = new Deflater(6, true);
        d.setInput(data, off, len);
        d.finish();
        byte[] buf = new byte[65536 + 1024];
        int n = 0;
        while (!d.finished()) {
            n += d.deflate(buf, n, buf.length - n);
        }
        d.end();
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        int bsize = 18 + n + 8;
        byte[] h = {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 'B', 'C', 2, 0,
            (byte) (bsize - 1), (byte) ((bsize - 1) >> 8)};
        out.write(h, 0, h.length);
        out.write(buf, 0, n);
        writeInt(out, (int) crc.getValue());
        writeInt(out, len);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >> 24);
    }

    /** Byte offsets where each data line starts in {@code vcf} (text) after {@code header}. */
    static long[] lineStarts(String header, List<String> lines, String eol) {
        long[] starts = new long[lines.size()];
        long p = bytes(header).length;
        for (int i = 0; i < lines.size(); i++) {
            starts[i] = p;
            p += bytes(lines.get(i)).length + eol.length();
        }
        return starts;
    }

    static void unchecked(IOException e) {
        throw new UncheckedIOException(e);
    }
}
