package io.dataplug.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * The operator's meters, one registry per operator: JOSDK's reconciliation meters ({@link #josdk()}), JVM meters, and
 * ours (names as Prometheus shows them, all labelled with the resource's namespace):
 * <ul>
 *   <li>{@code dataplug_datasets} / {@code dataplug_partitionings} {phase}: resources by {@code status.phase}</li>
 *   <li>{@code dataplug_indexed_objects_total}, {@code dataplug_indexed_bytes_total}: source objects and bytes whose
 *       preprocessing completed</li>
 *   <li>{@code dataplug_preprocessing_job_seconds} {stage, outcome}: preprocessing Jobs, start to finish</li>
 *   <li>{@code dataplug_preprocessing_tasks_total} {outcome}: tasks of finished Jobs, succeeded or failed</li>
 *   <li>{@code dataplug_slices_published_total}: slices in the manifests published</li>
 *   <li>{@code dataplug_reconcile_errors_total} {kind}: times a resource turned Ready=False ReconcileError (an unexpected
 *       exception; JOSDK's {@code operator_sdk_reconciliations_failed_total} counts every failed attempt)</li>
 * </ul>
 * Counters count what this process saw: they start from zero when the operator (re)starts, as Prometheus expects.
 */
public final class OperatorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Metrics josdk = MicrometerMetrics.withoutPerResourceMetrics(registry);
    private final PhaseGauges phases = new PhaseGauges(registry);
    private final Instant started = Instant.now();

    public OperatorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** For {@code ConfigurationServiceOverrider.withMetrics}. */
    public Metrics josdk() {
        return josdk;
    }

    public PhaseGauges phases() {
        return phases;
    }

    /** When this operator's counting began: Jobs that finished earlier were counted by an earlier process. */
    public Instant started() {
        return started;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void preprocessingJobFinished(String namespace, String stage, boolean succeeded, Duration took, long tasksSucceeded,
                                         long tasksFailed) {
        String outcome = succeeded ? "succeeded" : "failed";
        Timer.builder("dataplug.preprocessing.job").description("Preprocessing Jobs from start to finish")
                .tags("namespace", namespace, "stage", stage, "outcome", outcome).register(registry).record(took);
        tasks(namespace, "succeeded").increment(tasksSucceeded);
        tasks(namespace, "failed").increment(tasksFailed);
    }

    private Counter tasks(String namespace, String outcome) {
        return Counter.builder("dataplug.preprocessing.tasks").description("Preprocessing tasks of finished Jobs")
                .tags("namespace", namespace, "outcome", outcome).register(registry);
    }

    public void indexed(String namespace, long objects, long bytes) {
        Counter.builder("dataplug.indexed.objects").description("Source objects whose preprocessing completed")
                .tag("namespace", namespace).register(registry).increment(objects);
        Counter.builder("dataplug.indexed.bytes").description("Source bytes whose preprocessing completed").baseUnit("bytes")
                .tag("namespace", namespace).register(registry).increment(bytes);
    }

    public void slicesPublished(String namespace, long slices) {
        Counter.builder("dataplug.slices.published").description("Slices in the manifests published")
                .tag("namespace", namespace).register(registry).increment(slices);
    }

    public void reconcileError(String kind, String namespace) {
        Counter.builder("dataplug.reconcile.errors").description("Times a resource turned Ready=False with reason ReconcileError")
                .tags("kind", kind, "namespace", namespace).register(registry).increment();
    }
}
