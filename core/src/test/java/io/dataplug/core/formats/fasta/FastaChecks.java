package io.dataplug.core.formats.fasta;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.index.IndexMarker;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Oracles for FASTA tests: an independent reader, slice reassembly, and samtools. */
final class FastaChecks {

    /** A synthetic continuation header: the first line of a slice that starts inside a sequence. */
    static final Pattern CONTINUATION = Pattern.compile("^(>.*) offset=(\\d+)$");

    private FastaChecks() {
    }

    /** A sequence as read back: name and residues. */
    record Seq(String name, String residues) {
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String nameOf(String headerLine) {
        String h = headerLine.substring(1).stripLeading();
        int i = 0;
        while (i < h.length() && !Character.isWhitespace(h.charAt(i))) {
            i++;
        }
        return h.substring(0, i);
    }

    /** Lines without their terminators (LF or CRLF); a final terminator does not start an empty line. */
    static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int nl = s.indexOf('\n', i);
            int end = nl < 0 ? s.length() : nl;
            String line = s.substring(i, end);
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            i = nl < 0 ? s.length() : nl + 1;
        }
        return out;
    }

    /** A plain reading of a whole FASTA text, independent of the format's code. */
    static List<Seq> read(byte[] data) {
        List<Seq> seqs = new ArrayList<>();
        String name = null;
        StringBuilder res = new StringBuilder();
        for (String line : lines(text(data))) {
            if (line.startsWith(">")) {
                if (name != null) {
                    seqs.add(new Seq(name, res.toString()));
                }
                name = nameOf(line);
                res.setLength(0);
            } else {
                res.append(line);
            }
        }
        if (name != null) {
            seqs.add(new Seq(name, res.toString()));
        }
        return seqs;
    }

    /**
     * Reassembles the sequences of {@code chunks} slices: a slice whose first line is a continuation header
     * appends to the previous slice's last sequence, whose name it must repeat and whose residue count so far
     * must equal its {@code offset}.
     */
    static List<Seq> reassemble(List<byte[]> slices) {
        List<String> names = new ArrayList<>();
        List<StringBuilder> residues = new ArrayList<>();
        for (byte[] slice : slices) {
            boolean first = true;
            for (String line : lines(text(slice))) {
                if (line.startsWith(">")) {
                    Matcher m = CONTINUATION.matcher(line);
                    if (first && m.matches()) {
                        assertThat(names).as("continuation header '%s' needs a sequence before it", line).isNotEmpty();
                        assertThat(nameOf(m.group(1))).isEqualTo(names.get(names.size() - 1));
                        assertThat(Long.parseLong(m.group(2))).as("offset in '%s'", line)
                                .isEqualTo(residues.get(residues.size() - 1).length());
                    } else {
                        assertThat(m.matches()).as("only a slice's first line may be a continuation: %s", line).isFalse();
                        names.add(nameOf(line));
                        residues.add(new StringBuilder());
                    }
                } else if (!line.isEmpty()) {
                    assertThat(names).as("sequence line before any header").isNotEmpty();
                    residues.get(residues.size() - 1).append(line);
                }
                first = false;
            }
        }
        List<Seq> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Seq(names.get(i), residues.get(i).toString()));
        }
        return out;
    }

    /** The slice without its synthetic continuation header line, if it has one. */
    static byte[] withoutContinuation(byte[] slice) {
        String s = text(slice);
        int nl = s.indexOf('\n');
        if (nl > 0) {
            String first = s.substring(0, nl).replace("\r", "");
            if (CONTINUATION.matcher(first).matches()) {
                return Arrays.copyOfRange(slice, nl + 1, slice.length);
            }
        }
        return slice;
    }

    /** Byte equality, reported as the first differing offset rather than two dumped arrays. */
    static void assertSameBytes(String what, byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                throw new AssertionError(what + ": first difference at byte " + i + ": expected "
                        + excerpt(expected, i) + " but got " + excerpt(actual, i));
            }
        }
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " bytes but got " + actual.length
                    + " (equal up to byte " + n + ")");
        }
    }

    private static String excerpt(byte[] b, int at) {
        int from = Math.max(0, at - 20);
        return "'" + text(Arrays.copyOfRange(b, from, Math.min(b.length, at + 20))).replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    /** Same sequences in the same order, reported by index and first differing residue. */
    static void assertSameSeqs(String what, List<Seq> expected, List<Seq> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            Seq e = expected.get(i);
            Seq a = actual.get(i);
            assertThat(a.name()).as("%s: name of sequence %d", what, i).isEqualTo(e.name());
            if (!a.residues().equals(e.residues())) {
                int d = 0;
                while (d < Math.min(a.residues().length(), e.residues().length()) && a.residues().charAt(d) == e.residues().charAt(d)) {
                    d++;
                }
                throw new AssertionError(what + ": sequence " + i + " (" + e.name() + ") has " + a.residues().length()
                        + " residues, expected " + e.residues().length() + "; first difference at residue " + d);
            }
        }
        assertThat(actual.size()).as("%s: number of sequences", what).isEqualTo(expected.size());
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static int lineCount(byte[] data) {
        int n = 0;
        for (byte b : data) {
            if (b == '\n') {
                n++;
            }
        }
        return n + 1;
    }

    /**
     * Where {@code chunks} may cut, counted independently: the start of each record (the first one takes any
     * blank lines before it) and of each sequence line but a record's first; an object of blank lines has one.
     */
    static int chunkCutPoints(byte[] data) {
        if (data.length == 0) {
            return 0;
        }
        int points = 0;
        boolean firstLine = false;
        for (String line : lines(text(data))) {
            if (line.startsWith(">")) {
                points++;
                firstLine = true;
            } else if (!line.isEmpty()) {
                points += firstLine ? 0 : 1;
                firstLine = false;
            }
        }
        return Math.max(1, points);
    }

    static List<byte[]> evaluate(Pipeline p, List<Slice> slices) {
        List<byte[]> out = new ArrayList<>();
        for (Slice s : slices) {
            out.add(p.evaluate(s));
        }
        return out;
    }

    static byte[] fai(Pipeline p, ObjectInfo info) {
        return p.store().readIfExists(MetadataLayout.sideFile(indexDir(p, info), FastaFormat.FAI)).orElseThrow();
    }

    static byte[] index(Pipeline p, ObjectInfo info) {
        IndexMarker marker = p.metadata().marker(FastaFormat.NAME, Map.of(), info).orElseThrow();
        return CommittedIndex.index(p.store(), indexDir(p, info), marker).getBytes(StandardCharsets.UTF_8);
    }

    /** The folder the object's marker commits. */
    private static ObjectLocation indexDir(Pipeline p, ObjectInfo info) {
        return ObjectLocation.parse(p.indexes(FastaFormat.NAME, Map.of(), List.of(info)).get(0).metadataDir());
    }

    // ---- samtools ----

    /** Runs a command; its exit code, stdout and stderr. */
    static ExternalTools.Result run(Path dir, String... cmd) {
        return ExternalTools.exec(dir, null, null, cmd);
    }

    /** The .fai samtools writes for {@code data}, or null when samtools refuses the file. */
    static byte[] samtoolsFai(Path dir, String name, byte[] data) {
        try {
            Path f = dir.resolve(name);
            Files.write(f, data);
            Files.deleteIfExists(dir.resolve(name + ".fai"));
            ExternalTools.Result r = run(dir, "samtools", "faidx", name);
            Path fai = dir.resolve(name + ".fai");
            return r.exit() == 0 && Files.exists(fai) ? Files.readAllBytes(fai) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code samtools faidx <file> <names...>}, read back as name to residues. {@code file} must be indexed. */
    static Map<String, String> samtoolsSequences(Path file, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int from = 0; from < names.size(); from += 500) {
            List<String> cmd = new ArrayList<>(List.of("samtools", "faidx", file.toString()));
            cmd.addAll(names.subList(from, Math.min(names.size(), from + 500)));
            ExternalTools.Result r = run(null, cmd.toArray(String[]::new));
            assertThat(r.exit()).as("samtools faidx: %s", r.err()).isZero();
            for (Seq s : read(r.out())) {
                out.put(s.name, s.residues);
            }
        }
        return out;
    }
}
