package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.testing.LinesChunkedTestFormat;
import io.dataplug.operator.testing.LinesTestFormat;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The operator keeps no state of its own: a restarted one adopts the running Jobs and finishes the work. */
class OperatorRestartTest extends OperatorTestSupport {

    private static boolean complete(Job j) {
        return j.getStatus() != null && j.getStatus().getConditions() != null
                && j.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Complete"));
    }

    @Test
    void restartMidPreprocessingAdoptsTheJob() {
        for (int i = 0; i < 3; i++) {
            put("fast-" + i + ".txt", lines(70 + i, 100));
        }
        put("slow.txt", lines(80, 100));
        CountDownLatch gate = new CountDownLatch(1);
        LinesTestFormat.GATES.put(prefix + "slow", gate);
        try {
            CloudDataset ds = dataset("restart", "lines-test", "s3://raw/" + prefix);
            ds.getSpec().preprocessing.bytesPerWorker = new Quantity("1Ki");
            create(ds);
            // Mid-run: three of four task groups done, the fourth held.
            await().atMost(Duration.ofSeconds(30)).until(() -> jobs("restart").size() == 1
                    && jobs("restart").get(0).getStatus() != null
                    && jobs("restart").get(0).getStatus().getSucceeded() != null && jobs("restart").get(0).getStatus().getSucceeded() == 3);
            String job = jobs("restart").get(0).getMetadata().getName();

            cluster.stopOperator();
            cluster.startOperator();
            CloudDataset adopted = awaitDataset("restart", d -> d.getStatus().progress != null && d.getStatus().progress.tasksDone == 3);
            assertThat(adopted.getStatus().plan.mapJob).isEqualTo(job);
            assertThat(adopted.getStatus().phase).isEqualTo(Phase.Preprocessing);
            assertThat(jobs("restart")).hasSize(1);

            gate.countDown();
            CloudDataset done = awaitReady("restart");
            assertThat(done.getStatus().objects).isEqualTo(4);
            assertThat(jobs("restart")).extracting(j -> j.getMetadata().getName()).containsExactly(job);
            assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(4);
        } finally {
            gate.countDown();
            LinesTestFormat.GATES.remove(prefix + "slow");
            cluster.startOperator();
        }
    }

    @Test
    void mapJobFinishingWhileTheOperatorIsDownGetsItsFinalizeJob() {
        put("c.txt", lines(90, 2000));
        CountDownLatch gate = new CountDownLatch(1);
        LinesTestFormat.GATES.put(prefix + "c.txt", gate);
        try {
            CloudDataset ds = dataset("downtime", "lines-chunked-test", "s3://raw/" + prefix);
            ds.getSpec().preprocessing.chunkSize = new Quantity("16Ki");
            create(ds);
            await().atMost(Duration.ofSeconds(30)).until(() -> jobs("downtime").size() == 1);
            cluster.stopOperator();
            gate.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> complete(jobs("downtime").get(0)));
            cluster.startOperator();
            CloudDataset done = awaitReady("downtime");
            assertThat(done.getStatus().attributes).containsEntry("lines", 2000L);
            List<Job> jobs = jobs("downtime");
            assertThat(jobs).hasSize(2);
            assertThat(jobs).extracting(j -> j.getMetadata().getLabels().get("dataplug.io/stage")).containsExactlyInAnyOrder("map", "finalize");
        } finally {
            gate.countDown();
            LinesTestFormat.GATES.remove(prefix + "c.txt");
            cluster.startOperator();
        }
    }

    @Test
    void restartDuringFinalizeAdoptsTheRunningFinalizeJob() {
        put("f.txt", lines(95, 2000));
        CountDownLatch gate = new CountDownLatch(1);
        LinesChunkedTestFormat.FINALIZE_GATES.put(prefix + "f.txt", gate);
        try {
            CloudDataset ds = dataset("finrestart", "lines-chunked-test", "s3://raw/" + prefix);
            ds.getSpec().preprocessing.chunkSize = new Quantity("16Ki");
            create(ds);
            // The finalize task runs (held in buildIndex) when the operator goes down.
            await().atMost(Duration.ofSeconds(30)).until(() -> jobs("finrestart").stream().anyMatch(j ->
                    "finalize".equals(j.getMetadata().getLabels().get("dataplug.io/stage")) && j.getStatus() != null
                            && j.getStatus().getReady() != null && j.getStatus().getReady() == 1));
            String fin = jobs("finrestart").stream().filter(j -> "finalize".equals(j.getMetadata().getLabels().get("dataplug.io/stage")))
                    .findFirst().orElseThrow().getMetadata().getName();
            cluster.stopOperator();
            cluster.startOperator();
            CloudDataset adopted = awaitDataset("finrestart", d -> d.getStatus().plan != null && fin.equals(d.getStatus().plan.finalizeJob)
                    && d.getStatus().phase == Phase.Preprocessing && d.getMetadata().getGeneration().equals(d.getStatus().observedGeneration)
                    && ready(d).getMessage().contains("(finalize Job " + fin + ")"));
            assertThat(adopted.getStatus().progress.tasksDone).isEqualTo(adopted.getStatus().progress.tasksTotal - 1);

            cluster.stopOperator();
            gate.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> jobs("finrestart").stream().allMatch(OperatorRestartTest::complete));
            cluster.startOperator();
            CloudDataset done = awaitReady("finrestart");
            assertThat(done.getStatus().attributes).containsEntry("lines", 2000L);
            assertThat(jobs("finrestart")).extracting(j -> j.getMetadata().getLabels().get("dataplug.io/stage"))
                    .containsExactlyInAnyOrder("map", "finalize");
        } finally {
            gate.countDown();
            LinesChunkedTestFormat.FINALIZE_GATES.remove(prefix + "f.txt");
            cluster.startOperator();
        }
    }
}
