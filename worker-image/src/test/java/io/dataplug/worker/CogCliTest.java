package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;
import io.dataplug.core.formats.cog.CogTestFiles;
import io.dataplug.core.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cog format through the CLI: a slice file written with --output, and bad input as exit code 1 with one line. */
class CogCliTest {

    @TempDir
    Path dir;

    @Test
    void preprocessPartitionAndSliceGet() throws IOException {
        Path tif = dir.resolve("small.tif");
        Files.write(tif, CogTestFiles.tiled());
        String meta = dir.resolve("meta").toUri().toString();
        CliRunner.Result pre = CliRunner.run("preprocess", tif.toString(), "--format", "cog", "--metadata", meta);
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        assertThat(pre.out()).contains("\"width\" : 40").contains("\"height\" : 30").contains("\"tiles\" : 6");
        Path manifest = dir.resolve("manifest.jsonl");
        CliRunner.Result part = CliRunner.run("partition", tif.toString(), "--format", "cog", "--metadata", meta,
                "--strategy", "grid", "--param", "rows=2", "--param", "cols=2", "--output", manifest.toString());
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        assertThat(Files.readAllLines(manifest)).hasSize(4);
        Path out = dir.resolve("slice-1.tif");
        CliRunner.Result get = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", "1", "--output",
                out.toString());
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        byte[] slice = Files.readAllBytes(out);
        assertThat(Arrays.copyOf(slice, 4)).containsExactly('I', 'I', 42, 0);
        // slice 1 is tile columns 1 and 2 of the first tile row: source tiles 1 and 2, filled with 2 and 3
        assertThat(slice[slice.length - 1]).isEqualTo((byte) 3);
        assertThat(slice[slice.length - 257]).isEqualTo((byte) 2);
    }

    @Test
    void badInputExitsOneWithTheObjectAndTheProblem() throws IOException {
        Map<String, Supplier<byte[]>> files = Map.of(
                "not a TIFF", CogTestFiles::notTiff,
                "stored in strips, not tiles", CogTestFiles::stripped,
                "truncated IFD", CogTestFiles::truncatedIfd,
                "runs past the end of the object", CogTestFiles::tileOffsetPastEnd,
                "unknown compression 12345", CogTestFiles::unknownCompression);
        for (Map.Entry<String, Supplier<byte[]>> f : files.entrySet()) {
            Path tif = dir.resolve(f.getKey().replace(' ', '-') + ".tif");
            Files.write(tif, f.getValue().get());
            assertBad(tif, f.getKey());
        }
    }

    /** A stripped GeoTIFF as GDAL writes one by default: refused, with the command that makes it a COG. */
    @Test
    void strippedGdalTiffSuggestsGdalTranslate() {
        ExternalTools.require("gdal_create");
        Path tif = dir.resolve("stripped.tif");
        ExternalTools.run(dir, "gdal_create", "-of", "GTiff", "-outsize", "64", "64", "-bands", "1", "-burn", "7",
                "-a_srs", "EPSG:4326", "-a_ullr", "0", "1", "1", "0", tif.toString());
        String err = assertBad(tif, "stored in strips, not tiles");
        assertThat(err).contains("gdal_translate -of COG");
    }

    private String assertBad(Path tif, String problem) {
        CliRunner.Result r = CliRunner.run("preprocess", tif.toString(), "--format", "cog", "--metadata",
                dir.resolve("meta-" + tif.getFileName()).toUri().toString());
        assertThat(r.exitCode()).as(problem + ": " + r.stderr()).isEqualTo(1);
        assertThat(r.stderr().strip()).as(problem).startsWith("dataplug: error: ").contains(tif.getFileName().toString())
                .contains(problem).doesNotContain("\n");
        return r.stderr();
    }
}
