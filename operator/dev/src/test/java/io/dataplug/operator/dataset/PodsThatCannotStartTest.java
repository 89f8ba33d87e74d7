package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.operator.local.LocalNode;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.support.AllowList;
import io.dataplug.operator.testing.LinesTestFormat;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pods that wait for what may never come become a condition with its reason within the operator's timeout (2 s
 * here), not Preprocessing forever; and a Job that outlives its deadline fails the dataset. The local runner waits
 * as a cluster does: an image it cannot pull, a node too small, a deadline.
 */
class PodsThatCannotStartTest extends OperatorTestSupport {

    @AfterEach
    void restoreTheCluster() {
        cluster.runner.node(LocalNode.UNLIMITED);
        cluster.config.allowedImages(null).jobDeadline(Duration.ofHours(24));
    }

    private List<Pod> pods(String dataset) {
        return client.pods().inNamespace(ns).withLabel("dataplug.io/dataset", dataset).list().getItems();
    }

    private static String waitingReason(Pod p) {
        var cs = p.getStatus().getContainerStatuses();
        return cs == null || cs.isEmpty() || cs.get(0).getState().getWaiting() == null ? null : cs.get(0).getState().getWaiting().getReason();
    }

    @Test
    void anImageThatCannotBePulledIsReportedOnceAndThePodsStartWhenItCan() {
        cluster.config.allowedImages(AllowList.of("registry.invalid/dataplug-worker:*"));
        cluster.runner.node(LocalNode.UNLIMITED.withPullable(image -> !image.startsWith("registry.invalid/")));
        put("a.txt", lines(1, 100));
        CloudDataset spec = dataset("pull", "lines-test", "s3://raw/" + prefix);
        spec.getSpec().preprocessing.image = "registry.invalid/dataplug-worker:missing";
        create(spec);

        CloudDataset stuck = awaitReason("pull", "ImagePullFailed");
        assertThat(stuck.getStatus().phase).isEqualTo(Phase.Pending);
        String job = jobs("pull").get(0).getMetadata().getName();
        assertThat(ready(stuck).getMessage()).matches("pod " + job + "-0-[a-z0-9]+ \\(task group 0\\) of Job " + job + " has waited for "
                + "more than 2s for image 'registry.invalid/dataplug-worker:missing' to be pulled; check the image name and the "
                + "registry's pull access \\(kubectl describe pod " + job + "-0-[a-z0-9]+\\)");
        assertThat(pods("pull")).singleElement().satisfies(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(waitingReason(p)).isIn("ErrImagePull", "ImagePullBackOff");
        });
        // The kubelet keeps retrying (ErrImagePull, ImagePullBackOff...): still one condition, one Event.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> events("pull", "ImagePullFailed").size() == 1
                && jobs("pull").size() == 1);

        cluster.runner.node(LocalNode.UNLIMITED);   // the image is pushed
        CloudDataset done = awaitReady("pull");
        assertThat(done.getStatus().attributes).containsEntry("lines", 100L);
        assertThat(jobs("pull")).extracting(j -> j.getMetadata().getName()).containsExactly(job);
    }

    @Test
    void aPodNoNodeCanHoldIsReportedUntilTheSpecAsksForLess() {
        cluster.runner.node(LocalNode.UNLIMITED.withCapacity("4", "8Gi"));
        put("a.txt", lines(2, 100));
        CloudDataset spec = dataset("big", "lines-test", "s3://raw/" + prefix);
        spec.getSpec().preprocessing.resources = new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("64Gi")).build();
        create(spec);

        CloudDataset stuck = awaitReason("big", "Unschedulable");
        assertThat(ready(stuck).getMessage()).contains("has not been scheduled for more than 2s: 0/1 nodes are available: "
                + "1 Insufficient memory.").endsWith("; lower spec.preprocessing.resources or add capacity");
        assertThat(pods("big")).singleElement().satisfies(p -> assertThat(p.getStatus().getConditions().get(0).getReason())
                .isEqualTo("Unschedulable"));

        client.resources(CloudDataset.class).inNamespace(ns).withName("big").edit(d -> {
            d.getSpec().preprocessing.resources = new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("256Mi")).build();
            return d;
        });
        CloudDataset done = awaitReady("big");
        assertThat(done.getStatus().attributes).containsEntry("lines", 100L);
        assertThat(events("big", "JobSuperseded")).hasSize(1);
    }

    @Test
    void aJobStillRunningAtItsDeadlineFailsTheDatasetAndItsPodsAreRemoved() {
        cluster.config.jobDeadline(Duration.ofSeconds(2));
        put("held.txt", lines(3, 100));
        CountDownLatch gate = new CountDownLatch(1);
        LinesTestFormat.GATES.put(prefix + "held", gate);
        try {
            create(dataset("late", "lines-test", "s3://raw/" + prefix));
            CloudDataset failed = awaitReason("late", "DeadlineExceeded");
            Job job = jobs("late").get(0);
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(2L);
            assertThat(failed.getStatus().phase).isEqualTo(Phase.Failed);
            assertThat(ready(failed).getMessage()).isEqualTo("Job " + job.getMetadata().getName() + " was still running at its "
                    + "deadline of 2s (DATAPLUG_JOB_DEADLINE) with 0 of 1 task group(s) done, and was stopped; delete the Job to retry");
            assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Failed");
                assertThat(c.getReason()).isEqualTo("DeadlineExceeded");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> pods("late").isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> events("late", "DeadlineExceeded").size() == 1);

            gate.countDown();
            cluster.config.jobDeadline(Duration.ofHours(24));
            client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).delete();
            assertThat(awaitReady("late").getStatus().attributes).containsEntry("lines", 100L);
        } finally {
            gate.countDown();
            LinesTestFormat.GATES.remove(prefix + "held");
        }
    }
}
