package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.exec.Planner;
import io.dataplug.core.exec.PreprocessPlan;
import io.dataplug.core.exec.TaskPlan;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract: commands, flags, outputs and exit codes, on local files and on S3. */
class DataplugCliTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("raw", "meta");

    @TempDir
    Path dir;

    static byte[] lines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("line ").append(i).append(" ").append("x".repeat(i % 37)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private String[] s3Flags() {
        return new String[] {"--endpoint", S3.server().endpoint(), "--region", "us-east-1", "--path-style"};
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(b, 0, r, 0, b.length);
        System.arraycopy(a, 0, r, b.length, a.length);
        return r;
    }

    @Test
    void localFileEndToEnd() throws Exception {
        byte[] data = lines(5000);
        Path file = dir.resolve("notes.txt");
        Files.write(file, data);
        String meta = dir.resolve("meta").toUri().toString();

        CliRunner.Result pre = CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta,
                "--chunk-size", "16KiB", "--workers", "2");
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        JsonNode attrs = Json.read(pre.stdout(), JsonNode.class).get("attributes");
        assertThat(attrs.get("lines").asLong()).isEqualTo(5000);
        assertThat(attrs.get("objects").asLong()).isEqualTo(1);
        assertThat(attrs.get("bytes").asLong()).isEqualTo(data.length);

        Path manifest = dir.resolve("manifest.jsonl");
        CliRunner.Result part = CliRunner.run("partition", file.toUri().toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=7", "--output", manifest.toString());
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        List<Slice> slices = Manifest.fromJsonLines(Files.newInputStream(manifest), manifest.toString());
        assertThat(slices).hasSize(7);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < slices.size(); i++) {
            Path out = dir.resolve("slice-" + i + ".txt");
            CliRunner.Result get = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", String.valueOf(i),
                    "--output", out.toString());
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            all.write(Files.readAllBytes(out));
        }
        assertThat(all.toByteArray()).isEqualTo(data);

        // A second preprocess finds the index and does no work.
        CliRunner.Result again = CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta);
        assertThat(Json.read(again.stdout(), JsonNode.class).get("alreadyIndexed").asInt()).isEqualTo(1);
    }

    @Test
    void s3EndToEndWithStdoutAndJobCompletionIndex() throws Exception {
        byte[] data = lines(3000);
        try (var store = S3.server().store()) {
            store.put(io.dataplug.core.storage.ObjectLocation.s3("raw", "cli/notes.txt"), data);
        }
        CliRunner.Result pre = CliRunner.run(concat(s3Flags(), "preprocess", "s3://raw/cli/notes.txt", "--format", "text",
                "--metadata", "s3://meta/cli/"));
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        CliRunner.Result part = CliRunner.run(concat(s3Flags(), "partition", "s3://raw/cli/notes.txt", "--format", "text",
                "--metadata", "s3://meta/cli/", "--strategy", "chunks", "--param", "count=3"));
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        Path manifest = dir.resolve("m.jsonl");
        Files.write(manifest, part.stdout());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            CliRunner.Result get = CliRunner.run(Map.of("JOB_COMPLETION_INDEX", String.valueOf(i)),
                    concat(s3Flags(), "slice", "get", "--manifest", manifest.toString()));
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            all.write(get.stdout());
        }
        assertThat(all.toByteArray()).isEqualTo(data);
    }

    /**
     * A Job pod ran the map tasks of a 16 KiB plan and died before finalize; then the CLI indexes the same object with
     * 40 KiB chunks. The pod's chunk results must not be taken for the CLI's (issue 7.1).
     */
    @Test
    void mapTasksOfAJobPodWithAnotherChunkSizeAreNotReused() throws Exception {
        ChunkedSamples s = ChunkedSamples.of("vcf");
        Path file = dir.resolve(s.name());
        Files.write(file, s.data());
        String meta = dir.resolve("meta").toUri().toString();
        try (StoreCache stores = new StoreCache()) {
            ObjectStore store = stores.get(StorageOptions.defaults());
            Format<?, ?, ?> f = Formats.get(s.format());
            PreprocessPlan plan = Planner.plan(f, Params.parse(f.options(), s.options(), "test"),
                    List.of(store.head(ObjectLocation.local(file))), StorageOptions.defaults(),
                    new MetadataStore(store, ObjectLocation.parse(meta)), 16 << 10);
            Files.write(dir.resolve("map.json"), TaskPlan.of(List.of(plan.tasks())).toJson());
        }
        CliRunner.Result pod = CliRunner.run(Map.of("JOB_COMPLETION_INDEX", "0"), "task", "run", "--plan",
                dir.resolve("map.json").toString());
        assertThat(pod.exitCode()).as(pod.stderr()).isZero();
        assertThat(pod.stderr()).contains("chunk 1/").contains("[0, 16384)");

        List<String> options = new ArrayList<>();
        s.options().forEach((k, v) -> options.addAll(List.of("--option", k + "=" + v)));
        CliRunner.Result pre = CliRunner.run(concat(options.toArray(String[]::new), "preprocess", file.toString(), "--format",
                s.format(), "--metadata", meta, "--chunk-size", "40KiB"));
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        Path manifest = dir.resolve("vcf.jsonl");
        List<String> partition = new ArrayList<>(List.of("partition", file.toString(), "--format", s.format(), "--metadata",
                meta, "--strategy", s.strategy(), "--output", manifest.toString()));
        partition.addAll(options);
        s.params().forEach((k, v) -> partition.addAll(List.of("--param", k + "=" + v)));
        CliRunner.Result part = CliRunner.run(partition.toArray(String[]::new));
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        List<byte[]> slices = new ArrayList<>();
        for (int i = 0; i < Manifest.fromJsonLines(Files.newInputStream(manifest), "m").size(); i++) {
            CliRunner.Result get = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", String.valueOf(i));
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            slices.add(get.stdout());
        }
        s.assertSlicesHoldTheData(slices);
    }

    /**
     * A slice is self-contained: a vcf slice reads its header side file from the metadata store the slice names,
     * so {@code slice get --manifest} needs no storage flags against a non-AWS endpoint (v1 slices needed
     * {@code --endpoint --path-style} and failed with an unknown host without them).
     */
    @Test
    void vcfSliceEvaluatesWithOnlyTheManifestAgainstANonAwsEndpoint() throws Exception {
        String header = "##fileformat=VCFv4.2\n##contig=<ID=chr1>\n##contig=<ID=chr2>\n"
                + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            data.append(i < 250 ? "chr1" : "chr2").append('\t').append(100 + i * 37).append("\t.\tA\tG\t50\tPASS\tDP=")
                    .append(i % 60).append('\n');
        }
        try (var store = S3.server().store()) {
            store.put(io.dataplug.core.storage.ObjectLocation.s3("raw", "self/calls.vcf"),
                    (header + data).getBytes(StandardCharsets.US_ASCII));
        }
        CliRunner.Result pre = CliRunner.run(concat(s3Flags(), "preprocess", "s3://raw/self/calls.vcf", "--format", "vcf",
                "--metadata", "s3://meta/self/"));
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        Path manifest = dir.resolve("self.jsonl");
        CliRunner.Result part = CliRunner.run(concat(s3Flags(), "partition", "s3://raw/self/calls.vcf", "--format", "vcf",
                "--metadata", "s3://meta/self/", "--strategy", "chunks", "--param", "count=4", "--output", manifest.toString()));
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            CliRunner.Result get = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", String.valueOf(i));
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            assertThat(get.out()).startsWith(header);
            lines.append(get.out().substring(header.length()));
        }
        assertThat(lines.toString()).isEqualTo(data.toString());
    }

    @Test
    void credentialsComeFromTheCommandEnvironment() throws Exception {
        try (var store = S3.server().store()) {
            store.put(io.dataplug.core.storage.ObjectLocation.s3("raw", "cred/notes.txt"), lines(10));
        }
        String[] args = concat(s3Flags(), "preprocess", "s3://raw/cred/notes.txt", "--format", "text", "--metadata", "s3://meta/cred/");
        CliRunner.Result wrong = CliRunner.run(Map.of("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", "not-the-secret"), args);
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).contains("s3://raw/cred/notes.txt").contains("access denied")
                .doesNotContain("not-the-secret");
        CliRunner.Result right = CliRunner.run(Map.of("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY), args);
        assertThat(right.exitCode()).as(right.stderr()).isZero();
    }

    @Test
    void configMapFolderManifest() throws Exception {
        byte[] data = lines(100);
        Path file = dir.resolve("a.txt");
        Files.write(file, data);
        String meta = dir.resolve("meta").toString();
        assertThat(CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta).exitCode()).isZero();
        CliRunner.Result part = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=2");
        List<Slice> slices = Manifest.fromJsonLines(new ByteArrayInputStream(part.stdout()), "stdout");
        Path mounted = Files.createDirectories(dir.resolve("mounted"));
        for (Slice s : slices) {
            Files.writeString(mounted.resolve(String.format("slice-%05d.json", s.index())), Json.string(s));
        }
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CliRunner.Result get = CliRunner.run("slice", "get", "--manifest", mounted.toString(), "--index", String.valueOf(i));
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            parts.add(get.stdout());
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        assertThat(all.toByteArray()).isEqualTo(data);
        CliRunner.Result outOfRange = CliRunner.run("slice", "get", "--manifest", mounted.toString(), "--index", "2");
        assertThat(outOfRange.exitCode()).isEqualTo(2);
        assertThat(outOfRange.stderr()).contains("slice index 2 out of range").contains("holds 2 slices");
    }

    @Test
    void prefixLeavesCompanionIndexFilesOut() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("calls"));
        String vcf = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                + "chr1\t10\t.\tA\tC\t50\tPASS\t.\nchr1\t20\t.\tG\tT\t50\tPASS\t.\n";
        Files.writeString(folder.resolve("a.vcf"), vcf);
        Files.writeString(folder.resolve("b.vcf"), vcf);
        Files.write(folder.resolve("b.vcf.tbi"), new byte[] {1, 2, 3});
        CliRunner.Result pre = CliRunner.run("preprocess", folder.toString(), "--format", "vcf", "--metadata",
                dir.resolve("meta").toString());
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        JsonNode attrs = Json.read(pre.stdout(), JsonNode.class).get("attributes");
        assertThat(attrs.get("objects").asLong()).isEqualTo(2);
        assertThat(attrs.get("variants").asLong()).isEqualTo(4);
    }

    /**
     * Issue 7.5: a strategy that would make more slices than --max-slices (default 100000) is a usage error that
     * names the count and the limit: 1 bp windows over a 470 KB VCF, one slice per line of a text file.
     */
    @Test
    void tooManySlicesIsAUsageErrorNamingTheCountAndTheLimit() throws Exception {
        Path vcf = dir.resolve("dense.vcf");
        Files.writeString(vcf, ChunkedSamples.vcf(new Random(5), new String[] {"chr1", "chr2", "chr3", "chr4"}, 3750, 167));
        String meta = dir.resolve("meta").toString();
        assertThat(CliRunner.run("preprocess", vcf.toString(), "--format", "vcf", "--metadata", meta).exitCode()).isZero();
        CliRunner.Result windows = CliRunner.run("partition", vcf.toString(), "--format", "vcf", "--metadata", meta,
                "--strategy", "regions", "--param", "bp=1");
        assertThat(windows.exitCode()).isEqualTo(2);
        assertThat(windows.stdout()).isEmpty();
        assertThat(windows.stderr()).matches("dataplug: strategy regions \\(bp=1\\) of format vcf would make \\d{7} slices, "
                + "more than the limit of 100000: ask for fewer slices, or raise --max-slices\\R");

        Path text = dir.resolve("lines.txt");
        Files.write(text, lines(5000));
        assertThat(CliRunner.run("preprocess", text.toString(), "--format", "text", "--metadata", meta).exitCode()).isZero();
        String[] perLine = {"partition", text.toString(), "--format", "text", "--metadata", meta, "--strategy", "chunk-size",
                "--param", "bytes=1"};
        CliRunner.Result refused = CliRunner.run(concat(new String[] {"--max-slices", "4999"}, perLine));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).isEqualTo("dataplug: strategy chunk-size (bytes=1) of format text would make 5000 slices, "
                + "more than the limit of 4999: ask for fewer slices, or raise --max-slices" + System.lineSeparator());
        Path manifest = Files.createDirectories(dir.resolve("out")).resolve("lines.jsonl");
        CliRunner.Result ok = CliRunner.run(concat(new String[] {"--max-slices", "5000", "--output", manifest.toString()}, perLine));
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(Manifest.fromJsonLines(Files.newInputStream(manifest), "m")).hasSize(5000);
        try (var files = Files.list(manifest.getParent())) {
            assertThat(files.map(x -> x.getFileName().toString())).containsExactly("lines.jsonl");
        }
        CliRunner.Result zero = CliRunner.run(concat(new String[] {"--max-slices", "0"}, perLine));
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.stderr()).contains("--max-slices must be at least 1");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path file = dir.resolve("u.txt");
        Files.write(file, lines(10));
        String meta = dir.resolve("meta").toString();

        CliRunner.Result noArgs = CliRunner.run("preprocess");
        assertThat(noArgs.exitCode()).isEqualTo(2);
        assertThat(noArgs.stderr()).contains("Missing required");

        CliRunner.Result unknownFormat = CliRunner.run("preprocess", file.toString(), "--format", "nope", "--metadata", meta);
        assertThat(unknownFormat.exitCode()).isEqualTo(2);
        assertThat(unknownFormat.stderr()).contains("unknown format 'nope'").contains("text");

        CliRunner.Result notIndexed = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=2");
        assertThat(notIndexed.exitCode()).isEqualTo(2);
        assertThat(notIndexed.stderr()).contains(file.toUri().toString()).contains("run 'dataplug preprocess' first");

        assertThat(CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta).exitCode()).isZero();
        CliRunner.Result badStrategy = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "rows");
        assertThat(badStrategy.exitCode()).isEqualTo(2);
        assertThat(badStrategy.stderr()).contains("unknown strategy 'rows' for format text").contains("chunks");

        CliRunner.Result badParam = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=2", "--param", "size=3");
        assertThat(badParam.exitCode()).isEqualTo(2);
        assertThat(badParam.stderr()).contains("unknown parameter 'size'");

        CliRunner.Result noIndex = CliRunner.run("slice", "get", "--manifest", dir.resolve("none.jsonl").toString());
        assertThat(noIndex.exitCode()).isEqualTo(2);
        assertThat(noIndex.stderr()).contains("JOB_COMPLETION_INDEX");
    }

    @Test
    void dataErrorsExitOneWithObjectName() throws Exception {
        String meta = dir.resolve("meta").toString();
        CliRunner.Result missing = CliRunner.run("preprocess", dir.resolve("absent.txt").toString(), "--format", "text",
                "--metadata", meta);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("absent.txt").contains("no such file");

        Path file = dir.resolve("changing.txt");
        Files.write(file, lines(200));
        assertThat(CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta).exitCode()).isZero();
        Path manifest = dir.resolve("c.jsonl");
        assertThat(CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta, "--strategy", "chunks",
                "--param", "count=2", "--output", manifest.toString()).exitCode()).isZero();
        Thread.sleep(5);
        Files.write(file, lines(201));
        Path out = dir.resolve("changed-out.txt");
        CliRunner.Result changed = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", "0",
                "--output", out.toString());
        assertThat(changed.exitCode()).isEqualTo(1);
        assertThat(changed.stderr()).contains("changing.txt").contains("changed since it was indexed");
        assertThat(out).doesNotExist();
        assertThat(changed.stderr().strip().lines().count()).isEqualTo(1);
    }
}
