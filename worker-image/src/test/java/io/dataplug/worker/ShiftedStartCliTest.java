package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7.3, shifted starts: a hand-edited manifest whose part start (and the correction that goes with it) is moved
 * into the middle of a record gives {@code slice get} exit 1 with a one-line message and no output file, never a
 * cut first record with exit 0. The untampered slice evaluates to exactly its bytes of the original file.
 */
class ShiftedStartCliTest {

    @TempDir
    Path dir;

    /** The original file, and where the first record the untampered slice writes begins in it. */
    record Original(byte[] data, long first) {
    }

    /** A hand edit of slice 1's first part. */
    record Edit(String name, BiConsumer<ObjectNode, Original> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> edits() {
        List<Arguments> cases = new ArrayList<>();
        for (String f : List.of("text", "csv")) {
            cases.add(Arguments.of(f, new Edit("start moved 3 bytes into a record", (p, o) -> shift(p, 3, "start"))));
            if (f.equals("csv")) { // text: see aTextPartBeforeItsOwnRangeFindsWholeLines
                cases.add(Arguments.of(f, new Edit("start and ownStart moved 1 byte into a record",
                        (p, o) -> shift(p, 1, "start", "corrections.ownStart"))));
            }
            cases.add(Arguments.of(f, new Edit("resumeAt set 2 bytes into a record after the first",
                    (p, o) -> ((ObjectNode) p.get("corrections")).put("resumeAt", nextLine(o.data(), o.first()) + 2))));
        }
        cases.add(Arguments.of("fasta", new Edit("start moved 1 byte into a header", (p, o) -> shift(p, 1, "start"))));
        cases.add(Arguments.of("fasta", new Edit("start moved to a sequence line of a record, no header repeated",
                (p, o) -> shift(p, nextLine(o.data(), p.get("start").asLong()) - p.get("start").asLong(), "start"))));
        cases.add(Arguments.of("fastq", new Edit("start moved 2 bytes into a read", (p, o) -> shift(p, 2, "start"))));
        cases.add(Arguments.of("fastq", new Edit("start moved to a quality line that begins with '@'",
                (p, o) -> shift(p, qualityLineStartingWithAt(o.data(), p.get("start").asLong()) - p.get("start").asLong(), "start"))));
        cases.add(Arguments.of("vcf", new Edit("start and from moved 4 bytes into a line",
                (p, o) -> shift(p, 4, "start", "corrections.from"))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("edits")
    void aStartInsideARecordIsRefused(String format, Edit edit) throws Exception {
        ChunkedSamples s = ChunkedSamples.of(format);
        Path file = dir.resolve(s.name());
        Files.write(file, s.data());
        List<JsonNode> slices = partitioned(s, file);
        JsonNode good = slices.get(1);

        Path untampered = dir.resolve("good.out");
        CliRunner.Result ok = get(slices.get(0), good, untampered);
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(Files.readAllBytes(untampered)).as("the untampered slice").isNotEmpty();
        long first = whereInTheFile(s, Files.readAllBytes(untampered));

        ObjectNode bad = good.deepCopy();
        edit.apply().accept((ObjectNode) bad.get("parts").get(0), new Original(s.data(), first));
        Path out = dir.resolve("bad.out");
        CliRunner.Result r = get(slices.get(0), bad, out);
        assertThat(r.exitCode()).as("exit code; stderr: " + r.stderr()).isEqualTo(1);
        assertThat(r.stderr().strip()).doesNotContain("\n").startsWith("dataplug: error: ").contains(s.name()).contains("byte");
        assertThat(out).as("no output file for a refused slice").doesNotExist();
    }

    /**
     * Without quoting, a part that starts before its own range finds its first record from any byte (the first
     * line feed): moving start and ownStart together changes which lines the slice owns, never cuts one.
     */
    @Test
    void aTextPartBeforeItsOwnRangeFindsWholeLines() throws Exception {
        ChunkedSamples s = ChunkedSamples.of("text");
        Path file = dir.resolve(s.name());
        Files.write(file, s.data());
        List<JsonNode> slices = partitioned(s, file);
        ObjectNode moved = slices.get(1).deepCopy();
        shift((ObjectNode) moved.get("parts").get(0), 1, "start", "corrections.ownStart");
        Path out = dir.resolve("moved.out");
        CliRunner.Result r = get(slices.get(0), moved, out);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        byte[] got = Files.readAllBytes(out);
        assertThat(got).isNotEmpty();
        whereInTheFile(s, got); // a run of the file's bytes starting a line
        assertThat(got[got.length - 1]).as("it ends a line").isEqualTo((byte) '\n');
    }

    private List<JsonNode> partitioned(ChunkedSamples s, Path file) throws Exception {
        String meta = dir.resolve("meta").toUri().toString();
        List<String> options = new ArrayList<>();
        s.options().forEach((k, v) -> options.addAll(List.of("--option", k + "=" + v)));
        List<String> pre = new ArrayList<>(List.of("preprocess", file.toString(), "--format", s.format(), "--metadata", meta,
                "--chunk-size", "16KiB"));
        pre.addAll(options);
        CliRunner.Result p = CliRunner.run(pre.toArray(String[]::new));
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        List<String> partition = new ArrayList<>(List.of("partition", file.toString(), "--format", s.format(), "--metadata",
                meta, "--strategy", s.strategy()));
        partition.addAll(options);
        s.params().forEach((k, v) -> partition.addAll(List.of("--param", k + "=" + v)));
        CliRunner.Result part = CliRunner.run(partition.toArray(String[]::new));
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        List<JsonNode> slices = part.out().lines().map(l -> Json.read(l, JsonNode.class)).toList();
        assertThat(slices).hasSizeGreaterThan(2);
        return slices;
    }

    /** Evaluates {@code slice} as slice 1 of a manifest that lists slices in order (slice 0 untouched before it). */
    private CliRunner.Result get(JsonNode first, JsonNode slice, Path out) throws Exception {
        Path manifest = dir.resolve("edited-" + System.nanoTime() + ".jsonl");
        Files.writeString(manifest, Json.string(first) + "\n" + Json.string(slice) + "\n");
        return CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", "1", "--output", out.toString());
    }

    /** The slice (a repeated header aside) is a run of the file's bytes that starts a line: where it starts. */
    private static long whereInTheFile(ChunkedSamples s, byte[] slice) {
        String data = new String(s.data(), StandardCharsets.ISO_8859_1);
        String body = new String(slice, StandardCharsets.ISO_8859_1).substring(s.headerBytes());
        if (s.format().equals("fasta") && body.startsWith(">") && body.contains(" offset=")) {
            body = body.substring(body.indexOf('\n') + 1); // a repeated header with its offset note
        }
        int at = data.indexOf(body);
        assertThat(at).as(s.format() + ": the slice is a run of the file").isGreaterThanOrEqualTo(0);
        assertThat(at == 0 || data.charAt(at - 1) == '\n').as("it starts a line").isTrue();
        return at;
    }

    /** Adds {@code by} to each field (a dotted path under the part). */
    private static void shift(ObjectNode part, long by, String... fields) {
        for (String f : fields) {
            ObjectNode holder = part;
            String name = f;
            if (f.startsWith("corrections.")) {
                holder = (ObjectNode) part.get("corrections");
                name = f.substring("corrections.".length());
            }
            holder.put(name, holder.get(name).asLong() + by);
        }
    }

    private static long nextLine(byte[] data, long from) {
        long i = from;
        while (data[(int) i] != '\n') {
            i++;
        }
        return i + 1;
    }

    /** The start of the first quality line at or after {@code from} (a read start) that begins with '@'. */
    private static long qualityLineStartingWithAt(byte[] data, long from) {
        long read = from;
        while (true) {
            long qual = nextLine(data, nextLine(data, nextLine(data, read)));
            if (data[(int) qual] == '@') {
                return qual;
            }
            read = nextLine(data, qual);
        }
    }
}
