package io.dataplug.operator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.SecretRef;
import io.dataplug.operator.testing.LinesTestFormat;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Bad input becomes a precise condition and one Warning Event; nothing crash-loops. */
class CloudDatasetFailuresTest extends OperatorTestSupport {

    /** Holds for the whole period while the operator keeps reconciling (Awaitility's during): nothing more happens. */
    private static void holds(Duration d, Callable<Boolean> condition) {
        await().during(d).atMost(d.plusSeconds(10)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    private Event onlyWarning(String dataset, String reason) {
        List<Event> ev = events(dataset, reason);
        assertThat(ev).hasSize(1);
        assertThat(ev.get(0).getType()).isEqualTo("Warning");
        assertThat(ev.get(0).getInvolvedObject().getKind()).isEqualTo("CloudDataset");
        return ev.get(0);
    }

    @Test
    void unknownFormat() {
        put("x.txt", lines(1, 10));
        create(dataset("nofmt", "no-such-format", "s3://raw/" + prefix));
        CloudDataset ds = awaitReason("nofmt", "UnknownFormat");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Failed);
        assertThat(ready(ds).getStatus()).isEqualTo("False");
        assertThat(ready(ds).getMessage()).startsWith("unknown format 'no-such-format' (known: ").contains("lines-test");
        holds(Duration.ofSeconds(2), () -> events("nofmt", "UnknownFormat").size() == 1);
        assertThat(onlyWarning("nofmt", "UnknownFormat").getMessage()).isEqualTo(ready(ds).getMessage());
        assertThat(jobs("nofmt")).isEmpty();
    }

    @Test
    void unknownFormatOption() {
        put("x.txt", lines(1, 10));
        CloudDataset ds = dataset("badopt", "lines-test", "s3://raw/" + prefix);
        ds.getSpec().formatOptions.put("colour", "blue");
        create(ds);
        CloudDataset failed = awaitReason("badopt", "InvalidSpec");
        assertThat(ready(failed).getMessage())
                .isEqualTo("spec.formatOptions: unknown parameter 'colour' for format lines-test (known: blockSize)");
    }

    @Test
    void missingSecretWaitsAndRecoversWhenTheSecretAppears() {
        put("x.txt", lines(2, 10));
        CloudDataset ds = dataset("nosecret", "lines-test", "s3://raw/" + prefix);
        ds.getSpec().source.credentialsSecret = new SecretRef("later");
        ds.getSpec().metadata.credentialsSecret = new SecretRef("later");
        create(ds);
        CloudDataset waiting = awaitReason("nosecret", "SecretNotFound");
        assertThat(waiting.getStatus().phase).isEqualTo(Phase.Pending);
        assertThat(ready(waiting).getMessage()).isEqualTo("Secret " + ns + "/later (spec.source.credentialsSecret) not found");
        holds(Duration.ofSeconds(3), () -> events("nosecret", "SecretNotFound").size() == 1 && jobs("nosecret").isEmpty());
        onlyWarning("nosecret", "SecretNotFound");
        assertThat(jobs("nosecret")).isEmpty();

        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("later").endMetadata()
                .addToStringData("AWS_ACCESS_KEY_ID", "dataplug-test").addToStringData("AWS_SECRET_ACCESS_KEY", "dataplug-test-secret")
                .build()).create();
        awaitReady("nosecret");
    }

    @Test
    void secretWithoutTheKey() {
        put("x.txt", lines(2, 10));
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("partial").endMetadata()
                .addToStringData("AWS_ACCESS_KEY_ID", "x").build()).create();
        CloudDataset ds = dataset("nokey", "lines-test", "s3://raw/" + prefix);
        ds.getSpec().source.credentialsSecret = new SecretRef("partial");
        ds.getSpec().metadata.credentialsSecret = null;
        create(ds);
        CloudDataset waiting = awaitReason("nokey", "SecretNotFound");
        assertThat(ready(waiting).getMessage())
                .isEqualTo("Secret " + ns + "/partial (spec.source.credentialsSecret) has no key 'AWS_SECRET_ACCESS_KEY'");
    }

    @Test
    void bucketNotFound() {
        create(dataset("nobucket", "lines-test", "s3://no-such-bucket/data/"));
        CloudDataset ds = awaitReason("nobucket", "SourceNotFound");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Pending);
        assertThat(ready(ds).getMessage()).isEqualTo("s3://no-such-bucket/data/: no such bucket 'no-such-bucket'");
        holds(Duration.ofSeconds(2), () -> events("nobucket", "SourceNotFound").size() == 1);
        onlyWarning("nobucket", "SourceNotFound");
    }

    @Test
    void objectNotFound() {
        create(dataset("noobject", "lines-test", "s3://raw/" + prefix + "missing.txt"));
        CloudDataset ds = awaitReason("noobject", "SourceNotFound");
        assertThat(ready(ds).getMessage())
                .isEqualTo("s3://raw/" + prefix + "missing.txt: no such object (for a prefix, end the URI with '/')");
    }

    @Test
    void emptyPrefix() {
        create(dataset("empty", "lines-test", "s3://raw/" + prefix + "nothing-here/"));
        CloudDataset ds = awaitReason("empty", "SourceNotFound");
        assertThat(ready(ds).getMessage()).isEqualTo("no objects under s3://raw/" + prefix + "nothing-here/");
    }

    @Test
    void malformedObjectFailsWithTheWorkersMessage() {
        put("good.txt", lines(3, 50));
        put("bad.txt", "line one\nline\0two\n".getBytes(StandardCharsets.US_ASCII));
        CloudDataset spec = dataset("malformed", "lines-test", "s3://raw/" + prefix);
        spec.getSpec().preprocessing.retries = 1;
        create(spec);
        CloudDataset ds = awaitReason("malformed", "PreprocessingFailed");
        assertThat(ds.getStatus().phase).isEqualTo(Phase.Failed);
        String job = ds.getStatus().plan.mapJob;
        assertThat(ready(ds).getMessage()).isEqualTo("Job " + job + ": task group 0 (s3://raw/" + prefix + "bad.txt and 1 more) failed after 2 attempts: "
                + "dataplug: error: s3://raw/" + prefix + "bad.txt at byte 13 (line 2): NUL byte in text; is this a binary file?");
        holds(Duration.ofSeconds(3), () -> events("malformed", "PreprocessingFailed").size() == 1);
        onlyWarning("malformed", "PreprocessingFailed");
        assertThat(jobs("malformed")).hasSize(1);
    }

    @Test
    void taskFailingOnceSucceedsOnRetry() {
        put("flaky-once.txt", lines(4, 80));
        put("fine.txt", lines(5, 80));
        LinesTestFormat.FAILURES.put(prefix + "flaky-once", new AtomicInteger(1));
        CloudDataset spec = dataset("flaky", "lines-test", "s3://raw/" + prefix);
        spec.getSpec().preprocessing.bytesPerWorker = new io.fabric8.kubernetes.api.model.Quantity("1Ki");
        create(spec);
        CloudDataset ds = awaitReady("flaky");
        assertThat(ds.getStatus().objects).isEqualTo(2);
        Job job = jobs("flaky").get(0);
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        assertThat(job.getStatus().getSucceeded()).isEqualTo(2);
        List<Pod> pods = client.pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName()).list().getItems();
        assertThat(pods).hasSize(3);
        assertThat(pods).filteredOn(p -> "Failed".equals(p.getStatus().getPhase())).singleElement()
                .satisfies(p -> assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
                        .contains("simulated outage (test fault)"));
        assertThat(events("flaky", "PreprocessingFailed")).isEmpty();
    }

    @Test
    void taskAlwaysFailingFailsTheDatasetOnceWithoutCrashLooping() {
        put("broken.txt", lines(6, 80));
        LinesTestFormat.FAILURES.put(prefix + "broken", new AtomicInteger(Integer.MAX_VALUE));
        CloudDataset spec = dataset("broken", "lines-test", "s3://raw/" + prefix);
        spec.getSpec().preprocessing.retries = 2;
        create(spec);
        CloudDataset ds = awaitReason("broken", "PreprocessingFailed");
        assertThat(ready(ds).getMessage()).endsWith("failed after 3 attempts: dataplug: error: s3://raw/" + prefix
                + "broken.txt: simulated outage (test fault)");
        int pods = client.pods().inNamespace(ns).list().getItems().size();
        holds(Duration.ofSeconds(4), () -> client.pods().inNamespace(ns).list().getItems().size() == pods);
        assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(pods).hasSize(3);
        assertThat(jobs("broken")).hasSize(1);
        onlyWarning("broken", "PreprocessingFailed");

        // Deleting the failed Job is the way to retry; this time the store is back.
        LinesTestFormat.FAILURES.remove(prefix + "broken");
        client.batch().v1().jobs().inNamespace(ns).withName(ds.getStatus().plan.mapJob).delete();
        awaitReady("broken");
    }
}
