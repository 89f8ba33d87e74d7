package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Jobs the operator creates: their shape for given sizes, finalize Jobs, and incremental re-planning. */
class PreprocessJobsTest extends OperatorTestSupport {

    @Test
    void tenObjectsOfThreeMiBWithEightMiBPerWorkerRunFourAtATime() {
        long lines = 0;
        for (int i = 0; i < 10; i++) {
            byte[] data = linesOfSize(100 + i, 3 << 20);
            put(String.format("obj-%02d.txt", i), data);
            lines += countLines(data);
        }
        CloudDataset ds = dataset("big", "lines-test", "s3://raw/" + prefix);
        ds.getSpec().preprocessing.bytesPerWorker = new Quantity("8Mi");
        ds.getSpec().preprocessing.retries = 3;
        cluster.runner.pause();
        Job job;
        try {
            create(ds);
            awaitDataset("big", d -> d.getStatus() != null && d.getStatus().phase == Phase.Preprocessing);
            List<Job> jobs = jobs("big");
            assertThat(jobs).hasSize(1);
            job = jobs.get(0);
        } finally {
            cluster.runner.resume();
        }
        // 30 MiB / 8 MiB per worker -> 4 workers; 3 MiB objects packed two per 8 MiB group -> 5 groups.
        assertThat(job.getSpec().getParallelism()).isEqualTo(4);
        assertThat(job.getSpec().getCompletions()).isEqualTo(5);
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(3);
        assertThat(job.getMetadata().getName()).matches("big-map-[0-9a-f]{10}");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("CloudDataset");
            assertThat(o.getName()).isEqualTo("big");
            assertThat(o.getController()).isTrue();
        });
        assertThat(job.getMetadata().getLabels()).containsEntry("dataplug.io/dataset", "big").containsEntry("dataplug.io/stage", "map");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("dataplug.io/tasks", "10")
                .containsEntry("dataplug.io/bytes", Long.toString(30L << 20));

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("dataplug-worker:test");
        assertThat(c.getArgs()).startsWith("task", "run", "--plan");
        assertThat(c.getArgs().get(3)).isEqualTo(job.getMetadata().getAnnotations().get("dataplug.io/plan"))
                .startsWith("s3://meta/" + prefix + MetadataLayout.VERSION_DIR + "/plans/" + ns + "/big/").endsWith("-map.json");
        assertThat(c.getArgs()).contains("--endpoint", cluster.s3.endpoint(), "--path-style");
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        EnvVar key = c.getEnv().stream().filter(e -> e.getName().equals("AWS_SECRET_ACCESS_KEY")).findFirst().orElseThrow();
        assertThat(key.getValue()).isNull();
        assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SECRET);
        assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AWS_SECRET_ACCESS_KEY");

        CloudDataset done = awaitReady("big");
        assertThat(done.getStatus().attributes).isEqualTo(Map.of("objects", 10L, "bytes", 30L << 20, "lines", lines));
        assertThat(done.getStatus().progress.tasksDone).isEqualTo(10);
        assertThat(jobs("big")).hasSize(1);
    }

    @Test
    void chunkedFormatRunsMapThenFinalizeJob() {
        byte[] a = lines(7, 3000);
        byte[] b = lines(8, 2000);
        put("a.txt", a);
        put("b.txt", b);
        CloudDataset ds = dataset("chunked", "lines-chunked-test", "s3://raw/" + prefix);
        ds.getSpec().preprocessing.chunkSize = new Quantity("32Ki");
        ds.getSpec().preprocessing.bytesPerWorker = new Quantity("64Ki");
        create(ds);
        CloudDataset done = awaitReady("chunked");
        assertThat(done.getStatus().attributes).isEqualTo(Map.of("objects", 2L, "bytes", (long) a.length + b.length,
                "lines", countLines(a) + countLines(b)));
        List<Job> jobs = jobs("chunked");
        assertThat(jobs).extracting(j -> j.getMetadata().getLabels().get("dataplug.io/stage")).containsExactlyInAnyOrder("map", "finalize");
        Job map = jobs.stream().filter(j -> j.getMetadata().getName().startsWith("chunked-map-")).findFirst().orElseThrow();
        Job fin = jobs.stream().filter(j -> j.getMetadata().getName().startsWith("chunked-fin-")).findFirst().orElseThrow();
        long chunks = chunks(a.length, 32 << 10) + chunks(b.length, 32 << 10);
        assertThat(map.getMetadata().getAnnotations()).containsEntry("dataplug.io/tasks", Long.toString(chunks))
                .containsEntry("dataplug.io/finalize-tasks", "2");
        assertThat(map.getSpec().getCompletions()).isGreaterThan(1);
        assertThat(fin.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().get(3)).endsWith("-finalize.json");
        assertThat(done.getStatus().progress.tasksDone).isEqualTo(chunks + 2);
        assertThat(done.getStatus().plan.finalizeJob).isEqualTo(fin.getMetadata().getName());
    }

    /** Map tasks for one object as docs/metadata.md states the tiling: a tail under an eighth of a chunk joins the one before. */
    private static long chunks(long size, long chunk) {
        long n = (size + chunk - 1) / chunk;
        return n > 1 && size - (n - 1) * chunk < chunk / 8 ? n - 1 : n;
    }

    @Test
    void newObjectsUnderThePrefixAreTheOnlyOnesProcessed() {
        for (int i = 0; i < 3; i++) {
            put("f" + i + ".txt", lines(20 + i, 100));
        }
        create(dataset("grow", "lines-test", "s3://raw/" + prefix));
        CloudDataset first = awaitReady("grow");
        assertThat(first.getStatus().objects).isEqualTo(3);

        long lines = first.getStatus().attributes.get("lines");
        for (int i = 3; i < 5; i++) {
            byte[] data = lines(20 + i, 100 + i);
            put("f" + i + ".txt", data);
            lines += countLines(data);
        }
        long expectLines = lines;
        CloudDataset grown = awaitDataset("grow", d -> d.getStatus().objects != null && d.getStatus().objects == 5
                && d.getStatus().phase == Phase.Ready);
        assertThat(grown.getStatus().attributes).containsEntry("lines", expectLines).containsEntry("objects", 5L);
        assertThat(grown.getStatus().revision).isNotEqualTo(first.getStatus().revision);
        // The first run's Job is cleaned up once the dataset is Ready again; the second one indexed only the new objects.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jobs("grow").size() == 1);
        Job second = jobs("grow").get(0);
        assertThat(second.getMetadata().getName()).isEqualTo(grown.getStatus().plan.mapJob).isNotEqualTo(first.getStatus().plan.mapJob);
        assertThat(second.getMetadata().getAnnotations()).containsEntry("dataplug.io/objects", "2")
                .containsEntry("dataplug.io/already-indexed", "3").containsEntry("dataplug.io/tasks", "2");
    }

    @Test
    void specChangeWhileRunningSupersedesTheJobAndReplans() {
        for (int i = 0; i < 4; i++) {
            put("s" + i + ".txt", lines(40 + i, 300));
        }
        cluster.runner.pause();
        String oldJob;
        try {
            create(dataset("change", "lines-test", "s3://raw/" + prefix));
            oldJob = awaitDataset("change", d -> d.getStatus() != null && d.getStatus().phase == Phase.Preprocessing).getStatus().plan.mapJob;
            CloudDataset ds = getDataset("change");
            ds.getSpec().formatOptions.put("blockSize", "512");
            client.resources(CloudDataset.class).inNamespace(ns).resource(ds).update();
            awaitDataset("change", d -> d.getStatus().plan != null && !oldJob.equals(d.getStatus().plan.mapJob));
        } finally {
            cluster.runner.resume();
        }
        CloudDataset done = awaitReady("change");
        assertThat(done.getStatus().observedGeneration).isEqualTo(2);
        assertThat(jobs("change")).extracting(j -> j.getMetadata().getName()).containsExactly(done.getStatus().plan.mapJob);
        assertThat(events("change", "JobSuperseded")).hasSize(1);
        // The index was built with the new options.
        ObjectLocation inv = ObjectLocation.parse(done.getStatus().inventory);
        assertThat(new String(store().readIfExists(inv).orElseThrow())).contains("\"blockSize\":\"512\"");

        // A spec change after Ready that leaves the indexes valid re-plans to nothing: no new Job.
        CloudDataset ds = getDataset("change");
        ds.getSpec().preprocessing.maxWorkers = 3;
        client.resources(CloudDataset.class).inNamespace(ns).resource(ds).update();
        CloudDataset again = awaitDataset("change", d -> d.getStatus().observedGeneration == 3 && d.getStatus().phase == Phase.Ready);
        assertThat(again.getStatus().revision).isEqualTo(done.getStatus().revision);
        assertThat(jobs("change")).hasSize(1);
    }

    @Test
    void deletingTheDatasetRemovesItsJobsPodsAndPlans() {
        put("d.txt", lines(60, 100));
        create(dataset("gone", "lines-test", "s3://raw/" + prefix));
        CloudDataset ready = awaitReady("gone");
        String plan = ready.getStatus().plan.mapPlan;
        assertThat(store().readIfExists(ObjectLocation.parse(plan))).isPresent();
        assertThat(client.pods().inNamespace(ns).list().getItems()).isNotEmpty();

        client.resources(CloudDataset.class).inNamespace(ns).withName("gone").delete();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> getDataset("gone") == null
                && jobs("gone").isEmpty() && client.pods().inNamespace(ns).list().getItems().isEmpty());
        assertThat(store().readIfExists(ObjectLocation.parse(plan))).isEmpty();
        assertThat(store().readIfExists(ObjectLocation.parse(ready.getStatus().inventory))).isEmpty();
    }
}
