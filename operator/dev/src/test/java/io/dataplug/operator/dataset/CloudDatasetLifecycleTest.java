package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudDatasetLifecycleTest extends OperatorTestSupport {

    @Test
    void multiObjectDatasetGoesPendingPreprocessingReady() throws Exception {
        long lines = 0;
        long bytes = 0;
        for (int i = 0; i < 5; i++) {
            byte[] data = lines(i, 200 + 50 * i);
            put("part-" + i + ".txt", data);
            lines += countLines(data);
            bytes += data.length;
        }
        put("ignored.bin", new byte[] {1, 2, 3});
        put("part-0.txt.side.txt", new byte[] {0}); // a companion: matches the include, is not data (NUL: malformed)

        List<String> phases = Collections.synchronizedList(new ArrayList<>());
        try (Watch w = client.resources(CloudDataset.class).inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, CloudDataset ds) {
                String phase = ds.getStatus() == null || ds.getStatus().phase == null ? null : ds.getStatus().phase.name();
                if (phase != null && (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase))) {
                    phases.add(phase);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            CloudDataset ds = dataset("reads", "lines-test", "s3://raw/" + prefix);
            ds.getSpec().source.include = List.of("*.txt");
            cluster.runner.pause();
            try {
                create(ds);
                CloudDataset pre = awaitDataset("reads", d -> d.getStatus() != null && d.getStatus().phase == Phase.Preprocessing);
                assertThat(pre.getStatus().progress.tasksTotal).isEqualTo(5);
                assertThat(pre.getStatus().progress.tasksDone).isZero();
                assertThat(pre.getStatus().progress.bytesTotal).isEqualTo(bytes);
                assertThat(ready(pre).getReason()).isEqualTo("Preprocessing");
                assertThat(pre.getStatus().plan.mapJob).startsWith("reads-map-");
            } finally {
                cluster.runner.resume();
            }
            CloudDataset done = awaitReady("reads");
            assertThat(done.getStatus().phase).isEqualTo(Phase.Ready);
            assertThat(done.getStatus().attributes).isEqualTo(Map.of("objects", 5L, "bytes", bytes, "lines", lines));
            assertThat(done.getStatus().objects).isEqualTo(5);
            assertThat(done.getStatus().bytes).isEqualTo(bytes);
            assertThat(done.getStatus().progress.tasksDone).isEqualTo(5);
            assertThat(done.getStatus().revision).isNotBlank();
            assertThat(done.getStatus().inventory).startsWith("s3://meta/" + prefix + "dataplug-v1/datasets/" + ns + "/reads/inventory-");
            assertThat(ready(done).getReason()).isEqualTo("Indexed");
            assertThat(ready(done).getMessage()).contains("5 object(s)").contains("lines=" + lines);
        }
        assertThat(phases).containsSubsequence("Pending", "Preprocessing", "Ready");
        List<Job> jobs = jobs("reads");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).getStatus().getSucceeded()).isEqualTo(jobs.get(0).getSpec().getCompletions());
        assertThat(events("reads", "JobCreated")).hasSize(1);
        assertThat(events("reads", "Indexed")).hasSize(1);
    }
}
