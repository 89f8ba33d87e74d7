package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.reader.PodEnvironment;
import io.dataplug.operator.model.ManifestStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.WorkloadSpec;
import io.dataplug.operator.testing.TestResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workload Job as built from a template: what the operator adds, and what it leaves to the template. */
class WorkloadJobsTest {

    private static Partitioning partitioning(WorkloadSpec w) {
        Partitioning p = TestResources.partitioning("ns", "reads", "ds", "chunks", Map.of("count", "3"));
        p.getMetadata().setUid("uid-1");
        p.getSpec().workload = w;
        return p;
    }

    private static ManifestStatus configMaps(String... names) {
        ManifestStatus m = new ManifestStatus();
        m.type = "ConfigMap";
        m.configMaps = List.of(names);
        return m;
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void theTemplatesOwnSettingsWinAndWhatTheOperatorOwnsIsReplaced() {
        WorkloadSpec w = new WorkloadSpec();
        w.template = new PodTemplateSpecBuilder().withNewSpec().withRestartPolicy("Always")
                .withNewSecurityContext().withRunAsUser(4242L).endSecurityContext()
                .addNewContainer().withName("a").withImage("x")
                .addNewEnv().withName(PodEnvironment.SLICE_COUNT).withValue("99").endEnv()   // hand-set, wrong
                .addNewVolumeMount().withName("mine").withMountPath(PodEnvironment.MOUNT).endVolumeMount()
                .withNewSecurityContext().withPrivileged(false).endSecurityContext()
                .endContainer()
                .addNewContainer().withName("b").withImage("y").endContainer()
                .addNewVolume().withName("dataplug-slices").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
        Job job = WorkloadJobs.build(partitioning(w), w, new WorkloadJobs.Run(3, configMaps("reads-slices", "reads-slices-1"),
                "rev1", 2L, List.of()));

        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(job.getSpec().getParallelism()).isEqualTo(3);
        assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(1);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(4242L);          // the template's, untouched
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isNull();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("dataplug-slices")).singleElement()
                .satisfies(v -> assertThat(v.getProjected().getSources()).extracting(s -> s.getConfigMap().getName())
                        .containsExactly("reads-slices", "reads-slices-1"));
        for (Container c : pod.getContainers()) {
            assertThat(env(c, PodEnvironment.SLICE_COUNT)).isEqualTo("3");
            assertThat(env(c, PodEnvironment.ALLOWED_ROOTS)).as("no roots known, none set").isNull();
            assertThat(c.getEnv()).filteredOn(e -> e.getName().equals(PodEnvironment.SLICE_COUNT)).hasSize(1);
            assertThat(c.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals(PodEnvironment.MOUNT)).singleElement()
                    .satisfies(m -> assertThat(m.getName()).isEqualTo("dataplug-slices"));
        }
        assertThat(pod.getContainers().get(0).getSecurityContext().getPrivileged()).isFalse();
        assertThat(pod.getContainers().get(0).getSecurityContext().getCapabilities()).isNull();
        assertThat(pod.getContainers().get(1).getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(w.template.getSpec().getRestartPolicy()).as("the spec is not modified").isEqualTo("Always");
    }

    @Test
    void bucketOutputNamesTheManifestAndNewSlicesMeanANewJob() {
        WorkloadSpec w = new WorkloadSpec();
        w.parallelism = 2;
        w.template = new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("a").withImage("x").endContainer()
                .endSpec().build();
        ManifestStatus bucket = new ManifestStatus();
        bucket.type = "Bucket";
        bucket.uri = "s3://meta/dataplug-v1/manifests/ns/reads.jsonl";
        WorkloadJobs.Run run = new WorkloadJobs.Run(5, bucket, "rev1", 1L,
                List.of("s3://raw/reads/", "s3://meta/"));
        Job job = WorkloadJobs.build(partitioning(w), w, run);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(c, PodEnvironment.MANIFEST)).isEqualTo(bucket.uri);
        assertThat(env(c, PodEnvironment.ALLOWED_ROOTS)).isEqualTo("s3://raw/reads/,s3://meta/");
        assertThat(c.getVolumeMounts()).isNullOrEmpty();
        assertThat(job.getSpec().getParallelism()).isEqualTo(2);
        assertThat(job.getMetadata().getName()).isEqualTo("reads-run-" + run.hash()).hasSizeLessThanOrEqualTo(63);

        assertThat(new WorkloadJobs.Run(5, bucket, "rev2", 1L, List.of()).hash()).isNotEqualTo(run.hash());
        assertThat(new WorkloadJobs.Run(6, bucket, "rev1", 1L, List.of()).hash()).isNotEqualTo(run.hash());
        assertThat(new WorkloadJobs.Run(5, bucket, "rev1", 2L, List.of()).hash()).isNotEqualTo(run.hash());
        assertThat(WorkloadJobs.jobName("p".repeat(80), run.hash())).hasSize(63).endsWith("-run-" + run.hash());
    }
}
