package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.reader.PodEnvironment;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.model.WorkloadSpec;
import io.dataplug.operator.support.Conditions;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.dataplug.core.testing.ExternalTools;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitioning.spec.workload end to end: the operator's Indexed Job, run by the local runner (the real worker CLI
 * in-process, other commands as local processes), each pod evaluating its own slice; outputs compared with the
 * objects as written.
 */
class WorkloadTest extends OperatorTestSupport {

    @TempDir
    Path tmp;

    private final TreeMap<String, byte[]> objects = new TreeMap<>();

    private void dataset(int objectCount) {
        for (int i = 0; i < objectCount; i++) {
            byte[] data = lines(700 + i, 300 + 50 * i);
            put("w" + i + ".txt", data);
            objects.put("w" + i + ".txt", data);
        }
        create(dataset("ds", "lines-test", "s3://raw/" + prefix));
    }

    private byte[] original() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        objects.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Pods that write their own slice ({@code dataplug slice get}, no manifest flag) to a host folder. */
    private PodTemplateSpec sliceGetTemplate(Path out) {
        return new PodTemplateSpecBuilder().withNewSpec()
                .addNewContainer().withName("get").withImage("dataplug-worker:test").withCommand("dataplug")
                .withArgs("slice", "get", "--output", "/out/slice-$(JOB_COMPLETION_INDEX).out")
                .addNewVolumeMount().withName("out").withMountPath("/out").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("out").withNewHostPath().withPath(out.toString()).endHostPath().endVolume()
                .endSpec().build();
    }

    private Partitioning withWorkload(String name, int count, PodTemplateSpec template) {
        Partitioning p = partitioning(name, "ds", "chunks", Map.of("count", Integer.toString(count)));
        p.getSpec().workload = new WorkloadSpec();
        p.getSpec().workload.template = template;
        return p;
    }

    private static Condition workloadCondition(Partitioning p) {
        return p.getStatus() == null ? null : Conditions.get(p.getStatus(), DataplugStatus.WORKLOAD_COMPLETE).orElse(null);
    }

    private Partitioning awaitWorkload(String name, Reason reason) {
        return awaitPartitioning(name, p -> workloadCondition(p) != null && reason.name().equals(workloadCondition(p).getReason()));
    }

    private List<Job> workloadJobs(String partitioning) {
        return client.batch().v1().jobs().inNamespace(ns).withLabel("dataplug.io/partitioning", partitioning)
                .withLabel("app.kubernetes.io/component", "workload").list().getItems();
    }

    private static byte[] concatenated(Path dir, int slices) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < slices; i++) {
            all.writeBytes(Files.readAllBytes(dir.resolve("slice-" + i + ".out")));
        }
        return all.toByteArray();
    }

    @Test
    void aWorkloadOverSevenSlicesRunsOnePodPerSliceEachEvaluatingItsOwn() throws Exception {
        dataset(4);
        Path out = Files.createDirectory(tmp.resolve("out"));
        create(withWorkload("seven", 7, sliceGetTemplate(out)));

        Partitioning p = awaitWorkload("seven", Reason.WorkloadComplete);
        assertThat(workloadCondition(p).getStatus()).isEqualTo("True");
        assertThat(p.getStatus().workload.slices).isEqualTo(7);
        assertThat(p.getStatus().workload.succeeded).isEqualTo(7);
        assertThat(p.getStatus().workload.failed).isZero();
        assertThat(p.getStatus().workload.failures).isEmpty();

        Job job = workloadJobs("seven").get(0);
        assertThat(job.getMetadata().getName()).isEqualTo(p.getStatus().workload.job);
        assertThat(job.getSpec().getCompletions()).isEqualTo(7);
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Partitioning"));
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var c = pod.getContainers().get(0);
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo(PodEnvironment.SLICE_COUNT);
            assertThat(e.getValue()).isEqualTo("7");
        });
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(PodEnvironment.MOUNT));
        // The pods' slices are confined to the dataset's own roots, whatever the manifest says.
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo(PodEnvironment.ALLOWED_ROOTS);
            assertThat(e.getValue()).isEqualTo("s3://raw/" + prefix + ",s3://meta/" + prefix);
        });

        // Each pod wrote its own slice; in index order they are the objects as written, byte for byte.
        assertThat(concatenated(out, 7)).isEqualTo(original());
        assertThat(events("seven", Reason.JobCreated)).hasSize(1);
        assertThat(events("seven", Reason.WorkloadComplete)).hasSize(1);
    }

    @Test
    void aShardedManifestIsMountedThroughOneProjectedVolumeAndEveryPodFindsItsSlice() throws Exception {
        dataset(3);
        Path out = Files.createDirectory(tmp.resolve("out"));
        int shardBytes = cluster.config.configMapShardBytes();
        cluster.config.configMapShardBytes(6000); // a couple of slices per ConfigMap
        try {
            create(withWorkload("sharded", 12, sliceGetTemplate(out)));
            Partitioning p = awaitWorkload("sharded", Reason.WorkloadComplete);
            List<String> shards = p.getStatus().manifest.configMaps;
            assertThat(shards.size()).isGreaterThan(1);

            Job job = workloadJobs("sharded").get(0);
            List<Volume> projected = job.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getProjected() != null).toList();
            assertThat(projected).singleElement().satisfies(v -> assertThat(v.getProjected().getSources().stream()
                    .map(VolumeProjection::getConfigMap).map(cm -> cm.getName()).toList()).containsExactlyElementsOf(shards));
            assertThat(concatenated(out, 12)).isEqualTo(original());
        } finally {
            cluster.config.configMapShardBytes(shardBytes);
        }
    }

    @Test
    void otherCommandsRunAsLocalProcessesAndFailedSlicesShowTheirPodsMessage() throws Exception {
        ExternalTools.require("sh");
        dataset(2);
        Path out = Files.createDirectory(tmp.resolve("out"));
        // Slice 2 fails for good; the others copy their slice document from the mounted manifest.
        PodTemplateSpec sh = new PodTemplateSpecBuilder().withNewSpec()
                .addNewContainer().withName("sh").withImage("busybox").withCommand("sh", "-c")
                .withArgs("f=/var/run/dataplug/slices/slice-$(printf %05d \"$JOB_COMPLETION_INDEX\").json; "
                        + "if [ \"$JOB_COMPLETION_INDEX\" = 2 ]; then echo \"slice 2: no disk left for $DATAPLUG_SLICE_COUNT\"; exit 3; fi; "
                        + "cp \"$f\" /out/")
                .addNewVolumeMount().withName("out").withMountPath("/out").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("out").withNewHostPath().withPath(out.toString()).endHostPath().endVolume()
                .endSpec().build();
        Partitioning spec = withWorkload("procs", 5, sh);
        spec.getSpec().workload.backoffLimitPerIndex = 0;
        spec.getSpec().workload.maxFailedIndexes = 4;
        create(spec);

        Partitioning p = awaitWorkload("procs", Reason.WorkloadFailed);
        assertThat(workloadCondition(p).getStatus()).isEqualTo("False");
        assertThat(p.getStatus().workload.succeeded).isEqualTo(4);
        assertThat(p.getStatus().workload.failed).isEqualTo(1);
        assertThat(p.getStatus().workload.failures).singleElement().satisfies(f -> {
            assertThat(f.slice).isEqualTo(2);
            assertThat(f.message).isEqualTo("slice 2: no disk left for 5");
        });
        assertThat(workloadCondition(p).getMessage()).contains("slice 2: slice 2: no disk left for 5");
        assertThat(events("procs", Reason.WorkloadFailed)).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        var cm = client.configMaps().inNamespace(ns).withName("procs-slices").get();
        for (int i : new int[] {0, 1, 3, 4}) {
            String key = String.format("slice-%05d.json", i);
            assertThat(Files.readString(out.resolve(key), StandardCharsets.UTF_8)).isEqualTo(cm.getData().get(key));
        }
        assertThat(out.resolve("slice-00002.json")).doesNotExist();
    }

    @Test
    void restartPolicyStopsTheRunningJobAndRunsTheNewSlices() throws Exception {
        dataset(3);
        Path out = Files.createDirectory(tmp.resolve("out"));
        awaitReady("ds");
        cluster.runner.pause(); // the workload's Job waits for free "nodes"
        try {
            create(withWorkload("restart", 4, sliceGetTemplate(out)));
            awaitWorkload("restart", Reason.WorkloadRunning);
            String first = workloadJobs("restart").get(0).getMetadata().getName();

            Partitioning p = getPartitioning("restart");
            p.getSpec().params.put("count", "6");
            client.resources(Partitioning.class).inNamespace(ns).resource(p).update();
            awaitPartitioning("restart", x -> x.getStatus().workload != null && x.getStatus().workload.slices == 6);
            assertThat(workloadJobs("restart")).singleElement().satisfies(j -> {
                assertThat(j.getMetadata().getName()).isNotEqualTo(first);
                assertThat(j.getSpec().getCompletions()).isEqualTo(6);
            });
            assertThat(events("restart", Reason.WorkloadRestarted)).singleElement()
                    .satisfies(e -> assertThat(e.getMessage()).contains(first));
        } finally {
            cluster.runner.resume();
        }
        awaitWorkload("restart", Reason.WorkloadComplete);
        assertThat(concatenated(out, 6)).isEqualTo(original());
    }

    @Test
    void keepPolicyLetsTheRunningJobFinishThenRunsTheNewSlices() throws Exception {
        dataset(3);
        Path out = Files.createDirectory(tmp.resolve("out"));
        awaitReady("ds");
        cluster.runner.pause();
        String first;
        try {
            Partitioning spec = withWorkload("keep", 4, sliceGetTemplate(out));
            spec.getSpec().workload.onRepartition = WorkloadSpec.RepartitionPolicy.Keep;
            create(spec);
            awaitWorkload("keep", Reason.WorkloadRunning);
            first = workloadJobs("keep").get(0).getMetadata().getName();

            Partitioning p = getPartitioning("keep");
            p.getSpec().params.put("count", "6");
            client.resources(Partitioning.class).inNamespace(ns).resource(p).update();
            Partitioning held = awaitPartitioning("keep", x -> x.getStatus().workload != null
                    && Boolean.TRUE.equals(x.getStatus().workload.repartitionPending));
            // The running Job keeps its slices: the published manifest is still the one it started with.
            assertThat(held.getStatus().slices).isEqualTo(4);
            assertThat(workloadJobs("keep")).singleElement().satisfies(j -> assertThat(j.getMetadata().getName()).isEqualTo(first));
        } finally {
            cluster.runner.resume();
        }
        Partitioning done = awaitPartitioning("keep", x -> x.getStatus().slices == 6 && workloadCondition(x) != null
                && Reason.WorkloadComplete.name().equals(workloadCondition(x).getReason()));
        assertThat(done.getStatus().workload.job).isNotEqualTo(first);
        assertThat(done.getStatus().workload.succeeded).isEqualTo(6);
        assertThat(events("keep", Reason.WorkloadRestarted)).isEmpty();
        assertThat(concatenated(out, 6)).isEqualTo(original());
    }

    @Test
    void aTemplateWithoutContainersIsAClearFailureNotAJob() {
        dataset(1);
        create(withWorkload("empty", 2, new PodTemplateSpecBuilder().withNewSpec().endSpec().build()));
        Partitioning p = awaitWorkload("empty", Reason.WorkloadFailed);
        assertThat(workloadCondition(p).getMessage())
                .isEqualTo("spec.workload.template.spec.containers is empty: nothing to run on the slices");
        assertThat(ready(p).getStatus()).as("the slices are still published").isEqualTo("True");
        assertThat(workloadJobs("empty")).isEmpty();
        assertThat(events("empty", Reason.WorkloadFailed)).hasSize(1);
    }
}
