package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.formats.lidar.TestLas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on LiDAR files: a LAS cut into a grid end to end, and bad input as exit 1 with a one-line message. */
class LidarCliTest {

    @TempDir
    Path dir;

    private CliRunner.Result preprocess(String name, byte[] data, String format) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, data);
        return CliRunner.run("preprocess", file.toString(), "--format", format, "--metadata", dir.resolve("meta").toUri().toString());
    }

    @Test
    void gridSlicesOfALocalLasFile() throws Exception {
        TestLas las = new TestLas().format(1);
        for (int i = 0; i < 400; i++) {
            las.point(i % 20 * 10, i / 20 * 10, i, 1);
        }
        CliRunner.Result pre = preprocess("grid.las", las.bytes(), "las");
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        assertThat(pre.out()).contains("\"points\" : 400");
        Path manifest = dir.resolve("m.jsonl");
        CliRunner.Result part = CliRunner.run("partition", dir.resolve("grid.las").toString(), "--format", "las", "--metadata",
                dir.resolve("meta").toUri().toString(), "--strategy", "grid", "--param", "rows=2", "--param", "cols=2",
                "--output", manifest.toString());
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        long total = 0;
        for (int i = 0; i < 4; i++) {
            CliRunner.Result slice = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", "" + i);
            assertThat(slice.exitCode()).as(slice.stderr()).isZero();
            byte[] b = slice.stdout();
            assertThat(new String(b, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("LASF");
            total += java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(107);
        }
        assertThat(total).isEqualTo(400);
    }

    /** A LAZ fixture whose chunk table pointer points past the end (skipped where ../shared is absent). */
    private static byte[] corruptChunkTable() throws java.io.IOException {
        byte[] laz = Files.readAllBytes(io.dataplug.core.testing.SharedFixtures.require("lidar/laspy-simple.laz"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(laz).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(b.getInt(96), laz.length + 1000L);
        return laz;
    }

    @Test
    void badInputIsExitOneWithOneLine() throws Exception {
        byte[] good = new TestLas().random(100, 100, 100).bytes();
        for (Object[] c : new Object[][] {
                {"text.las", "not LAS at all\n".repeat(30).getBytes(StandardCharsets.US_ASCII), "las", "not a LAS/LAZ file"},
                {"cut.las", Arrays.copyOf(good, 100), "las", "truncated LAS header"},
                {"short.las", Arrays.copyOf(good, good.length - 1), "las", "shorter than the header says"},
                {"plain.copc.laz", good, "copc", "no COPC info VLR"},
                {"table.laz", corruptChunkTable(), "las", "corrupt LAZ chunk table"}}) {
            CliRunner.Result r = preprocess((String) c[0], (byte[]) c[1], (String) c[2]);
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(DataplugCli.DATA_ERROR);
            assertThat(r.stderr().strip()).as(c[0].toString()).doesNotContain("\n").startsWith("dataplug: error: ")
                    .contains((String) c[3]).contains((String) c[0]);
        }
    }
}
