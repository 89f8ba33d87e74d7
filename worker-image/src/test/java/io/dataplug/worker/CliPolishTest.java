package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's rough edges (issue 13, item 5), one test per point: help and version everywhere, a manifest on stdin,
 * one size syntax, bad values exit 2 with one line, short credential and file errors, no parser internals.
 */
class CliPolishTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("polish");

    @TempDir
    Path dir;

    /** Every command path of the CLI: [], [preprocess], [slice], [slice, get], ... */
    static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new DataplugCli()), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    private static String[] args(List<String> path, String... more) {
        return Stream.concat(path.stream(), Stream.of(more)).toArray(String[]::new);
    }

    private static void assertOneLineUsageError(CliRunner.Result r, String... fragments) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().strip().lines().count()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("dataplug: ").contains(fragments);
        assertThat(r.out()).isEmpty();
    }

    private Path textFile(String name, int lines) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("line ").append(i).append(' ').append("y".repeat(i % 29)).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb);
        return f;
    }

    /** Preprocesses {@code file} as text and partitions it into {@code count} chunks; the manifest is on stdout. */
    private CliRunner.Result partitioned(Path file, int count) {
        String meta = dir.resolve("meta").toString();
        CliRunner.Result pre = CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta);
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        CliRunner.Result part = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=" + count);
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        return part;
    }

    @Test
    void helpWorksOnEveryCommandAndSubcommand() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).contains(List.of("preprocess"), List.of("slice", "get"), List.of("task", "run"), List.of("formats"));
        for (List<String> path : paths) {
            String usage = "Usage: " + String.join(" ", args(List.of("dataplug"), path.toArray(String[]::new)));
            for (String flag : List.of("--help", "-h")) {
                CliRunner.Result r = CliRunner.run(args(path, flag));
                assertThat(r.exitCode()).as("%s %s: %s", path, flag, r.stderr()).isZero();
                assertThat(r.out()).as("%s %s", path, flag).startsWith(usage);
            }
            if (path.size() <= 1) { // picocli's help command looks one level down
                CliRunner.Result viaHelp = CliRunner.run(args(List.of("help"), path.toArray(String[]::new)));
                assertThat(viaHelp.exitCode()).as("help %s", path).isZero();
                assertThat(viaHelp.out()).startsWith(usage);
            }
        }
        // Required options do not stand in the way of help.
        assertThat(CliRunner.run("slice", "get", "--index", "3", "--help").exitCode()).isZero();
    }

    @Test
    void versionIsTheBuildsOnEveryCommand() {
        String expected = System.getProperty("dataplug.expected.version");
        assertThat(expected).as("set by the build (surefire)").isNotBlank();
        for (List<String> path : commandPaths()) {
            CliRunner.Result r = CliRunner.run(args(path, "--version"));
            assertThat(r.exitCode()).as("%s --version", path).isZero();
            assertThat(r.out().lines().findFirst().orElse("")).isEqualTo("dataplug " + expected);
        }
    }

    @Test
    void manifestDashReadsStandardInput() throws Exception {
        Path file = textFile("stdin.txt", 2000);
        CliRunner.Result part = partitioned(file, 4);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            CliRunner.Result get = CliRunner.runWithStdin(Map.of(), part.stdout(), "slice", "get", "--manifest", "-",
                    "--index", String.valueOf(i));
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            all.write(get.stdout());
        }
        assertThat(all.toByteArray()).isEqualTo(Files.readAllBytes(file));

        CliRunner.Result beyond = CliRunner.runWithStdin(Map.of(), part.stdout(), "slice", "get", "--manifest", "-", "--index", "4");
        assertOneLineUsageError(beyond, "slice index 4 out of range: stdin holds 4 slices");
        CliRunner.Result empty = CliRunner.runWithStdin(Map.of(), new byte[0], "slice", "get", "--manifest", "-", "--index", "0");
        assertOneLineUsageError(empty, "stdin holds 0 slices");
    }

    @Test
    void sizesTakeOneSyntaxInFlagsOptionsAndParameters() throws Exception {
        Path file = textFile("sizes.txt", 6000);
        List<List<SlicePart<?>>> partitions = new ArrayList<>();
        for (String size : List.of("16Ki", "16KiB", "16384")) {
            String meta = dir.resolve("meta-" + size).toString();
            CliRunner.Result pre = CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta,
                    "--chunk-size", size, "--option", "checkpoint-span=" + size);
            assertThat(pre.exitCode()).as("--chunk-size %s: %s", size, pre.stderr()).isZero();
            CliRunner.Result part = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                    "--option", "checkpoint-span=" + size, "--strategy", "chunk-size", "--param", "bytes=" + size);
            assertThat(part.exitCode()).as(part.stderr()).isZero();
            List<Slice> slices = Manifest.fromJsonLines(new ByteArrayInputStream(part.stdout()), "m");
            assertThat(slices).hasSize((int) Math.ceilDiv(Files.size(file), 16384));
            partitions.add(slices.stream().flatMap(sl -> sl.parts().stream()).toList());
        }
        // The same ranges and corrections whichever spelling was used (the slices record the parameters as given).
        assertThat(partitions.get(1)).isEqualTo(partitions.get(0));
        assertThat(partitions.get(2)).isEqualTo(partitions.get(0));
    }

    @Test
    void badValuesExitTwoWithOneLine() throws Exception {
        Path file = textFile("bad.txt", 50);
        String meta = dir.resolve("meta").toString();
        String[] pre = {"preprocess", file.toString(), "--format", "text", "--metadata", meta};
        assertOneLineUsageError(CliRunner.run(args(List.of(pre), "--chunk-size", "lots")),
                "--chunk-size", "not a size: 'lots'", "see 'dataplug preprocess --help'");
        assertOneLineUsageError(CliRunner.run(args(List.of(pre), "--chunk-size", "64M")), "ambiguous size '64M': write 64Mi");
        assertOneLineUsageError(CliRunner.run(args(List.of(pre), "--chunk-size", "0")), "'0': must be at least 1 byte");
        assertOneLineUsageError(CliRunner.run(args(List.of(pre), "--workers", "0")), "--workers must be at least 1, got 0");
        assertOneLineUsageError(CliRunner.run(args(List.of(pre), "--workers", "two")), "--workers", "'two' is not an int");
        assertOneLineUsageError(CliRunner.run(args(List.of(pre), "--option", "checkpoint-span=1GB")),
                "bad value '1GB' for parameter 'checkpoint-span'", "ambiguous size '1GB'");
        assertOneLineUsageError(CliRunner.run("preprocess"), "Missing required", "see 'dataplug preprocess --help'");
        assertOneLineUsageError(CliRunner.run("slice"), "Missing required subcommand", "see 'dataplug slice --help'");
        assertOneLineUsageError(CliRunner.run("slcie", "get"), "'slcie'", "did you mean slice?");
        assertOneLineUsageError(CliRunner.run("slice", "get", "--manifest", "m", "--index", "-1"), "slice index must be >= 0, got -1");
        assertOneLineUsageError(CliRunner.run("slice", "get", "--manifest", "m", "--index", "x"), "--index", "'x' is not an int");

        assertThat(CliRunner.run(pre).exitCode()).isZero();
        assertOneLineUsageError(CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunk-size", "--param", "bytes=10k"), "bad value '10k' for parameter 'bytes'", "write 10Ki");
        assertOneLineUsageError(CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=many"), "bad value 'many' for parameter 'count'");
    }

    @Test
    void missingCredentialsIsOneShortLineNamingWhatToSet() throws Exception {
        Map<String, String> env = System.getenv();
        assumeTrue(Stream.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").noneMatch(env::containsKey), "this machine has AWS credentials in its environment");
        Path home = Path.of(System.getProperty("user.home"), ".aws");
        assumeTrue(!Files.exists(home.resolve("credentials")) && !Files.exists(home.resolve("config")), "this machine has ~/.aws");
        try (var store = S3.server().store()) {
            store.put(ObjectLocation.s3("polish", "creds/notes.txt"), "a\nb\n".getBytes(StandardCharsets.US_ASCII));
        }
        // EmbeddedS3 hands its keys to the whole JVM as system properties; take them away for this run, and keep the
        // instance metadata service out of it, so the standard chain finds nothing as on a bare laptop.
        String id = System.clearProperty("aws.accessKeyId");
        String secret = System.clearProperty("aws.secretAccessKey");
        String imds = System.setProperty("aws.disableEc2Metadata", "true");
        CliRunner.Result r;
        try {
            r = CliRunner.run("preprocess", "s3://polish/creds/notes.txt", "--format", "text", "--metadata", "s3://polish/meta/",
                    "--endpoint", S3.server().endpoint(), "--region", "us-east-1", "--path-style");
        } finally {
            System.setProperty("aws.accessKeyId", id);
            System.setProperty("aws.secretAccessKey", secret);
            if (imds == null) {
                System.clearProperty("aws.disableEc2Metadata");
            } else {
                System.setProperty("aws.disableEc2Metadata", imds);
            }
        }
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip()).isEqualTo("dataplug: error: s3://polish/creds/notes.txt: no S3 credentials found: set "
                + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or read a public bucket anonymously (--anonymous)");
        // With the keys back, the same command works: the message was about credentials, not the server.
        CliRunner.Result ok = CliRunner.run("preprocess", "s3://polish/creds/notes.txt", "--format", "text", "--metadata",
                "s3://polish/meta/", "--endpoint", S3.server().endpoint(), "--region", "us-east-1", "--path-style");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    }

    @Test
    void fileErrorsNameThePathAndTheCauseNeverATemporaryFile() throws Exception {
        Path file = textFile("files.txt", 300);
        String meta = dir.resolve("meta").toString();

        CliRunner.Result missing = CliRunner.run("preprocess", dir.resolve("absent.txt").toString(), "--format", "text", "--metadata", meta);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr().strip()).isEqualTo("dataplug: error: " + dir.resolve("absent.txt").toUri() + ": no such file");

        CliRunner.Result noManifest = CliRunner.run("slice", "get", "--manifest", dir.resolve("none.jsonl").toString(), "--index", "0");
        assertOneLineUsageError(noManifest, dir.resolve("none.jsonl") + ": no such manifest");

        assertThat(CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta).exitCode()).isZero();
        Path noDir = dir.resolve("no-such-dir");
        CliRunner.Result partOut = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=2", "--output", noDir.resolve("m.jsonl").toString());
        assertOneLineUsageError(partOut, "--output " + noDir.resolve("m.jsonl") + ": no such directory " + noDir);

        Path manifest = dir.resolve("m.jsonl");
        assertThat(CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=2", "--output", manifest.toString()).exitCode()).isZero();
        CliRunner.Result getOut = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", "0",
                "--output", noDir.resolve("s.txt").toString());
        assertOneLineUsageError(getOut, "--output " + noDir.resolve("s.txt") + ": no such directory " + noDir);
        CliRunner.Result underAFile = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", "0",
                "--output", file.resolve("s.txt").toString());
        assertOneLineUsageError(underAFile, "--output " + file.resolve("s.txt") + ": not a directory: " + file);
        CliRunner.Result intoADir = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", "0",
                "--output", dir.toString());
        assertOneLineUsageError(intoADir, "--output " + dir + ": is a directory");

        // Metadata under a regular file: the object store's temporary file must not show, the file in the way must.
        CliRunner.Result badMeta = CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata",
                file.resolve("meta").toString());
        assertThat(badMeta.exitCode()).isEqualTo(1);
        assertThat(badMeta.stderr()).contains("cannot write: not a directory: " + file.resolve("meta")).doesNotContain("dataplug-tmp");
        assertThat(badMeta.stderr().strip().lines().count()).isEqualTo(1);

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void malformedDocumentsAreReportedWithoutParserInternals() throws Exception {
        String good = partitioned(textFile("json.txt", 100), 2).out().lines().findFirst().orElseThrow();

        Map<String, String> cases = Map.of(
                "garbage.jsonl", "garbage{\n",
                "wrong-type.jsonl", good.replaceFirst("\"start\":\\d+", "\"start\":\"abc\"") + "\n",
                "truncated.jsonl", good.substring(0, good.length() / 2) + "\n");
        Map<String, String> expected = Map.of(
                "garbage.jsonl", "not JSON: Unrecognized token 'garbage'",
                "wrong-type.jsonl", "field 'parts[0].start': not a valid whole number: \"abc\"",
                "truncated.jsonl", "not JSON: Unexpected end-of-input");
        for (var c : cases.entrySet()) {
            Path m = dir.resolve(c.getKey());
            Files.writeString(m, c.getValue());
            CliRunner.Result r = CliRunner.run("slice", "get", "--manifest", m.toString(), "--index", "0");
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
            assertThat(r.stderr()).startsWith("dataplug: error: " + m.toUri() + " line 1: ").contains(expected.get(c.getKey()));
            assertNoParserInternals(r.stderr());
        }
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"schema\": \"dataplug.io/task-plan/v1\", \"groups\": [[{\"kind\": 7}\n");
        CliRunner.Result r = CliRunner.run("task", "run", "--plan", plan.toString(), "--index", "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("dataplug: error: " + plan.toUri() + ": not a task plan: line ");
        assertNoParserInternals(r.stderr());
    }

    private static void assertNoParserInternals(String stderr) {
        assertThat(stderr.strip().lines().count()).as(stderr).isEqualTo(1);
        assertThat(stderr).doesNotContain("StreamReadFeature", "Source:", "REDACTED", "reference chain", "com.fasterxml", "io.dataplug.",
                "java.util.");
    }
}
