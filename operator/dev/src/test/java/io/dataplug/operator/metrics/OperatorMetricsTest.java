package io.dataplug.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.operator.HealthServer;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.dataplug.operator.testing.PrometheusText;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} scraped over HTTP from the operator's health server after driving resources through the mock
 * cluster: every series of this test's namespace has exactly the value the test's resources account for.
 */
class OperatorMetricsTest extends OperatorTestSupport {

    private HealthServer health;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startHealthServer() throws Exception {
        health = HealthServer.start(cluster.operator(), 0);
    }

    @AfterEach
    void stopHealthServer() {
        health.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(r.body());
    }

    private double value(PrometheusText m, String name, String... labels) {
        Map<String, String> want = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return m.value(name, want).orElseThrow(() -> new AssertionError("no series " + name + want + " in the scrape"));
    }

    @Test
    void scrapeShowsWhatTheTestDid() throws Exception {
        // An indexed dataset: three objects, one task each.
        long bytes = 0;
        for (int i = 0; i < 3; i++) {
            byte[] data = lines(40 + i, 100 + 20 * i);
            put("good/part-" + i + ".txt", data);
            bytes += data.length;
        }
        create(dataset("good", "lines-test", "s3://raw/" + prefix + "good/"));
        CloudDataset good = awaitReady("good");
        assertThat(good.getStatus().objects).isEqualTo(3);

        // A dataset whose preprocessing fails: one object of two is malformed, each in its own task group.
        put("bad/fine.txt", lines(50, 60));
        put("bad/broken.txt", "line one\nline\0two\n".getBytes(StandardCharsets.US_ASCII));
        CloudDataset badSpec = dataset("bad", "lines-test", "s3://raw/" + prefix + "bad/");
        badSpec.getSpec().preprocessing.retries = 0;
        badSpec.getSpec().preprocessing.bytesPerWorker = new Quantity("16");
        create(badSpec);
        CloudDataset bad = awaitReason("bad", "PreprocessingFailed");
        Job failedJob = client.batch().v1().jobs().inNamespace(ns).withName(bad.getStatus().plan.mapJob).get();

        // A published partitioning, one waiting for a dataset that does not exist, one failing unexpectedly.
        create(partitioning("chunks", "good", "chunks", Map.of("count", "5")));
        Partitioning published = awaitPartitioning("chunks", p -> p.getStatus() != null && p.getStatus().phase == Phase.Ready);
        create(partitioning("waits", "absent", "chunks", Map.of("count", "2")));
        awaitPartitioning("waits", p -> p.getStatus() != null && p.getStatus().phase == Phase.Pending);
        // The unexpected failure: the good dataset's inventory, replaced in the metadata store by bytes that are not
        // JSON, fails the next partitioning's reconciliation (the published one is not recomputed).
        store().put(ObjectLocation.parse(good.getStatus().inventory), "{not an inventory".getBytes(StandardCharsets.US_ASCII));
        create(partitioning("broken", "good", "chunks", Map.of("count", "2")));
        awaitPartitioning("broken", p -> ready(p) != null && "ReconcileError".equals(ready(p).getReason()));

        long expectedBytes = bytes;
        assertThat(good.getStatus().bytes).isEqualTo(expectedBytes);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText m = scrape();
            String n = ns;
            assertThat(value(m, "dataplug_datasets", "namespace", n, "phase", "Ready")).isEqualTo(1);
            assertThat(value(m, "dataplug_datasets", "namespace", n, "phase", "Failed")).isEqualTo(1);
            assertThat(value(m, "dataplug_datasets", "namespace", n, "phase", "Pending")).isZero();
            assertThat(value(m, "dataplug_datasets", "namespace", n, "phase", "Preprocessing")).isZero();
            assertThat(value(m, "dataplug_partitionings", "namespace", n, "phase", "Ready")).isEqualTo(1);
            assertThat(value(m, "dataplug_partitionings", "namespace", n, "phase", "Pending")).isEqualTo(1);

            // Only the good dataset's Job completed its plan.
            assertThat(value(m, "dataplug_indexed_objects_total", "namespace", n)).isEqualTo(3);
            assertThat(value(m, "dataplug_indexed_bytes_total", "namespace", n)).isEqualTo(expectedBytes);
            assertThat(value(m, "dataplug_preprocessing_job_seconds_count", "namespace", n, "stage", "map", "outcome", "succeeded"))
                    .isEqualTo(1);
            assertThat(value(m, "dataplug_preprocessing_job_seconds_count", "namespace", n, "stage", "map", "outcome", "failed"))
                    .isEqualTo(1);
            long okInFailedJob = failedJob.getStatus().getCompletedIndexes() == null ? 0
                    : failedJob.getStatus().getCompletedIndexes().split(",").length;
            assertThat(value(m, "dataplug_preprocessing_tasks_total", "namespace", n, "outcome", "succeeded"))
                    .isEqualTo(3 + okInFailedJob);
            assertThat(value(m, "dataplug_preprocessing_tasks_total", "namespace", n, "outcome", "failed")).isEqualTo(1);

            assertThat(value(m, "dataplug_slices_published_total", "namespace", n)).isEqualTo(published.getStatus().slices.doubleValue()).isEqualTo(5);
            assertThat(value(m, "dataplug_reconcile_errors_total", "kind", "Partitioning", "namespace", n)).isEqualTo(1);

            // JOSDK's own meters and the JVM's are served beside ours.
            assertThat(m.has("operator_sdk_reconciliations_started_total")).isTrue();
            assertThat(m.has("operator_sdk_reconciliations_failed_total")).isTrue();
            assertThat(m.has("jvm_memory_used_bytes")).isTrue();
        });

        // Deleting resources empties their phases; retried failures do not count again.
        client.resources(Partitioning.class).inNamespace(ns).withName("waits").delete();
        client.resources(CloudDataset.class).inNamespace(ns).withName("bad").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText m = scrape();
            assertThat(value(m, "dataplug_partitionings", "namespace", ns, "phase", "Pending")).isZero();
            assertThat(value(m, "dataplug_datasets", "namespace", ns, "phase", "Failed")).isZero();
            assertThat(value(m, "dataplug_datasets", "namespace", ns, "phase", "Ready")).isEqualTo(1);
            assertThat(value(m, "dataplug_reconcile_errors_total", "kind", "Partitioning", "namespace", ns)).isEqualTo(1);
        });
    }

    @Test
    void probesAnswerOnTheSamePort() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready");
    }
}
