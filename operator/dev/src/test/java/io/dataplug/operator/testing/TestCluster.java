package io.dataplug.operator.testing;

import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.DataplugOperator;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.local.InProcessContainerRunner;
import io.dataplug.operator.local.LocalJobRunner;
import io.dataplug.operator.local.ProcessContainerRunner;
import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * One in-JVM "cluster" shared by the operator tests: Fabric8's mock API server in CRUD mode with our CRDs, an
 * S3 server (buckets {@code raw} and {@code meta}), the local Job runner executing the real worker CLI in-process,
 * and the operator. Tests isolate themselves by namespace. The operator can be restarted; the runner (the
 * "cluster") keeps running meanwhile.
 */
public final class TestCluster {

    private static TestCluster instance;

    public final EmbeddedS3 s3;
    public final MockApi api;
    public final KubernetesClient client;
    public final LocalJobRunner runner;
    public final OperatorConfig config;
    private DataplugOperator operator;

    private TestCluster() throws Exception {
        s3 = new EmbeddedS3();
        s3.createBucket("raw");
        s3.createBucket("meta");
        api = new MockApi();
        client = api.client;
        runner = new LocalJobRunner(client, new InProcessContainerRunner("dataplug", DataplugCli::execute,
                Boolean.getBoolean("dataplug.test.echo"), new ProcessContainerRunner()), 4, Duration.ofMillis(50)).start();
        config = new OperatorConfig()
                .workerImage("dataplug-worker:test")
                .retryInterval(Duration.ofSeconds(1))
                .jobPollInterval(Duration.ofSeconds(5))
                .rescanInterval(Duration.ofSeconds(2))
                .stuckPodTimeout(Duration.ofSeconds(2));
        operator = DataplugOperator.start(client, config);
    }

    public static synchronized TestCluster get() throws Exception {
        if (instance == null) {
            instance = new TestCluster();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "test-cluster-shutdown"));
        }
        return instance;
    }

    /** The running operator (null while stopped). */
    public synchronized DataplugOperator operator() {
        return operator;
    }

    public synchronized void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    public synchronized void startOperator() {
        if (operator == null) {
            operator = DataplugOperator.start(client, config);
        }
    }

    private void shutdown() {
        try {
            stopOperator();
            runner.close();
            api.close();
            s3.close();
        } catch (Exception e) {
            // shutting down the JVM anyway
        }
    }
}
