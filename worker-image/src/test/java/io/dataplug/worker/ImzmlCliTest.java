package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imzml format through the CLI, on the sample pair of samples/data (made by our generator): a folder of pairs
 * indexes its .imzML objects only, {@code slice get | tar -x} unpacks a pair, and bad input is exit code 1 with
 * one line saying what is wrong.
 */
class ImzmlCliTest {

    @TempDir
    Path dir;

    private byte[] xml;
    private byte[] ibd;

    @BeforeEach
    void samplePair() throws IOException {
        Path data = repositoryRoot().resolve("samples/data");
        xml = Files.readAllBytes(data.resolve("tissue.imzML"));
        ibd = Files.readAllBytes(data.resolve("tissue.ibd"));
    }

    private static Path repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) {
                return d;
            }
        }
        throw new IllegalStateException("not inside the repository");
    }

    @Test
    void folderOfPairsSlicesIntoTarStreams() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String name : List.of("a", "b")) {
            Files.write(in.resolve(name + ".imzML"), xml);
            Files.write(in.resolve(name + ".ibd"), ibd);
        }
        String meta = dir.resolve("meta").toUri().toString();
        CliRunner.Result pre = CliRunner.run("preprocess", in.toString(), "--format", "imzml", "--metadata", meta,
                "--chunk-size", "16KiB", "--workers", "2");
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        JsonNode attrs = Json.read(pre.stdout(), JsonNode.class).get("attributes");
        assertThat(attrs.get("objects").asLong()).as("the .ibd files are siblings, not data").isEqualTo(2);
        assertThat(attrs.get("spectra").asLong()).isEqualTo(96);
        assertThat(attrs.get("continuous").asLong()).isEqualTo(2);
        assertThat(attrs.get("maxImageWidth").asLong()).isEqualTo(8);
        assertThat(attrs.get("mzFloat32").asLong()).isEqualTo(2);

        Path manifest = dir.resolve("m.jsonl");
        CliRunner.Result part = CliRunner.run("partition", in.toString(), "--format", "imzml", "--metadata", meta,
                "--strategy", "grid", "--param", "rows=2", "--param", "cols=2", "--output", manifest.toString());
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        assertThat(Files.readAllLines(manifest)).hasSize(8);
        ExternalTools.require("tar");
        for (int i = 0; i < 8; i++) {
            CliRunner.Result get = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", Integer.toString(i));
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            Path file = dir.resolve("slice-" + i + ".tar");
            CliRunner.Result toFile = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index",
                    Integer.toString(i), "--output", file.toString());
            assertThat(toFile.exitCode()).as(toFile.stderr()).isZero();
            assertThat(Files.readAllBytes(file)).isEqualTo(get.stdout());
            Path out = Files.createDirectories(dir.resolve("out-" + i));
            ExternalTools.pipe(get.stdout(), "tar", "-x", "-C", out.toString());
            String base = (i < 4 ? "a" : "b") + "-slice0000" + i;
            byte[] slicedXml = Files.readAllBytes(out.resolve(base + ".imzML"));
            byte[] slicedIbd = Files.readAllBytes(out.resolve(base + ".ibd"));
            Matcher m = Pattern.compile("accession=\"IMS:1000080\"[^>]*value=\"([0-9a-f]{32})\"")
                    .matcher(new String(slicedXml, StandardCharsets.ISO_8859_1));
            assertThat(m.find()).isTrue();
            assertThat(HexFormat.of().formatHex(slicedIbd, 0, 16)).isEqualTo(m.group(1));
        }
    }

    /** One object named on its own: its slices read the .ibd beside it. */
    @Test
    void aSingleObjectDataset() throws Exception {
        Path xmlFile = Files.write(dir.resolve("one.imzML"), xml);
        Files.write(dir.resolve("one.ibd"), ibd);
        String meta = dir.resolve("meta-one").toUri().toString();
        assertThat(CliRunner.run("preprocess", xmlFile.toString(), "--format", "imzml", "--metadata", meta).exitCode()).isZero();
        Path manifest = dir.resolve("one.jsonl");
        CliRunner.Result part = CliRunner.run("partition", xmlFile.toString(), "--format", "imzml", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=3", "--output", manifest.toString());
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        for (int i = 0; i < 3; i++) {
            CliRunner.Result get = CliRunner.run("slice", "get", "--manifest", manifest.toString(), "--index", Integer.toString(i));
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            assertThat(get.stdout().length % 512).isZero();
        }
    }

    @Test
    void badInputIsExitOneWithOneLine() throws Exception {
        String x = new String(xml, StandardCharsets.ISO_8859_1);
        byte[] otherUuid = ibd.clone();
        otherUuid[0] ^= 1;
        check("missing", xml, null, "missing.ibd: missing");
        check("uuid", xml, otherUuid, "does not match");
        check("past", xml, Arrays.copyOf(ibd, ibd.length - 100), "outside its data");
        check("malformed", Arrays.copyOf(xml, xml.length / 2), ibd, "truncated");
        check("type", x.replace("MS:1000521\" name=\"32-bit float", "MS:1000520\" name=\"16-bit float")
                .getBytes(StandardCharsets.ISO_8859_1), ibd, "16-bit float");
    }

    private void check(String name, byte[] imzml, byte[] binary, String expected) throws IOException {
        Path in = Files.createDirectories(dir.resolve("bad-" + name));
        Files.write(in.resolve(name + ".imzML"), imzml);
        if (binary != null) {
            Files.write(in.resolve(name + ".ibd"), binary);
        }
        CliRunner.Result r = CliRunner.run("preprocess", in.resolve(name + ".imzML").toString(), "--format", "imzml",
                "--metadata", dir.resolve("meta-" + name).toString(), "--chunk-size", "8KiB");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr().lines().toList()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr()).startsWith("dataplug: error: ").contains(name + ".i").contains(expected);
    }
}
