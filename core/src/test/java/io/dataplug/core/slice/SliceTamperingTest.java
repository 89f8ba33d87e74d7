package io.dataplug.core.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.FaultyTcpProxy;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-edited manifests (issue 7.3): a slice that points at a foreign object, a local file, an object without
 * its ETag, a range outside its object, a side file outside the metadata root, a URI with credentials or a
 * {@code ..} segment is refused with an {@link InvalidSliceException} before anything is read. The S3 server is
 * reached through a TCP proxy that counts connections: a refused slice opens none.
 */
class SliceTamperingTest {

    static final String SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("data", "meta", "other");

    static FaultyTcpProxy proxy;
    static Pipeline pipeline;
    static String vcf;
    static String header;
    static JsonNode good;
    static ObjectInfo foreign;

    @TempDir
    static Path dir;

    @BeforeAll
    static void partition() throws Exception {
        proxy = new FaultyTcpProxy(URI.create(S3.server().endpoint()).getPort());
        pipeline = Pipeline.s3(S3.server(), "tamper/");
        header = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            lines.append("chr1\t").append(i * 100).append("\t.\tA\tT\t50\tPASS\t.\n");
        }
        vcf = header + lines;
        ObjectLocation loc = pipeline.put("calls.vcf", vcf.getBytes(StandardCharsets.US_ASCII));
        List<ObjectInfo> infos = pipeline.preprocess("vcf", Map.of(), loc);
        Slice slice = pipeline.partition("vcf", Map.of(), infos, "chunks", Map.of("count", "1")).get(0);
        // every store reached through the counting proxy
        String json = Json.string(slice).replace(S3.server().endpoint(), proxy.endpoint());
        good = Json.read(json, JsonNode.class);
        try (var store = S3.server().store()) {
            ObjectLocation other = ObjectLocation.s3("other", "private/credentials.txt");
            store.put(other, "not yours\n".getBytes(StandardCharsets.US_ASCII));
            foreign = store.head(other);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pipeline.close();
        proxy.close();
    }

    /** Evaluates a (tampered) copy of the good slice; returns its output. */
    static byte[] evaluate(JsonNode slice, ReadPolicy policy) throws Exception {
        Slice s = Manifest.parseSlice(Json.string(slice), "tampered.jsonl line 1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StoreCache stores = new StoreCache()) {
            new SliceEvaluator(stores, StorageOptions.defaults(), policy).evaluate(s, out);
        }
        return out.toByteArray();
    }

    static JsonNode tampered(Consumer<ObjectNode> edit) {
        ObjectNode copy = good.deepCopy();
        edit.accept(copy);
        return copy;
    }

    static ObjectNode part(ObjectNode slice) {
        return (ObjectNode) slice.get("parts").get(0);
    }

    static ObjectNode object(ObjectNode slice) {
        return (ObjectNode) part(slice).get("object");
    }

    static ObjectNode corrections(ObjectNode slice) {
        return (ObjectNode) part(slice).get("corrections");
    }

    /** Refused with a message containing every fragment, without a single connection to the store. */
    static void refused(JsonNode slice, ReadPolicy policy, String... fragments) {
        int before = proxy.connections();
        assertThatThrownBy(() -> evaluate(slice, policy)).isInstanceOf(InvalidSliceException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                    assertThat(e.getMessage()).doesNotContain(SECRET);
                });
        assertThat(proxy.connections()).as("connections opened for a refused slice").isEqualTo(before);
    }

    @Test
    void theUntamperedSliceEvaluates() throws Exception {
        int before = proxy.connections();
        assertThat(new String(evaluate(good, ReadPolicy.REMOTE), StandardCharsets.US_ASCII)).isEqualTo(vcf);
        assertThat(proxy.connections()).isGreaterThan(before);
    }

    @Test
    void foreignObjectIsRefused() {
        refused(tampered(s -> {
            object(s).put("uri", foreign.location().toUri()).put("bucket", "other").put("key", foreign.location().key())
                    .put("etag", foreign.etag()).put("size", foreign.size());
            part(s).put("start", 0).put("end", foreign.size());
        }), ReadPolicy.REMOTE, "parts[0].object", "not under the dataset's source");
    }

    @Test
    void foreignObjectWithAWidenedSourceRootIsRefusedToo() {
        // the attacker widens the declared root as well: still not allowed to leave the evaluator's allowed roots
        refused(tampered(s -> {
            ((ObjectNode) s.get("source")).put("uri", "s3://other/");
            object(s).put("uri", foreign.location().toUri()).put("bucket", "other").put("key", foreign.location().key())
                    .put("etag", foreign.etag()).put("size", foreign.size());
            part(s).put("start", 0).put("end", foreign.size());
        }), ReadPolicy.REMOTE.confinedTo(List.of(pipeline.roots().source().uri(), pipeline.roots().metadata().uri())),
                "source", "s3://other/ is not under the roots this reader allows");
    }

    @Test
    void localFilesAreRefusedFromARemoteManifestAndOutsideTheRootFromALocalOne() throws Exception {
        Path secret = Files.writeString(dir.resolve("shadow"), "root:secret\n");
        String uri = secret.toUri().toString();
        ObjectInfo info = new io.dataplug.core.storage.LocalObjectStore().head(ObjectLocation.local(secret));
        JsonNode local = tampered(s -> {
            object(s).put("uri", uri).remove("bucket");
            object(s).put("key", secret.toString()).put("etag", info.etag()).put("size", info.size())
                    .remove(List.of("endpoint", "region", "pathStyle"));
            part(s).put("start", 0).put("end", info.size());
        });
        refused(local, ReadPolicy.REMOTE, "parts[0].object", "file:// is read only from a manifest that is itself a local file");
        refused(local, ReadPolicy.LOCAL_MANIFEST, "parts[0].object", "not under the dataset's source");
    }

    @Test
    void missingOrBlankEtagIsRefused() {
        refused(tampered(s -> object(s).remove("etag")), ReadPolicy.REMOTE, "parts[0].object.etag", "missing required field");
        refused(tampered(s -> object(s).put("etag", " ")), ReadPolicy.REMOTE, "parts[0].object", "no ETag");
    }

    @Test
    void rangesOutsideTheObjectAreRefused() {
        long size = vcf.length();
        refused(tampered(s -> part(s).put("end", size + 1)), ReadPolicy.REMOTE, "parts[0]", "not inside the object");
        refused(tampered(s -> part(s).put("start", 10).put("end", 5)), ReadPolicy.REMOTE, "parts[0]", "not inside the object");
        refused(tampered(s -> part(s).put("start", -1)), ReadPolicy.REMOTE, "parts[0]", "not inside the object");
        refused(tampered(s -> corrections(s).put("from", 40).put("to", 20)), ReadPolicy.REMOTE, "parts[0].corrections",
                "not in order");
    }

    @Test
    void sideFileOutsideTheMetadataRootIsRefused() {
        refused(tampered(s -> corrections(s).put("header", foreign.location().toUri())), ReadPolicy.REMOTE,
                "parts[0].corrections", "side file s3://other/private/credentials.txt is not under the metadata root");
        refused(tampered(s -> corrections(s).put("header", "file:///proc/self/environ")), ReadPolicy.LOCAL_MANIFEST,
                "parts[0].corrections", "is not under the metadata root");
        refused(tampered(s -> corrections(s).put("header", "file:///proc/self/environ")), ReadPolicy.REMOTE,
                "parts[0].corrections", "file:// is read only from a manifest that is itself a local file");
    }

    @Test
    void credentialsInAUriAreRefusedWithoutEchoingThem() {
        refused(tampered(s -> object(s).put("uri", "s3://AKIAIOSFODNN7EXAMPLE:" + SECRET + "@data/tamper/calls.vcf")),
                ReadPolicy.REMOTE, "parts[0].object", "credentials", "Secret");
        refused(tampered(s -> ((ObjectNode) s.get("metadata")).put("uri", "s3://user:" + SECRET + "@meta/tamper/")),
                ReadPolicy.REMOTE, "metadata", "credentials");
    }

    @Test
    void dotDotSegmentsAreRefused() {
        refused(tampered(s -> object(s).put("uri", "s3://data/tamper/../../other/private/credentials.txt")
                .put("key", "tamper/../../other/private/credentials.txt")), ReadPolicy.REMOTE, "parts[0].object", "'..'");
        refused(tampered(s -> corrections(s).put("header", good.get("metadata").get("uri").asText() + "../../other/x")),
                ReadPolicy.REMOTE, "parts[0].corrections", "'..'");
    }

    @Test
    void aPartReachingItsStoreDifferentlyFromTheRootIsRefused() {
        refused(tampered(s -> object(s).put("endpoint", "http://169.254.169.254")), ReadPolicy.REMOTE, "parts[0].object",
                "reaches its store differently");
    }

    @Test
    void unknownAndMissingFieldsAreNamedNotANullPointer() {
        refused(tampered(s -> corrections(s).remove("from")), ReadPolicy.REMOTE, "parts[0].corrections.from",
                "missing required field");
        refused(tampered(s -> corrections(s).put("skip", 3)), ReadPolicy.REMOTE, "parts[0].corrections.skip",
                "unknown field");
        refused(tampered(s -> corrections(s).put("to", "12")), ReadPolicy.REMOTE, "parts[0].corrections.to",
                "not a valid whole number");
        refused(tampered(s -> s.remove("source")), ReadPolicy.REMOTE, "source", "missing required field");
    }
}
