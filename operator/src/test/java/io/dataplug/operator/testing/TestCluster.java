package io.dataplug.operator.testing;

import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.DataplugOperator;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.local.InProcessContainerRunner;
import io.dataplug.operator.local.LocalJobRunner;
import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;

/**
 * One in-JVM "cluster" shared by the operator tests: Fabric8's mock API server in CRUD mode with our CRDs, an
 * S3 server (buckets {@code raw} and {@code meta}), the local Job runner executing the real worker CLI in-process,
 * and the operator. Tests isolate themselves by namespace. The operator can be restarted; the runner (the
 * "cluster") keeps running meanwhile.
 */
public final class TestCluster {

    public static final Path CRD_DIR = Path.of("target/classes/META-INF/fabric8");
    public static final List<String> CRDS = List.of("clouddatasets.dataplug.io-v1.yml", "partitionings.dataplug.io-v1.yml");

    private static TestCluster instance;

    public final EmbeddedS3 s3;
    public final KubernetesMockServer server;
    public final KubernetesClient client;
    public final LocalJobRunner runner;
    public final OperatorConfig config;
    private DataplugOperator operator;

    private TestCluster() throws Exception {
        s3 = new EmbeddedS3();
        s3.createBucket("raw");
        s3.createBucket("meta");
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        for (String crd : CRDS) {
            try (InputStream in = Files.newInputStream(CRD_DIR.resolve(crd))) {
                CustomResourceDefinition def = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(def).create();
            }
        }
        runner = new LocalJobRunner(client, new InProcessContainerRunner("dataplug", DataplugCli::execute,
                Boolean.getBoolean("dataplug.test.echo")), 4, Duration.ofMillis(50)).start();
        config = new OperatorConfig()
                .workerImage("dataplug-worker:test")
                .retryInterval(Duration.ofSeconds(1))
                .jobPollInterval(Duration.ofSeconds(5))
                .rescanInterval(Duration.ofSeconds(2));
        operator = DataplugOperator.start(client, config);
    }

    public static synchronized TestCluster get() throws Exception {
        if (instance == null) {
            instance = new TestCluster();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "test-cluster-shutdown"));
        }
        return instance;
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
            client.close();
            server.destroy();
            s3.close();
        } catch (Exception e) {
            // shutting down the JVM anyway
        }
    }
}
