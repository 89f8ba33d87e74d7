package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.testing.MountedManifest;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk size of a chunked format (the real {@code text} format) changed while map tasks of the old size have
 * already written their results, and two datasets indexing the same object with different chunk sizes into one
 * metadata root, interleaved: each ends with the index a clean run writes, and slices equal to the data.
 */
class ChunkSizeTest extends ReconcileTestSupport {

    @TempDir
    Path tmp;

    private byte[] data;

    @BeforeEach
    void oneObject() {
        data = lines(21, 4000);
        put("big.txt", data);
    }

    private CloudDataset text(String name, String metadataUri, String chunkSize) {
        CloudDataset ds = TestResources.dataset(ns, name, "text", "s3://raw/" + prefix + "big.txt", s3Endpoint(), metadataUri, SECRET);
        ds.getSpec().preprocessing.chunkSize = new Quantity(chunkSize);
        ds.getSpec().preprocessing.bytesPerWorker = new Quantity(chunkSize);   // one chunk per pod: a run can stop between them
        return ds;
    }

    /** Reconciles until the dataset's map Job exists. */
    private Job mapJob(String name) {
        for (int i = 0; i < 3 && !planned(getDataset(name)); i++) {
            reconcileDataset(name);
        }
        Job j = job(getDataset(name).getStatus().plan.mapJob);
        assertThat(j.getSpec().getCompletions()).as("map tasks of %s", name).isGreaterThanOrEqualTo(4);
        return j;
    }

    private static boolean planned(CloudDataset ds) {
        return ds.getStatus() != null && ds.getStatus().plan != null && ds.getStatus().plan.mapJob != null;
    }

    /** Every committed index under the metadata root (one per object), as JSON text. */
    private Set<String> indexes(String metadataUri) {
        List<String> all = CommittedIndex.under(store(), ObjectLocation.parse(metadataUri));
        assertThat(all).as("indexes under %s", metadataUri).isNotEmpty();
        return Set.copyOf(all);
    }

    /** Every slice of a 7-slice partitioning of the dataset, evaluated with the worker CLI as a pod would, concatenated. */
    private byte[] slices(String dataset) throws IOException {
        create(TestResources.partitioning(ns, dataset + "-pt", dataset, "chunks", Map.of("count", "7")));
        reconcilePartitioning(dataset + "-pt");
        Partitioning p = getPartitioning(dataset + "-pt");
        assertThat(p.getStatus().slices).isEqualTo(7);
        Path dir = MountedManifest.mount(client, ns, p.getStatus().manifest.configMaps, tmp);
        return MountedManifest.evaluateAll(dir.toString(), 7, Map.of(), s3.endpoint(), tmp);
    }

    @Test
    void aChunkSizeChangedMidRunIndexesAsACleanRunDoes() throws IOException {
        String meta = "s3://meta/" + prefix + "edited/";
        create(text("ds", meta, "16Ki"));
        Job first = mapJob("ds");
        runIndex(first, 0);
        runIndex(first, 2);   // two chunk results of the old size are stored; the run stops there

        CloudDataset edit = getDataset("ds");
        edit.getSpec().preprocessing.chunkSize = new Quantity("23Ki");
        edit.getSpec().preprocessing.bytesPerWorker = new Quantity("23Ki");
        client.resources(CloudDataset.class).inNamespace(ns).resource(edit).update();
        CloudDataset ready = reconcileUntilReady("ds");
        assertThat(job(first.getMetadata().getName())).as("the old Job is superseded").isNull();

        String clean = "s3://meta/" + prefix + "clean/";
        CloudDataset reference = readyDataset(text("clean", clean, "23Ki"));
        assertThat(indexes(meta)).isEqualTo(indexes(clean));
        assertThat(ready.getStatus().attributes).isEqualTo(reference.getStatus().attributes);
        assertThat(slices("ds")).isEqualTo(data);
    }

    @Test
    void twoDatasetsIndexTheSameObjectWithDifferentChunkSizesAtOnce() throws IOException {
        String shared = "s3://meta/" + prefix + "shared/";
        create(text("small", shared, "16Ki"));
        create(text("large", shared, "29Ki"));
        Job small = mapJob("small");
        Job large = mapJob("large");
        // Interleaved as two runs at once would be: each writes chunk results the other may find.
        runIndex(small, 0);
        runIndex(large, 0);
        runIndex(small, 1);
        runIndex(large, 1);
        CloudDataset a = reconcileUntilReady("large");
        CloudDataset b = reconcileUntilReady("small");

        String clean = "s3://meta/" + prefix + "clean/";
        CloudDataset reference = readyDataset(text("clean", clean, "16Ki"));
        assertThat(indexes(shared)).isEqualTo(indexes(clean));
        assertThat(a.getStatus().attributes).isEqualTo(reference.getStatus().attributes);
        assertThat(b.getStatus().attributes).isEqualTo(reference.getStatus().attributes);
        assertThat(slices("small")).isEqualTo(data);
        assertThat(slices("large")).isEqualTo(data);
    }
}
