package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.testing.ReconcileTestSupport;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs that cannot make progress: a deadline on every Job, and pods waiting for an image, a Secret or a node are
 * reported with their own reason once they have waited longer than the operator's timeout — not Preprocessing
 * forever. The Job is kept (the cause may go away); the deadline ends it.
 */
class StuckJobsTest extends ReconcileTestSupport {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private Job job;

    @BeforeEach
    void runningMapJobWithTwoGroups() {
        config.jobDeadline(Duration.ofMinutes(90)).stuckPodTimeout(TIMEOUT);
        byte[] a = lines(1, 100);
        put("a.txt", a);
        put("b.txt", lines(2, 50));
        CloudDataset ds = dataset("ds", "lines-test");
        ds.getSpec().preprocessing.bytesPerWorker = new Quantity(Integer.toString(a.length));
        create(ds);
        reconcileDataset("ds");
        reconcileDataset("ds");
        job = jobs("ds").get(0);
        jobStatus(job, new JobStatusBuilder().withActive(2).withReady(0).withStartTime(ago(Duration.ofMinutes(10))).build());
    }

    private static String ago(Duration d) {
        return Instant.now().minus(d).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A pod of the map Job, as the Job controller names and labels it, with the given status. */
    private void pod(String name, int index, PodStatus status) {
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
                .addToLabels("batch.kubernetes.io/job-completion-index", Integer.toString(index)).endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("dataplug-worker:test").endContainer().endSpec()
                .build()).createOr(o -> o.update());
        client.pods().inNamespace(ns).withName(name).editStatus(p -> {
            p.setStatus(status);
            return p;
        });
    }

    private static PodStatus waiting(String reason, String message, Duration since) {
        return new PodStatusBuilder().withPhase("Pending").withStartTime(ago(since))
                .withContainerStatuses(new ContainerStatusBuilder().withName("worker").withImage("dataplug-worker:test").withReady(false)
                        .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build())
                .build();
    }

    private static PodStatus running() {
        return new PodStatusBuilder().withPhase("Running").withStartTime(ago(Duration.ofMinutes(9)))
                .withContainerStatuses(new ContainerStatusBuilder().withName("worker").withImage("dataplug-worker:test").withReady(true)
                        .withNewState().withNewRunning().withStartedAt(ago(Duration.ofMinutes(1))).endRunning().endState().build())
                .build();
    }

    @Test
    void everyJobCarriesTheConfiguredDeadline() {
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(5400L);
    }

    @Test
    void aJobStoppedAtItsDeadlineFailsTheDatasetUntilItIsDeleted() {
        jobStatus(job, new JobStatusBuilder().withActive(0).withSucceeded(1).withFailed(1).withCompletedIndexes("0")
                .withFailedIndexes("").withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
                        .withReason("DeadlineExceeded").withMessage("Job was active longer than specified deadline").build())
                .build());
        UpdateControl<CloudDataset> c = reconcileDataset("ds");
        CloudDataset ds = getDataset("ds");
        String message = "Job " + job.getMetadata().getName() + " was still running at its deadline of 1h30m (DATAPLUG_JOB_DEADLINE) "
                + "with 1 of 2 task group(s) done, and was stopped; delete the Job to retry";
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Failed);
        assertReady(ds.getStatus(), false, Reason.DeadlineExceeded, message);
        assertThat(c.getScheduleDelay()).isEmpty();
        reconcileDataset("ds");
        assertThat(events("ds", Reason.DeadlineExceeded)).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        assertThat(jobs("ds")).hasSize(1);

        client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).delete();
        reconcileDataset("ds");
        assertThat(getDataset("ds").getStatus().phase).isEqualTo(Phase.Preprocessing);
        assertThat(jobs("ds")).hasSize(1);
    }

    @Test
    void aPodWaitingForItsImageIsReportedOnlyAfterTheTimeout() {
        pod("p0", 0, waiting("ErrImagePull", "rpc error: code = NotFound", Duration.ofMinutes(4)));
        reconcileDataset("ds");
        assertThat(getDataset("ds").getStatus().phase).as("within the timeout").isEqualTo(Phase.Preprocessing);

        pod("p0", 0, waiting("ImagePullBackOff", "Back-off pulling image \"dataplug-worker:test\"", Duration.ofMinutes(6)));
        pod("p1", 1, running());
        UpdateControl<CloudDataset> c = reconcileDataset("ds");
        String message = "pod p0 (task group 0) of Job " + job.getMetadata().getName() + " has waited for more than 5m for image "
                + "'dataplug-worker:test' to be pulled; check the image name and the registry's pull access (kubectl describe pod p0)";
        CloudDataset ds = getDataset("ds");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Pending);
        assertReady(ds.getStatus(), false, Reason.ImagePullFailed, message);
        assertThat(c.getScheduleDelay()).contains(RETRY.toMillis());
        assertThat(ds.getStatus().plan.mapJob).as("the Job is kept").isEqualTo(job.getMetadata().getName());

        // The kubelet alternates its reasons while it retries: the same condition, no second Event.
        pod("p0", 0, waiting("ErrImagePull", "rpc error: code = Unknown desc = 503", Duration.ofMinutes(7)));
        reconcileDataset("ds");
        assertReady(getDataset("ds").getStatus(), false, Reason.ImagePullFailed, message);
        assertThat(events("ds", Reason.ImagePullFailed)).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

        pod("p0", 0, running());
        reconcileDataset("ds");
        assertThat(getDataset("ds").getStatus().phase).as("pulled at last").isEqualTo(Phase.Preprocessing);
        assertThat(jobs("ds")).hasSize(1);
    }

    @Test
    void aPodNoNodeFitsIsReported() {
        pod("p1", 1, new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient memory.")
                .withLastTransitionTime(ago(Duration.ofMinutes(8))).build()).build());
        reconcileDataset("ds");
        assertReady(getDataset("ds").getStatus(), false, Reason.Unschedulable, "pod p1 (task group 1) of Job "
                + job.getMetadata().getName() + " has not been scheduled for more than 5m: 0/3 nodes are available: 3 Insufficient "
                + "memory.; lower spec.preprocessing.resources or add capacity");
    }

    @Test
    void aContainerThatCannotBeConfiguredIsReportedWithTheKubeletsWords() {
        pod("p0", 0, running());
        pod("p1", 1, waiting("CreateContainerConfigError", "container has runAsNonRoot and image will run as root",
                Duration.ofMinutes(30)));
        reconcileDataset("ds");
        assertReady(getDataset("ds").getStatus(), false, Reason.ContainerConfigError, "pod p1 (task group 1) of Job "
                + job.getMetadata().getName() + " cannot start its container for more than 5m: CreateContainerConfigError: "
                + "container has runAsNonRoot and image will run as root");
    }

    @Test
    void podsOfOtherJobsDoNotCount() {
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("stranger")
                .addToLabels("batch.kubernetes.io/job-name", "someone-elses-job").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec().build()).create();
        client.pods().inNamespace(ns).withName("stranger").editStatus(p -> {
            p.setStatus(waiting("ImagePullBackOff", "Back-off", Duration.ofHours(2)));
            return p;
        });
        reconcileDataset("ds");
        assertThat(getDataset("ds").getStatus().phase).isEqualTo(Phase.Preprocessing);
    }
}
