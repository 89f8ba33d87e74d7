package io.dataplug.core.formats.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Test data generators, an independent reference record splitter, and the exactness assertions. */
final class LinesTesting {

    private LinesTesting() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- reference splitter

    /**
     * Record start offsets, written independently of the main code, following Python's csv reader: a quote
     * opens a quoted field only at the start of a field. {@code quote < 0}: plain lines.
     */
    static List<Long> recordStarts(byte[] d, int sep, int quote) {
        List<Long> starts = new ArrayList<>();
        if (d.length > 0) {
            starts.add(0L);
        }
        final int startField = 0;
        final int inField = 1;
        final int inQuoted = 2;
        final int quoteInQuoted = 3;
        int st = startField;
        for (int i = 0; i < d.length; i++) {
            int c = d[i] & 0xff;
            boolean end = false;
            if (quote < 0) {
                end = c == '\n';
            } else {
                switch (st) {
                    case startField -> {
                        if (c == '\n') {
                            end = true;
                        } else if (c == quote) {
                            st = inQuoted;
                        } else if (c != sep) {
                            st = inField;
                        }
                    }
                    case inField -> {
                        if (c == '\n') {
                            end = true;
                        } else if (c == sep) {
                            st = startField;
                        }
                    }
                    case inQuoted -> {
                        if (c == quote) {
                            st = quoteInQuoted;
                        }
                    }
                    default -> {
                        if (c == quote) {
                            st = inQuoted;
                        } else if (c == sep) {
                            st = startField;
                        } else if (c == '\n') {
                            end = true;
                        } else {
                            st = inField;
                        }
                    }
                }
            }
            if (end) {
                st = startField;
                if (i + 1 < d.length) {
                    starts.add(i + 1L);
                }
            }
        }
        if (st == inQuoted) {
            throw new IllegalArgumentException("unterminated quote in test data");
        }
        return starts;
    }

    /** The header record (the first record), or empty. */
    static byte[] firstRecord(byte[] data, List<Long> starts) {
        if (starts.isEmpty()) {
            return new byte[0];
        }
        return Arrays.copyOf(data, (int) (starts.size() > 1 ? starts.get(1) : data.length));
    }

    /** Fields of every record, as Python's csv.reader returns them (an empty line is an empty row). */
    static List<List<String>> parseCsv(byte[] data, int sep, int quote) {
        List<Long> starts = recordStarts(data, sep, quote);
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < starts.size(); r++) {
            int from = starts.get(r).intValue();
            int to = r + 1 < starts.size() ? starts.get(r + 1).intValue() : data.length;
            if (to > from && data[to - 1] == '\n') {
                to--;
                if (to > from && data[to - 1] == '\r') {
                    to--;
                }
            }
            List<String> fields = new ArrayList<>();
            if (to == from) {
                rows.add(fields);
                continue;
            }
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            boolean quoted = false;
            boolean atStart = true;
            for (int i = from; i < to; i++) {
                int c = data[i] & 0xff;
                if (quoted) {
                    if (c == quote) {
                        if (i + 1 < to && (data[i + 1] & 0xff) == quote) {
                            f.write(c);
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        f.write(c);
                    }
                } else if (c == sep) {
                    fields.add(f.toString(StandardCharsets.UTF_8));
                    f.reset();
                    atStart = true;
                    continue;
                } else if (c == quote && atStart) {
                    quoted = true;
                } else {
                    f.write(c);
                }
                atStart = false;
            }
            fields.add(f.toString(StandardCharsets.UTF_8));
            rows.add(fields);
        }
        return rows;
    }

    // ---------------------------------------------------------------- generators

    private static final String[] WORDS = {"alpha", "beta", "x", "42", "-3.5e7", "日本語", "é", "naïve", "ταυ", "", "NULL"};

    /**
     * A CSV with every RFC 4180 hazard: quoted fields holding separators, escaped quotes, LF and CRLF line
     * breaks; quotes in the middle of unquoted fields (literal); empty fields; LF or CRLF record ends.
     */
    static byte[] csv(Random rnd, int rows, char sep, boolean crlf, boolean trailingNewline) {
        StringBuilder sb = new StringBuilder();
        String eol = crlf ? "\r\n" : "\n";
        sb.append("id").append(sep).append("\"name").append(sep).append(" with sep\"").append(sep)
                .append("\"multi\nline \"\"header\"\"\"").append(sep).append("note").append(eol);
        for (int r = 0; r < rows; r++) {
            int cols = 4 + rnd.nextInt(2);
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    sb.append(sep);
                }
                sb.append(c == 0 ? Integer.toString(r) : field(rnd, sep));
            }
            if (r < rows - 1 || trailingNewline) {
                sb.append(rnd.nextInt(10) == 0 ? (crlf ? "\n" : "\r\n") : eol);
            }
        }
        return utf8(sb.toString());
    }

    private static String field(Random rnd, char sep) {
        String w = WORDS[rnd.nextInt(WORDS.length)];
        return switch (rnd.nextInt(10)) {
            case 0 -> "\"" + w + sep + w + "\"";
            case 1 -> "\"" + w + "\n" + sep + "\r\n" + w + "\"";
            case 2 -> "\"say \"\"" + w + "\"\"\"";
            case 3 -> "ab\"c" + w;            // a quote inside an unquoted field is an ordinary character
            case 4 -> "\"\"";                 // empty quoted field
            case 5 -> "\"" + "\n".repeat(rnd.nextInt(3)) + "\"\"" + "\"";
            default -> w;
        };
    }

    /** Lines of varied lengths (empty ones too), LF or CRLF ends, and bytes that are not UTF-8. */
    static byte[] text(Random rnd, int lines, boolean trailingNewline) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++) {
            int len = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(rnd.nextInt(10) == 0 ? 2000 : 120);
            for (int j = 0; j < len; j++) {
                int k = rnd.nextInt(40);
                out.write(k == 0 ? 0xff : k == 1 ? 0xc3 : k == 2 ? '\r' : k == 3 ? '"' : 'a' + rnd.nextInt(26));
            }
            if (i < lines - 1 || trailingNewline) {
                out.writeBytes(rnd.nextInt(5) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
            }
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- python

    static boolean hasPython() {
        return ExternalTools.has("python3");
    }

    static void python(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        ExternalTools.Result r = ExternalTools.exec(null, null, null, cmd.toArray(String[]::new));
        if (r.exit() != 0) {
            fail("python3 failed: " + new String(r.out(), StandardCharsets.UTF_8) + r.err());
        }
    }

    /**
     * Python's csv module writes a CSV with multi-line quoted fields, separators and quotes inside fields
     * (header included), then reads it back; returns the file and the rows Python read.
     */
    static PyCsv pythonCsv(Path dir, long seed, int rows, String delimiter, String terminator, int quoting)
            throws IOException, InterruptedException {
        Path csv = dir.resolve("py-" + seed + ".csv");
        Path json = dir.resolve("py-" + seed + ".json");
        python("""
                import csv, json, random, sys
                out, back, seed, n, delim, term, quoting = sys.argv[1:8]
                r = random.Random(int(seed))
                atoms = ['a', 'b', 'xyz', ' ', ',', ';', '\\t', '"', '""', '\\n', '\\r\\n', '\\r', 'é', '日本', '1', "'"]
                def field():
                    k = r.random()
                    if k < 0.1: return ''
                    if k < 0.25: return str(r.randint(-10**6, 10**6))
                    return ''.join(r.choice(atoms) for _ in range(r.randint(1, 12)))
                rows = [['id', 'name, quoted', 'say "hi"', 'multi\\nline', '']]
                rows += [[str(i)] + [field() for _ in range(4)] for i in range(int(n))]
                with open(out, 'w', newline='', encoding='utf-8') as f:
                    csv.writer(f, delimiter=delim, lineterminator=term, quoting=int(quoting)).writerows(rows)
                with open(out, newline='', encoding='utf-8') as f:
                    got = list(csv.reader(f, delimiter=delim))
                assert got == rows, 'python could not read back its own CSV'
                with open(back, 'w') as f:
                    json.dump(got, f)
                """, csv.toString(), json.toString(), Long.toString(seed), Integer.toString(rows), delimiter, terminator,
                Integer.toString(quoting));
        List<List<String>> parsed = Json.MAPPER.readValue(json.toFile(), new TypeReference<>() { });
        return new PyCsv(Files.readAllBytes(csv), parsed);
    }

    /** Python writes text lines (Unicode, empty lines) with the given line ending; returns the bytes. */
    static byte[] pythonText(Path dir, long seed, int lines, String newline, boolean trailing)
            throws IOException, InterruptedException {
        Path out = dir.resolve("py-" + seed + ".txt");
        python("""
                import random, sys
                out, seed, n, nl, trailing = sys.argv[1:6]
                r = random.Random(int(seed))
                words = ['lorem', 'ipsum', 'δ', '日本語', 'naïve', '"quoted"', ',', '']
                lines = [' '.join(r.choice(words) for _ in range(r.randint(0, 20))) for _ in range(int(n))]
                with open(out, 'w', newline=nl.replace('CRLF', '\\r\\n').replace('LF', '\\n'), encoding='utf-8') as f:
                    f.write('\\n'.join(lines) + ('\\n' if trailing == 'true' else ''))
                """, out.toString(), Long.toString(seed), Integer.toString(lines), newline, Boolean.toString(trailing));
        return Files.readAllBytes(out);
    }

    record PyCsv(byte[] data, List<List<String>> rows) {
    }

    // ---------------------------------------------------------------- assertions

    /**
     * The exactness contract. Every slice starts with {@code header}; the slice bodies (slices minus the header),
     * concatenated after one header, are {@code original} byte for byte; and every body starts and ends on a
     * record boundary of {@code original} (given by {@code starts}), so records are whole, in order, none lost
     * or repeated.
     */
    static void assertExact(String what, byte[] original, byte[] header, List<Long> starts, List<byte[]> slices) {
        Set<Long> boundaries = new HashSet<>(starts);
        boundaries.add((long) original.length);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(header);
        long pos = header.length;
        for (int i = 0; i < slices.size(); i++) {
            byte[] s = slices.get(i);
            if (s.length < header.length || !Arrays.equals(s, 0, header.length, header, 0, header.length)) {
                fail(what + ": slice " + i + " of " + slices.size() + " does not start with the header");
            }
            if (!boundaries.contains(pos)) {
                fail(what + ": slice " + i + " of " + slices.size() + " starts at offset " + pos + ", inside a record");
            }
            all.write(s, header.length, s.length - header.length);
            pos += s.length - header.length;
        }
        byte[] got = all.toByteArray();
        if (!Arrays.equals(got, original)) {
            int m = Arrays.mismatch(got, original);
            fail(what + ": reassembled slices differ from the original at byte " + m + " (got " + got.length
                    + " bytes, expected " + original.length + ")");
        }
    }

    /** How many slices a strategy must produce: never more than records, one when there are none. */
    static long expectedSlices(long requested, long records) {
        return Math.max(1, Math.min(requested, records));
    }

    static void assertCount(String what, List<byte[]> slices, long expected) {
        assertThat(slices).as(what + ": number of slices").hasSize((int) expected);
    }
}
