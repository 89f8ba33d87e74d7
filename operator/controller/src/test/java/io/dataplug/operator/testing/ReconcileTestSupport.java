package io.dataplug.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.dataset.CloudDatasetReconciler;
import io.dataplug.operator.metrics.OperatorMetrics;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.partition.PartitioningReconciler;
import io.dataplug.operator.support.Session;
import io.dataplug.operator.support.StorageAccess;
import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Reconcilers called synchronously, one reconciliation per call, against Fabric8's mock API (CRUD mode) and an S3
 * server: no operator runs, so every step and its status are exact. This test plays the Job controller: it writes
 * Job status, or runs a Job's indexes in this JVM through the worker CLI, as pods would.
 */
public abstract class ReconcileTestSupport extends ClusterTestSupport {

    public static final Duration RETRY = Duration.ofSeconds(7);
    public static final Duration POLL = Duration.ofSeconds(11);
    public static final Duration RESCAN = Duration.ofSeconds(13);
    private static final AtomicInteger NS = new AtomicInteger();

    protected static MockApi api;
    protected static EmbeddedS3 s3;

    protected OperatorConfig config;
    protected StorageAccess access;
    protected CloudDatasetReconciler datasets;
    protected PartitioningReconciler partitionings;

    @BeforeAll
    static void startServers() throws Exception {
        api = new MockApi();
        s3 = new EmbeddedS3();
        s3.createBucket("raw");
        s3.createBucket("meta");
    }

    @AfterAll
    static void stopServers() throws Exception {
        api.close();
        s3.close();
    }

    @BeforeEach
    void setUpNamespace() {
        newNamespace(api.client, "sync" + NS.incrementAndGet());
        config = new OperatorConfig().workerImage("dataplug-worker:test").retryInterval(RETRY).jobPollInterval(POLL)
                .rescanInterval(RESCAN);
        access = new StorageAccess(client);
        datasets = new CloudDatasetReconciler(config, access, new OperatorMetrics());
        partitionings = new PartitioningReconciler(config, access, new OperatorMetrics());
    }

    @AfterEach
    void closeAccess() {
        access.close();
    }

    @Override
    protected ObjectStore store() {
        return s3.store();
    }

    @Override
    protected String s3Endpoint() {
        return s3.endpoint();
    }

    protected CloudDataset dataset(String name, String format) {
        return dataset(name, format, "s3://raw/" + prefix);
    }

    /** One reconciliation of the dataset as stored now. */
    protected UpdateControl<CloudDataset> reconcileDataset(String name) {
        return datasets.reconcile(getDataset(name), Session.direct(client));
    }

    protected UpdateControl<Partitioning> reconcilePartitioning(String name) {
        return partitionings.reconcile(getPartitioning(name), Session.direct(client));
    }

    protected Job job(String name) {
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    protected static void assertReady(DataplugStatus st, boolean value, Reason reason, String message) {
        Condition c = st.condition(DataplugStatus.READY).orElseThrow();
        assertThat(c.getStatus()).isEqualTo(value ? "True" : "False");
        assertThat(c.getReason()).isEqualTo(reason.name());
        assertThat(c.getMessage()).isEqualTo(message);
        assertThat(c.getObservedGeneration()).isEqualTo(st.observedGeneration);
        assertThat(c.getLastTransitionTime()).isNotBlank();
    }

    /** Writes a Job's status, as the Job controller does. */
    protected void jobStatus(Job job, JobStatus status) {
        client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).editStatus(j -> {
            j.setStatus(status);
            return j;
        });
    }

    /** Runs one index of the Job in this JVM as its pod would, without touching the Job's status (a pod that finished). */
    protected void runIndex(Job job, int i) {
        var c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : c.getEnv()) {
            if (v.getValue() != null) {
                env.put(v.getName(), v.getValue());
            } else if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                String encoded = client.secrets().inNamespace(ns).withName(v.getValueFrom().getSecretKeyRef().getName()).get()
                        .getData().get(v.getValueFrom().getSecretKeyRef().getKey());
                if (encoded != null) {
                    env.put(v.getName(), new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
                }
            }
        }
        env.put("JOB_COMPLETION_INDEX", Integer.toString(i));
        assertThat(DataplugCli.execute(env, c.getArgs().toArray(String[]::new))).as("index %d of %s", i, job.getMetadata().getName())
                .isZero();
    }

    /** Runs every index of the Job in this JVM as its pods would (worker CLI, the pod's environment), then completes it. */
    protected void runJob(Job job) {
        int completions = job.getSpec().getCompletions();
        for (int i = 0; i < completions; i++) {
            runIndex(job, i);
        }
        jobStatus(job, new JobStatusBuilder().withSucceeded(completions).withActive(0).withFailed(0)
                .withCompletedIndexes(completions == 1 ? "0" : "0-" + (completions - 1)).withFailedIndexes("")
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").withReason("CompletionsReached").build())
                .build());
    }

    /** Creates the dataset and reconciles it through its Job(s) to Ready. */
    protected CloudDataset readyDataset(CloudDataset ds) {
        create(ds);
        return reconcileUntilReady(ds.getMetadata().getName());
    }

    /** Reconciles the stored dataset, running each unfinished Job it creates, until it is Ready. */
    protected CloudDataset reconcileUntilReady(String name) {
        for (int step = 0; step < 10; step++) {
            reconcileDataset(name);
            CloudDataset now = getDataset(name);
            if (now.getStatus().ready()) {
                return now;
            }
            jobs(name).stream().filter(j -> j.getStatus() == null || j.getStatus().getConditions() == null
                    || j.getStatus().getConditions().isEmpty()).forEach(this::runJob);
        }
        throw new AssertionError("dataset " + name + " did not become Ready: " + getDataset(name).getStatus().conditions());
    }
}
