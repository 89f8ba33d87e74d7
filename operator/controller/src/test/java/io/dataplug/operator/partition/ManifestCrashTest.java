package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.operator.metrics.OperatorMetrics;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.testing.MountedManifest;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator dies halfway through writing a manifest's ConfigMap shards (the API server refuses the next write with
 * a status the client does not retry,
 * and the reconciliation ends there, as a killed process would). A restarted operator publishes the whole manifest:
 * every shard it names exists and is its own, no stale shard is left, and the slices give back exactly the data.
 */
class ManifestCrashTest extends ReconcileTestSupport {

    @TempDir
    Path tmp;

    private byte[] data;

    @BeforeEach
    void smallShards() {
        // A few slices per ConfigMap, so that eight slices need several shards.
        config.configMapShardBytes(4096 + 1200);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] b = lines(40 + i, 300);
            put("part-" + i + ".txt", b);
            all.writeBytes(b);
        }
        data = all.toByteArray();
        readyDataset(dataset("ds", "lines-test"));
        create(TestResources.partitioning(ns, "pt", "ds", "chunks", Map.of("count", "8")));
    }

    private List<String> configMapNames() {
        return client.configMaps().inNamespace(ns).withLabel("dataplug.io/partitioning", "pt").list().getItems().stream()
                .map(c -> c.getMetadata().getName()).sorted().toList();
    }

    /** A new reconciler: the operator after a restart (nothing kept in memory). */
    private void restartAndReconcile() {
        new PartitioningReconciler(config, access, new OperatorMetrics()).reconcile(getPartitioning("pt"), Session.direct(client));
    }

    private void assertWholeManifest(int slices) throws IOException {
        Partitioning p = getPartitioning("pt");
        assertThat(p.getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(p.getStatus().slices).isEqualTo(slices);
        assertThat(configMapNames()).containsExactlyInAnyOrderElementsOf(p.getStatus().manifest.configMaps);
        ConfigMap first = client.configMaps().inNamespace(ns).withName(p.getStatus().manifest.configMaps.get(0)).get();
        assertThat(first.getData().get("manifest.json")).contains("\"slices\" : " + slices);
        Path dir = MountedManifest.mount(client, ns, p.getStatus().manifest.configMaps, tmp);
        assertThat(dir.toFile().list()).hasSize(slices + 1);
        assertThat(MountedManifest.evaluateAll(dir.toString(), slices, Map.of(), s3.endpoint(), tmp)).isEqualTo(data);
    }

    @Test
    void crashAfterTheFirstShardOfAFirstPublication() throws IOException {
        api.gate.fail(q -> q.is("create", "configmaps") && ns.equals(q.namespace()), 1, 1, 422);
        assertThatThrownBy(() -> reconcilePartitioning("pt")).isInstanceOf(KubernetesClientException.class);
        assertThat(configMapNames()).containsExactly("pt-slices");
        assertThat(getPartitioning("pt").getStatus()).as("nothing recorded").isNull();

        restartAndReconcile();
        assertWholeManifest(8);
        assertThat(getPartitioning("pt").getStatus().manifest.configMaps).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void crashHalfwayThroughRewritingTheShardsOfANewSpec() throws IOException {
        reconcilePartitioning("pt");
        assertWholeManifest(8);
        int before = configMapNames().size();

        client.resources(Partitioning.class).inNamespace(ns).withName("pt").edit(p -> {
            p.getSpec().params.put("count", "3");
            return p;
        });
        // Shard 0 is rewritten for the new spec, the next write dies: the old shards 1.. still hold the old slices.
        api.gate.fail(q -> q.is("update", "configmaps") && ns.equals(q.namespace()), 1, 1, 422);
        assertThatThrownBy(() -> reconcilePartitioning("pt")).isInstanceOf(KubernetesClientException.class);
        assertThat(configMapNames()).hasSize(before);

        restartAndReconcile();
        assertWholeManifest(3);
    }
}
