package io.dataplug.core.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import htsjdk.samtools.fastq.FastqReader;
import htsjdk.samtools.fastq.FastqRecord;
import htsjdk.samtools.reference.FastaSequenceFile;
import htsjdk.samtools.reference.ReferenceSequence;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The records of a data file as readers independent of Dataplug read them: htsjdk for FASTQ and FASTA, Python's
 * {@code csv} module for CSV, and the JDK's line reading (after its own gzip decoder for {@code .gz}) for text
 * and VCF. Records come as lists of column values, to compare with what the reader API and the Spark connector
 * give; LAS point records by the header's own numbers. The oracle of their tests.
 */
public final class OriginalRecords {

    private OriginalRecords() {
    }

    /** Lines without terminators (LF or CRLF), decoded as UTF-8; none after a final line break. */
    public static List<List<Object>> lines(Path file) {
        return readLines(file).stream().map(l -> List.<Object>of(l)).toList();
    }

    /** VCF data lines ({@code #} lines left out). */
    public static List<List<Object>> vcfLines(Path file) {
        return readLines(file).stream().filter(l -> !l.startsWith("#")).map(l -> List.<Object>of(l)).toList();
    }

    /** VCF data lines as chrom, pos, id, ref, alt, qual, filter, info, and the rest (null when absent). */
    public static List<List<Object>> vcfFields(Path file) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> line : vcfLines(file)) {
            String[] f = ((String) line.get(0)).split("\t");
            List<Object> row = new ArrayList<>(List.of(f[0], Long.parseLong(f[1]), f[2], f[3], f[4], f[5], f[6], f[7]));
            row.add(f.length > 8 ? String.join("\t", List.of(f).subList(8, f.length)) : null);
            rows.add(row);
        }
        return rows;
    }

    /** CSV rows by Python's {@code csv} reader (blank rows left out); the header row first. */
    public static List<List<Object>> csv(Path file) {
        String script = "import csv, json, sys\n"
                + "rows = [r for r in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')) if r]\n"
                + "json.dump(rows, sys.stdout)\n";
        byte[] out = ExternalTools.run(null, "python3", "-c", script, file.toString());
        try {
            return new ObjectMapper().readValue(out, new TypeReference<List<List<Object>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** FASTQ reads as name (header without '@'), sequence, quality, by htsjdk. */
    public static List<List<Object>> fastq(Path file) {
        List<List<Object>> reads = new ArrayList<>();
        try (FastqReader r = new FastqReader(null, new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8)))) {
            for (FastqRecord rec : r) {
                reads.add(List.of(rec.getReadName(), rec.getReadString(), rec.getBaseQualityString()));
            }
        }
        return reads;
    }

    /** FASTA sequences by full header line (without '>'), in file order, by htsjdk. */
    public static Map<String, String> fasta(Path file) {
        Map<String, String> sequences = new LinkedHashMap<>();
        try (FastaSequenceFile f = new FastaSequenceFile(file, false)) {
            ReferenceSequence s;
            while ((s = f.nextSequence()) != null) {
                sequences.put(s.getName(), new String(s.getBases(), StandardCharsets.US_ASCII));
            }
        }
        return sequences;
    }

    /**
     * Reassembles FASTA pieces (name, offset, sequence), checking that each piece starts where the sequence's
     * previous piece ended: sequences by name, in order of first appearance.
     */
    public static Map<String, String> reassemble(List<List<Object>> pieces) {
        Map<String, StringBuilder> out = new LinkedHashMap<>();
        for (List<Object> p : pieces) {
            StringBuilder sb = out.computeIfAbsent((String) p.get(0), k -> new StringBuilder());
            long offset = ((Number) p.get(1)).longValue();
            if (offset != sb.length()) {
                throw new AssertionError("piece of " + p.get(0) + " at offset " + offset + ", but " + sb.length()
                        + " residues came before it");
            }
            sb.append((String) p.get(2));
        }
        Map<String, String> result = new LinkedHashMap<>();
        out.forEach((k, v) -> result.put(k, v.toString()));
        return result;
    }

    /**
     * The point records of an uncompressed LAS file, each as hex, read from the header's offset to point data,
     * record length and point count (the 64-bit count of LAS 1.4 where the legacy one is 0).
     */
    public static List<String> lasPoints(byte[] las) {
        ByteBuffer b = ByteBuffer.wrap(las).order(ByteOrder.LITTLE_ENDIAN);
        long offset = Integer.toUnsignedLong(b.getInt(96));
        int length = Short.toUnsignedInt(b.getShort(105));
        long count = Integer.toUnsignedLong(b.getInt(107));
        if (count == 0 && las[25] >= 4) {
            count = b.getLong(247);
        }
        List<String> points = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            int at = Math.toIntExact(offset + i * length);
            points.add(HexFormat.of().formatHex(las, at, at + length));
        }
        return points;
    }

    private static List<String> readLines(Path file) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The file's bytes, gunzipped (all members) when it ends in {@code .gz}. */
    private static InputStream open(Path file) {
        try {
            byte[] data = Files.readAllBytes(file);
            InputStream in = new ByteArrayInputStream(data);
            return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
