package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.operator.dataset.WorkerEnv;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.testing.MountedManifest;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mounted manifest counts as a local file and declares its own roots, so whoever can edit the ConfigMap could point
 * a pod's credentials at any object of the store. The operator gives every pod it runs for a dataset the dataset's
 * real roots ({@code DATAPLUG_ALLOWED_ROOTS}, {@link WorkerEnv}); the reader then refuses such an edit.
 */
class AllowedRootsTest extends ReconcileTestSupport {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void podsGetTheDatasetsRootsAndAnEditedManifestCannotReachBeyondThem() throws IOException {
        byte[] a = lines(1, 300);
        byte[] b = lines(2, 200);
        put("a.txt", a);
        put("b.txt", b);
        readyDataset(dataset("ds", "lines-test"));
        EnvVar roots = jobs("ds").get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(WorkerEnv.ALLOWED_ROOTS)).findFirst().orElseThrow();
        assertThat(roots.getValue()).isEqualTo("s3://raw/" + prefix + ",s3://meta/" + prefix);

        create(TestResources.partitioning(ns, "pt", "ds", "chunks", Map.of("count", "2")));
        reconcilePartitioning("pt");
        Partitioning p = getPartitioning("pt");
        Path dir = MountedManifest.mount(client, ns, p.getStatus().manifest.configMaps, tmp);
        Map<String, String> podEnv = Map.of(roots.getName(), roots.getValue());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(a);
        data.writeBytes(b);
        assertThat(MountedManifest.evaluateAll(dir.toString(), 2, podEnv, s3.endpoint(), tmp)).isEqualTo(data.toByteArray());

        // Someone who may edit ConfigMaps points slice 0 at an object outside the dataset, roots and all.
        byte[] secret = "name,salary\nalice,100\n".getBytes(StandardCharsets.US_ASCII);
        ObjectLocation other = ObjectLocation.s3("raw", "private/" + ns + "/salaries.csv");
        store().put(other, secret);
        ObjectInfo info = store().head(other);
        Path slice = dir.resolve("slice-00000.json");
        ObjectNode tampered = (ObjectNode) JSON.readTree(slice.toFile());
        ((ObjectNode) tampered.get("source")).put("uri", "s3://raw/private/" + ns + "/");
        ObjectNode part = (ObjectNode) tampered.withArray("parts").get(0);
        tampered.withArray("parts").removeAll().add(part);
        ObjectNode object = (ObjectNode) part.get("object");
        object.put("uri", other.toUri()).put("key", other.key()).put("etag", info.etag()).put("size", info.size());
        part.put("start", 0).put("end", info.size());
        Files.writeString(slice, JSON.writeValueAsString(tampered));

        Path leaked = tmp.resolve("leaked.out");
        assertThat(MountedManifest.evaluate(dir.toString(), 0, Map.of(), s3.endpoint(), leaked))
                .as("without the trust anchor the edit works").isZero();
        assertThat(Files.readAllBytes(leaked)).isEqualTo(secret);

        Path refused = tmp.resolve("refused.out");
        assertThat(MountedManifest.evaluate(dir.toString(), 0, podEnv, s3.endpoint(), refused)).isEqualTo(1);
        assertThat(refused).doesNotExist();
        JsonNode unchanged = JSON.readTree(dir.resolve("slice-00001.json").toFile());
        assertThat(unchanged.path("source").path("uri").asText()).isEqualTo("s3://raw/" + prefix);
    }
}
