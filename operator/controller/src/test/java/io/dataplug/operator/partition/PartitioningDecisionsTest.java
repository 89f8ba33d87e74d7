package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.OutputSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.testing.MountedManifest;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each decision of the Partitioning reconciler, one synchronous reconcile() at a time, with the exact status it writes. */
class PartitioningDecisionsTest extends ReconcileTestSupport {

    @TempDir
    Path tmp;

    private byte[] data;

    private CloudDataset readyDataset() {
        byte[] a = lines(11, 300);
        byte[] b = lines(12, 200);
        put("a.txt", a);
        put("b.txt", b);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(a);
        all.writeBytes(b);
        data = all.toByteArray();
        return readyDataset(dataset("ds", "lines-test"));
    }

    private Partitioning partitioning(String name, String strategy, Map<String, String> params) {
        return create(TestResources.partitioning(ns, name, "ds", strategy, params));
    }

    /** Every slice of the published ConfigMaps, evaluated with the worker CLI as a pod that mounts them would. */
    private byte[] evaluate(Partitioning p) throws IOException {
        Path dir = MountedManifest.mount(client, ns, p.getStatus().manifest.configMaps, tmp);
        return MountedManifest.evaluateAll(dir.toString(), p.getStatus().slices, Map.of(), s3.endpoint(), tmp);
    }

    @Test
    void waitsForAMissingDatasetWithANormalEvent() {
        partitioning("pt", "chunks", Map.of("count", "3"));
        UpdateControl<Partitioning> c = reconcilePartitioning("pt");

        Partitioning p = getPartitioning("pt");
        String message = "CloudDataset ds not found in namespace " + ns;
        assertThat(p.getStatus().phase).isEqualTo(Phase.Pending);
        assertThat(p.getStatus().observedGeneration).isEqualTo(1L);
        assertReady(p.getStatus(), false, Reason.DatasetNotReady, message);
        assertThat(c.getScheduleDelay()).as("the dataset's events wake it").isEmpty();
        assertThat(events("pt", Reason.DatasetNotReady)).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).isEqualTo(message);
        });

        create(dataset("ds", "lines-test"));
        reconcileDataset("ds");
        reconcilePartitioning("pt");
        assertReady(getPartitioning("pt").getStatus(), false, Reason.DatasetNotReady,
                "CloudDataset ds is Pending (Pending: listing the source objects and planning)");
    }

    @Test
    void readyDatasetIsPublishedAsConfigMapsThenLeftAlone() throws IOException {
        CloudDataset ds = readyDataset();
        partitioning("pt", "chunks", Map.of("count", "3"));
        UpdateControl<Partitioning> c = reconcilePartitioning("pt");

        Partitioning p = getPartitioning("pt");
        assertThat(c.getScheduleDelay()).isEmpty();
        assertThat(p.getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(p.getStatus().slices).isEqualTo(3);
        assertThat(p.getStatus().bytes).isEqualTo(data.length);
        assertThat(p.getStatus().datasetRevision).isEqualTo(ds.getStatus().revision);
        assertThat(p.getStatus().attributes).isEqualTo(ds.getStatus().attributes);
        assertThat(p.getStatus().manifest.type).isEqualTo("ConfigMap");
        assertThat(p.getStatus().manifest.configMaps).containsExactly("pt-slices");
        assertThat(p.getStatus().manifest.location).isEqualTo("configmap/pt-slices");
        assertThat(p.getStatus().manifest.uri).isNull();
        String message = "3 slice(s) of CloudDataset ds (chunks) published to ConfigMap(s) pt-slices";
        assertReady(p.getStatus(), true, Reason.Published, message);
        assertThat(events("pt", Reason.Published)).singleElement().satisfies(e -> assertThat(e.getMessage()).isEqualTo(message));
        ConfigMap cm = client.configMaps().inNamespace(ns).withName("pt-slices").get();
        assertThat(cm.getData().keySet()).containsExactlyInAnyOrder("manifest.json", "slice-00000.json", "slice-00001.json",
                "slice-00002.json");
        assertThat(evaluate(p)).isEqualTo(data);

        String version = p.getMetadata().getResourceVersion();
        reconcilePartitioning("pt");
        assertThat(getPartitioning("pt").getMetadata().getResourceVersion()).as("current: nothing written").isEqualTo(version);
        assertThat(events("pt", Reason.Published)).hasSize(1);
    }

    @Test
    void specChangeRecomputesTheSlices() throws IOException {
        readyDataset();
        partitioning("pt", "chunks", Map.of("count", "3"));
        reconcilePartitioning("pt");
        Partitioning edit = getPartitioning("pt");
        edit.getSpec().params.put("count", "2");
        client.resources(Partitioning.class).inNamespace(ns).resource(edit).update();

        reconcilePartitioning("pt");
        Partitioning p = getPartitioning("pt");
        assertThat(p.getStatus().observedGeneration).isEqualTo(2L);
        assertThat(p.getStatus().slices).isEqualTo(2);
        assertThat(client.configMaps().inNamespace(ns).withName("pt-slices").get().getData())
                .containsOnlyKeys("manifest.json", "slice-00000.json", "slice-00001.json");
        assertThat(evaluate(p)).isEqualTo(data);
    }

    @Test
    void reindexedDatasetIsRepublishedAtItsNewRevision() throws IOException {
        CloudDataset first = readyDataset();
        partitioning("pt", "chunks", Map.of("count", "2"));
        reconcilePartitioning("pt");
        byte[] c = lines(13, 100);
        put("c.txt", c);
        reconcileDataset("ds");
        runJob(job(getDataset("ds").getStatus().plan.mapJob));
        reconcileDataset("ds");
        CloudDataset second = getDataset("ds");
        assertThat(second.getStatus().revision).isNotEqualTo(first.getStatus().revision);

        reconcilePartitioning("pt");
        Partitioning p = getPartitioning("pt");
        assertThat(p.getStatus().datasetRevision).isEqualTo(second.getStatus().revision);
        assertThat(p.getStatus().attributes).containsEntry("objects", 3L);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(data);
        all.writeBytes(c);
        assertThat(evaluate(p)).isEqualTo(all.toByteArray());
    }

    @Test
    void badStrategyAndParametersAreTheSpecsFault() {
        readyDataset();
        partitioning("nostrat", "tiles", Map.of());
        UpdateControl<Partitioning> c = reconcilePartitioning("nostrat");
        Partitioning p = getPartitioning("nostrat");
        assertThat(p.getStatus().phase).isEqualTo(Phase.Failed);
        assertReady(p.getStatus(), false, Reason.UnknownStrategy, "unknown strategy 'tiles' for format lines-test (known: chunks)");
        assertThat(c.getScheduleDelay()).isEmpty();
        assertThat(events("nostrat", Reason.UnknownStrategy)).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

        partitioning("noparam", "chunks", Map.of());
        reconcilePartitioning("noparam");
        Partitioning q = getPartitioning("noparam");
        assertThat(q.getStatus().phase).isEqualTo(Phase.Failed);
        assertThat(q.getStatus().condition("Ready").orElseThrow().getReason()).isEqualTo(Reason.InvalidSpec.name());
        assertThat(q.getStatus().condition("Ready").orElseThrow().getMessage())
                .startsWith("missing required parameter 'count' for strategy chunks of format lines-test");
        assertThat(client.configMaps().inNamespace(ns).withName("noparam-slices").get()).isNull();
    }

    @Test
    void bucketOutputAndDeletion() throws IOException {
        readyDataset();
        Partitioning spec = TestResources.partitioning(ns, "tobucket", "ds", "chunks", Map.of("count", "2"));
        spec.getSpec().output = new OutputSpec();
        spec.getSpec().output.type = OutputSpec.Type.Bucket;
        create(spec);
        reconcilePartitioning("tobucket");
        Partitioning p = getPartitioning("tobucket");
        String uri = "s3://meta/" + prefix + "dataplug-v1/manifests/" + ns + "/tobucket.jsonl";
        assertThat(p.getStatus().manifest.uri).isEqualTo(uri);
        assertThat(p.getStatus().manifest.location).isEqualTo(uri);
        assertReady(p.getStatus(), true, Reason.Published, "2 slice(s) of CloudDataset ds (chunks) published to " + uri);
        assertThat(s3.store().readIfExists(ObjectLocation.parse(uri))).isPresent();

        assertThat(partitionings.cleanup(p, Session.direct(client)).isRemoveFinalizer()).isTrue();
        assertThat(s3.store().readIfExists(ObjectLocation.parse(uri))).isEmpty();

        partitioning("cm", "chunks", Map.of("count", "2"));
        reconcilePartitioning("cm");
        partitionings.cleanup(getPartitioning("cm"), Session.direct(client));
        assertThat(client.configMaps().inNamespace(ns).withName("cm-slices").get()).isNull();
    }
}
