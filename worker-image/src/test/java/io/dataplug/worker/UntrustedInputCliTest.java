package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on hostile and mistaken input (issue 7, items 3, 4 and 6): hand-edited manifests are refused with
 * exit 1 and one line, writing nothing; credentials in URIs are refused and never echoed; a compressed VCF
 * declared as plain VCF names the format that fits; bytes quoted from data never reach the terminal raw.
 */
class UntrustedInputCliTest {

    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("raw", "meta");

    @TempDir
    Path dir;

    private String[] s3(String... args) {
        String[] flags = {"--endpoint", S3.server().endpoint(), "--region", "us-east-1", "--path-style"};
        String[] all = new String[args.length + flags.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(flags, 0, all, args.length, flags.length);
        return all;
    }

    private static String vcf(int n) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 1; i <= n; i++) {
            sb.append("chr1\t").append(i * 10).append("\t.\tA\tC\t50\tPASS\t.\n");
        }
        return sb.toString();
    }

    /** A local vcf dataset partitioned into one slice; returns the manifest line as JSON. */
    private ObjectNode localSlice(String name) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        Files.writeString(data.resolve("calls.vcf"), vcf(20));
        String meta = dir.resolve(name + "-meta").toString();
        CliRunner.Result pre = CliRunner.run("preprocess", data.toString(), "--format", "vcf", "--metadata", meta);
        assertThat(pre.exitCode()).as(pre.stderr()).isZero();
        CliRunner.Result part = CliRunner.run("partition", data.toString(), "--format", "vcf", "--metadata", meta,
                "--strategy", "chunks", "--param", "count=1");
        assertThat(part.exitCode()).as(part.stderr()).isZero();
        return (ObjectNode) Json.read(part.stdout(), JsonNode.class);
    }

    private CliRunner.Result get(Path manifest, String... more) {
        Path out = dir.resolve("out-" + System.nanoTime());
        String[] args = {"slice", "get", "--manifest", manifest.toString(), "--index", "0", "--output", out.toString()};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        CliRunner.Result r = CliRunner.run(all);
        if (r.exitCode() != 0) {
            assertThat(out).as("no output file for a refused slice").doesNotExist();
            assertThat(r.stderr().strip().lines().count()).as(r.stderr()).isEqualTo(1);
        }
        return r;
    }

    private Path write(String name, JsonNode slice) throws Exception {
        return Files.writeString(dir.resolve(name), Json.string(slice) + "\n");
    }

    @Test
    void aLocalManifestEvaluatesButAHandEditedOneIsRefused() throws Exception {
        ObjectNode slice = localSlice("ok");
        CliRunner.Result ok = get(write("ok.jsonl", slice));
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();

        Path secret = Files.writeString(dir.resolve("shadow"), "root:x:0:0\n");
        ObjectNode foreign = slice.deepCopy();
        ObjectNode object = (ObjectNode) foreign.get("parts").get(0).get("object");
        object.put("uri", secret.toUri().toString()).put("key", secret.toString());
        CliRunner.Result refused = get(write("foreign.jsonl", foreign));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("parts[0].object").contains("not under the dataset's source");

        ObjectNode environ = slice.deepCopy();
        ((ObjectNode) environ.get("parts").get(0).get("corrections")).put("header", "file:///proc/self/environ");
        CliRunner.Result side = get(write("environ.jsonl", environ));
        assertThat(side.exitCode()).isEqualTo(1);
        assertThat(side.stderr()).contains("side file file:///proc/self/environ is not under the metadata root");

        ObjectNode noEtag = slice.deepCopy();
        ((ObjectNode) noEtag.get("parts").get(0).get("object")).remove("etag");
        CliRunner.Result missing = get(write("noetag.jsonl", noEtag));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("field 'parts[0].object.etag': missing required field")
                .doesNotContain("NullPointerException");

        ObjectNode noParts = slice.deepCopy();
        noParts.remove("parts");
        CliRunner.Result noPartsResult = get(write("noparts.jsonl", noParts));
        assertThat(noPartsResult.exitCode()).isEqualTo(1);
        assertThat(noPartsResult.stderr()).contains("field 'parts': missing required field");

        ObjectNode elsewhere = slice.deepCopy();
        CliRunner.Result confined = get(write("confined.jsonl", elsewhere), "--allow-root", "s3://raw/");
        assertThat(confined.exitCode()).isEqualTo(1);
        assertThat(confined.stderr()).contains("is not under the roots this reader allows (s3://raw/)");
    }

    @Test
    void aManifestInObjectStorageMayNotPointAtLocalFiles() throws Exception {
        ObjectNode slice = localSlice("remote");
        try (var store = S3.server().store()) {
            store.put(ObjectLocation.s3("meta", "manifests/local.jsonl"), (Json.string(slice) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        CliRunner.Result r = CliRunner.run(s3("slice", "get", "--manifest", "s3://meta/manifests/local.jsonl", "--index", "0"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("file:// is read only from a manifest that is itself a local file");
    }

    @Test
    void credentialsInAUriAreRefusedAndNeverEchoed() {
        String uri = "s3://" + KEY_ID + ":" + SECRET + "@raw/calls.vcf";
        CliRunner.Result r = CliRunner.run(s3("preprocess", uri, "--format", "vcf", "--metadata", "s3://meta/c/"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("carries credentials").contains("Secret").contains("s3://***@")
                .doesNotContain(KEY_ID).doesNotContain("K7MDENG");
        CliRunner.Result m = CliRunner.run(s3("slice", "get", "--manifest", "s3://user:" + SECRET + "@meta/m.jsonl", "--index", "0"));
        assertThat(m.exitCode()).isEqualTo(2);
        assertThat(m.stderr()).doesNotContain("K7MDENG");
    }

    @Test
    void aGzipVcfDeclaredAsVcfSaysWhichFormatFits() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(vcf(500).getBytes(StandardCharsets.US_ASCII));
        }
        Path file = Files.write(dir.resolve("calls.vcf.gz"), gz.toByteArray());
        CliRunner.Result r = CliRunner.run("preprocess", file.toString(), "--format", "vcf", "--metadata",
                dir.resolve("gz-meta").toString(), "--chunk-size", "1KiB");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("calls.vcf.gz").contains("gzip-compressed, not plain VCF text").contains("vcf-bgzip")
                .doesNotContain("POS is not a number");
        assertThat(r.stderr().chars().filter(c -> c < 0x20 && c != '\n').count()).isZero();
    }

    @Test
    void bytesQuotedFromDataNeverReachTheTerminalRaw() throws Exception {
        Path file = Files.writeString(dir.resolve("evil.vcf"), HEADER + "chr1\t\u001b[31m\u001b]0;pwned\u0007\t.\tA\tC\t50\tPASS\t.\n");
        CliRunner.Result r = CliRunner.run("preprocess", file.toString(), "--format", "vcf", "--metadata",
                dir.resolve("evil-meta").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("POS is not a number").contains("\\x1b[31m").doesNotContain("\u001b")
                .doesNotContain("\u0007");
    }

    @Test
    void aManifestWithAnUnknownFieldNamesIt() throws Exception {
        ObjectNode slice = localSlice("unknown");
        ((ObjectNode) slice.get("parts").get(0).get("corrections")).put("skip", 3);
        CliRunner.Result r = get(write("unknown.jsonl", slice));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("field 'parts[0].corrections.skip': unknown field (known: header, headerLength, from, to");
        assertThat(CliRunner.run(Map.of(), "slice", "get", "--manifest", write("garbage.jsonl", Json.tree("not a slice")).toString(),
                "--index", "0").stderr()).contains("not a slice document");
    }
}
