package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.testing.LinesTestFormat;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Things done to a running dataset's Job from outside: the Job deleted, its Secret deleted. Exact data in the end. */
class JobDisruptionTest extends OperatorTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Job onlyJob(String dataset) {
        List<Job> jobs = jobs(dataset);
        return jobs.size() == 1 ? jobs.get(0) : null;
    }

    private static boolean running(Job j) {
        return j != null && j.getStatus() != null && j.getStatus().getReady() != null && j.getStatus().getReady() == 1;
    }

    private List<Pod> pods(String job) {
        return client.pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", job).list().getItems();
    }

    @Test
    void aJobDeletedByHandIsCreatedAgainAndTheDatasetIndexedExactly() {
        put("a.txt", lines(21, 300));
        put("b.txt", lines(22, 200));
        CountDownLatch gate = new CountDownLatch(1);
        LinesTestFormat.GATES.put(prefix, gate);
        try {
            create(dataset("deleted", "lines-test", "s3://raw/" + prefix));
            await().atMost(WAIT).until(() -> running(onlyJob("deleted")));
            Job first = onlyJob("deleted");
            client.batch().v1().jobs().inNamespace(ns).withName(first.getMetadata().getName()).delete();

            // Nothing was indexed: the same plan, so the same name, in a new Job.
            await().atMost(WAIT).until(() -> onlyJob("deleted") != null
                    && !onlyJob("deleted").getMetadata().getUid().equals(first.getMetadata().getUid()));
            assertThat(onlyJob("deleted").getMetadata().getName()).isEqualTo(first.getMetadata().getName());
            gate.countDown();
            CloudDataset done = awaitReady("deleted");
            assertThat(done.getStatus().attributes).containsEntry("lines", 500L).containsEntry("objects", 2L);
            assertThat(jobs("deleted")).hasSize(1);
            assertThat(pods(first.getMetadata().getName())).allSatisfy(p ->
                    assertThat(p.getMetadata().getOwnerReferences().get(0).getUid()).isNotEqualTo(first.getMetadata().getUid()));
        } finally {
            gate.countDown();
            LinesTestFormat.GATES.remove(prefix);
        }
    }

    @Test
    void aSecretDeletedAfterTheJobStartedHoldsNewPodsUntilItIsBack() {
        for (int i = 0; i < 3; i++) {
            put("g" + i + ".txt", lines(30 + i, 100));
        }
        CountDownLatch gate = new CountDownLatch(1);
        LinesTestFormat.GATES.put(prefix, gate);
        try {
            CloudDataset spec = dataset("nokeys", "lines-test", "s3://raw/" + prefix);
            spec.getSpec().preprocessing.bytesPerWorker = new Quantity("1Ki");
            spec.getSpec().preprocessing.maxWorkers = 1;
            create(spec);
            await().atMost(WAIT).until(() -> running(onlyJob("nokeys")));
            String job = onlyJob("nokeys").getMetadata().getName();

            client.secrets().inNamespace(ns).withName(SECRET).delete();
            CloudDataset waiting = awaitReason("nokeys", "SecretNotFound");
            assertThat(waiting.getStatus().phase).isEqualTo(Phase.Pending);
            assertThat(ready(waiting).getMessage()).isEqualTo("Secret " + ns + "/" + SECRET + " (spec.source.credentialsSecret) not found");

            // The running pod finishes; the next one cannot get its keys and waits, as a kubelet leaves it.
            gate.countDown();
            await().atMost(WAIT).until(() -> pods(job).stream().anyMatch(p -> "Pending".equals(p.getStatus().getPhase())
                    && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null
                    && "CreateContainerConfigError".equals(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                    && ("secret \"" + SECRET + "\" not found").equals(
                            p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())));
            assertThat(onlyJob("nokeys").getStatus().getConditions()).as("the Job waits, it does not fail").isNullOrEmpty();

            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
                    .addToData("AWS_ACCESS_KEY_ID", b64(EmbeddedS3.ACCESS_KEY))
                    .addToData("AWS_SECRET_ACCESS_KEY", b64(EmbeddedS3.SECRET_KEY)).build()).create();
            CloudDataset done = awaitReady("nokeys");
            assertThat(done.getStatus().attributes).containsEntry("lines", 300L).containsEntry("objects", 3L);
            assertThat(jobs("nokeys")).extracting(j -> j.getMetadata().getName()).containsExactly(job);
            assertThat(onlyJob("nokeys").getStatus().getFailed()).isZero();
        } finally {
            gate.countDown();
            LinesTestFormat.GATES.remove(prefix);
        }
    }
}
