package io.dataplug.operator;

import io.dataplug.operator.dataset.CloudDatasetReconciler;
import io.dataplug.operator.metrics.OperatorMetrics;
import io.dataplug.operator.partition.PartitioningReconciler;
import io.dataplug.operator.support.StorageAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator: both reconcilers on one JOSDK {@link Operator}. Primary resources are patched with JSON
 * patches rather than server-side apply, the same against a real API server and Fabric8's mock server.
 */
public final class DataplugOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataplugOperator.class);

    private final Operator operator;
    private final StorageAccess access;
    private final OperatorMetrics metrics;

    private DataplugOperator(Operator operator, StorageAccess access, OperatorMetrics metrics) {
        this.operator = operator;
        this.access = access;
        this.metrics = metrics;
    }

    /** Registers the reconcilers and starts watching the configured namespaces. The client stays open on {@link #close()}. */
    public static DataplugOperator start(KubernetesClient client, OperatorConfig config) {
        return start(client, config, null);
    }

    /**
     * @param leaderElectionNamespace when set, only the replica holding the {@code dataplug-operator} Lease in this
     *                                namespace reconciles (for Deployments with more than one replica)
     */
    public static DataplugOperator start(KubernetesClient client, OperatorConfig config, String leaderElectionNamespace) {
        StorageAccess access = new StorageAccess(client);
        OperatorMetrics metrics = new OperatorMetrics();
        Operator operator = new Operator(o -> o.withKubernetesClient(client)
                .withLeaderElectionConfiguration(leaderElectionNamespace == null ? null
                        : new LeaderElectionConfiguration("dataplug-operator", leaderElectionNamespace))
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withCloseClientOnStop(false)
                .withReconciliationTerminationTimeout(Duration.ofSeconds(5))
                .withStopOnInformerErrorDuringStartup(true)
                .withMetrics(metrics.josdk()));
        // Namespaced install: the reconcilers and every informer of theirs (Jobs, ConfigMaps, datasets) list and watch
        // only these namespaces, which is all the per-namespace Roles allow.
        operator.register(new CloudDatasetReconciler(config, access, metrics), o -> watch(o, config));
        operator.register(new PartitioningReconciler(config, access, metrics), o -> watch(o, config));
        operator.start();
        return new DataplugOperator(operator, access, metrics);
    }

    private static void watch(ControllerConfigurationOverrider<?> o, OperatorConfig config) {
        if (config.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
        } else {
            o.settingNamespaces(config.watchNamespaces());
        }
    }

    public Operator operator() {
        return operator;
    }

    /** This operator's meters (served at {@code /metrics} by {@link HealthServer}). */
    public OperatorMetrics metrics() {
        return metrics;
    }

    public boolean healthy() {
        var info = operator.getRuntimeInfo();
        return info.isStarted() && info.allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            access.close();
        }
    }

    /**
     * In-cluster entry point: client from the service account (or the current kubeconfig), settings from
     * {@code DATAPLUG_*} env (see {@link OperatorConfig#fromEnv}), probes and metrics on :8080 ({@code /healthz},
     * {@code /readyz}, {@code /metrics}), leader election when {@code DATAPLUG_LEADER_ELECTION_NAMESPACE} is set.
     */
    public static void main(String[] args) throws IOException {
        KubernetesClient client = new KubernetesClientBuilder().build();
        OperatorConfig config = OperatorConfig.fromEnv(System.getenv());
        String lease = System.getenv("DATAPLUG_LEADER_ELECTION_NAMESPACE");
        DataplugOperator op = start(client, config, lease == null || lease.isBlank() ? null : lease);
        int port = Integer.parseInt(System.getenv().getOrDefault("DATAPLUG_HEALTH_PORT", "8080"));
        HealthServer http = HealthServer.start(op, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            op.close();
            client.close();
        }, "dataplug-operator-shutdown"));
        LOG.info("dataplug operator started (worker image {}, watching {}, probes and /metrics on :{})", config.workerImage(),
                config.watchNamespaces().isEmpty() ? "every namespace" : "namespaces " + String.join(", ", config.watchNamespaces()), port);
    }
}
