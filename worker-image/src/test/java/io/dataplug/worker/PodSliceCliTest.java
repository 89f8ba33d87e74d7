package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slice get} as a workload pod runs it: with no flags it reads the pod's own slice from the mounted
 * manifest ({@code DATAPLUG_MANIFEST} here, {@code /var/run/dataplug/slices} in a pod) under the pod's
 * {@code DATAPLUG_ALLOWED_ROOTS}; a manifest may also come on stdin ({@code --manifest -}), never as a local one.
 */
class PodSliceCliTest {

    @TempDir
    Path dir;

    Path mounted;
    Path manifest;
    byte[] data;

    @BeforeEach
    void partition() throws Exception {
        data = DataplugCliTest.lines(600);
        Path file = Files.write(dir.resolve("notes.txt"), data);
        String meta = dir.resolve("meta").toUri().toString();
        assertThat(CliRunner.run("preprocess", file.toString(), "--format", "text", "--metadata", meta).exitCode()).isZero();
        manifest = dir.resolve("m.jsonl");
        CliRunner.Result part = CliRunner.run("partition", file.toString(), "--format", "text", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=3", "--output", manifest.toString());
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        mounted = Files.createDirectories(dir.resolve("mounted"));
        for (Slice s : Manifest.fromJsonLines(Files.newInputStream(manifest), manifest.toString())) {
            Files.writeString(mounted.resolve(String.format("slice-%05d.json", s.index())), Json.string(s));
        }
    }

    @Test
    void withNoFlagsEachPodReadsItsOwnSlice() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            CliRunner.Result get = CliRunner.run(Map.of("DATAPLUG_MANIFEST", mounted.toString(), "JOB_COMPLETION_INDEX",
                    String.valueOf(i), "DATAPLUG_SLICE_COUNT", "3", "DATAPLUG_ALLOWED_ROOTS", dir.toUri().toString()),
                    "slice", "get");
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            all.write(get.stdout());
        }
        assertThat(all.toByteArray()).isEqualTo(data);

        CliRunner.Result stale = CliRunner.run(Map.of("DATAPLUG_MANIFEST", mounted.toString(), "JOB_COMPLETION_INDEX", "0",
                "DATAPLUG_SLICE_COUNT", "4"), "slice", "get");
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.stderr()).contains("made for 4 (DATAPLUG_SLICE_COUNT)");

        CliRunner.Result elsewhere = CliRunner.run(Map.of("DATAPLUG_MANIFEST", mounted.toString(), "JOB_COMPLETION_INDEX",
                "0", "DATAPLUG_ALLOWED_ROOTS", "s3://somewhere/else/"), "slice", "get");
        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.stderr()).contains("not under the roots this reader allows");
        assertThat(elsewhere.stdout()).isEmpty();
    }

    @Test
    void aManifestOnStdinIsConfinedByTheAllowedRoots() throws Exception {
        List<String> lines = Files.readAllLines(manifest);
        // stdin reads like a local file (CliPolishTest), but --allow-root still confines its slices.
        CliRunner.Result refused = withStdin(String.join("\n", lines), "slice", "get", "--manifest", "-", "--index", "1",
                "--allow-root", "s3://elsewhere/");
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(1);
        assertThat(refused.stderr()).contains("is not under the roots this reader allows (s3://elsewhere/)");
        assertThat(refused.stdout()).isEmpty();

        CliRunner.Result outOfRange = withStdin(String.join("\n", lines), "slice", "get", "--manifest", "-", "--index", "3");
        assertThat(outOfRange.exitCode()).isEqualTo(2);
        assertThat(outOfRange.stderr()).contains("slice index 3 out of range: stdin holds 3 slices");
    }

    private static CliRunner.Result withStdin(String input, String... args) {
        return CliRunner.runWithStdin(Map.of(), input.getBytes(StandardCharsets.UTF_8), args);
    }
}
