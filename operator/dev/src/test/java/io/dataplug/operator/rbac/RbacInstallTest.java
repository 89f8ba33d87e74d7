package io.dataplug.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.DataplugOperator;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.local.InProcessContainerRunner;
import io.dataplug.operator.local.LocalJobRunner;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.testing.ApiGate;
import io.dataplug.operator.testing.ClusterTestSupport;
import io.dataplug.operator.testing.MockApi;
import io.dataplug.operator.testing.MountedManifest;
import io.dataplug.operator.testing.TestResources;
import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator running with exactly the RBAC of {@code deploy/}, enforced by the mock API ({@link ApiGate}: its client
 * is the operator's service account): it indexes and publishes in the namespaces it is given and needs no right
 * beyond them; a Secret becomes readable only when its namespace grants it (the grant of {@code samples/}); a
 * namespace it does not watch is never touched.
 */
class RbacInstallTest {

    static final Path ROOT = Path.of("..", "..");
    static final String TOKEN = "dataplug-operator-token";
    static final String SECRET = "sample-s3-credentials";

    @TempDir
    Path tmp;

    private MockApi api;
    private EmbeddedS3 s3;
    private LocalJobRunner runner;
    private KubernetesClient asOperator;
    private DataplugOperator operator;
    private KubernetesClient admin;
    private final KubernetesSerialization ser = new KubernetesSerialization();

    @BeforeEach
    void cluster() throws Exception {
        s3 = new EmbeddedS3();
        s3.createBucket("raw");
        s3.createBucket("meta");
        api = new MockApi();
        admin = api.client;
        api.gate.identify(TOKEN, "dataplug-system", "dataplug-operator");
        asOperator = api.clientWithToken(TOKEN);
        runner = new LocalJobRunner(admin, new InProcessContainerRunner("dataplug", DataplugCli::execute, false), 2,
                Duration.ofMillis(50)).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (operator != null) {
            operator.close();
        }
        runner.close();
        asOperator.close();
        api.close();
        s3.close();
    }

    private List<HasMetadata> objects(String file) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        for (String part : Files.readString(ROOT.resolve(file)).split("(?m)^---\\s*$")) {
            if (!part.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"))) {
                KubernetesResource r = ser.unmarshal(part);
                out.add((HasMetadata) r);
            }
        }
        return out;
    }

    /** Creates the objects of a deploy/ or samples/ file, as the admin, in {@code namespace} when given. */
    private void apply(String file, String namespace) throws IOException {
        for (HasMetadata o : objects(file)) {
            if (namespace != null) {
                o.getMetadata().setNamespace(namespace);
            }
            admin.resource(o).create();
        }
    }

    /** The operator's settings as {@code deploy/operator/config.yaml} has them, with test intervals. */
    private OperatorConfig config(String watch) throws IOException {
        ConfigMap cm = (ConfigMap) objects("deploy/operator/config.yaml").get(0);
        Map<String, String> env = new LinkedHashMap<>(cm.getData());
        if (watch != null) {
            env.put("DATAPLUG_WATCH_NAMESPACES", watch);
        }
        return OperatorConfig.fromEnv(env).retryInterval(Duration.ofSeconds(1)).jobPollInterval(Duration.ofSeconds(2))
                .rescanInterval(Duration.ofMinutes(5)).stuckPodTimeout(Duration.ofSeconds(30));
    }

    private void namespace(String ns) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    private void secret(String ns) {
        admin.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
                .addToStringData("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY).addToStringData("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY)
                .build()).create();
        // A Secret nobody granted, beside it.
        admin.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("argocd-like").endMetadata()
                .addToStringData("password", "do-not-read").build()).create();
    }

    /** Two objects under s3://raw/<ns>/, a dataset over them and a Partitioning of it; returns the data. */
    private byte[] datasetAndPartitioning(String ns) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 2; i++) {
            byte[] b = ClusterTestSupport.lines(60 + i, 150);
            s3.store().put(ObjectLocation.s3("raw", ns + "/part-" + i + ".txt"), b);
            data.writeBytes(b);
        }
        admin.resources(CloudDataset.class).inNamespace(ns).resource(TestResources.dataset(ns, "ds", "lines-test", "s3://raw/" + ns + "/",
                s3.endpoint(), "s3://meta/" + ns + "/", SECRET)).create();
        admin.resources(Partitioning.class).inNamespace(ns).resource(TestResources.partitioning(ns, "pt", "ds", "chunks",
                Map.of("count", "3"))).create();
        return data.toByteArray();
    }

    private CloudDataset awaitDataset(String ns, Predicate<CloudDataset> p) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            CloudDataset d = admin.resources(CloudDataset.class).inNamespace(ns).withName("ds").get();
            return d != null && d.getStatus() != null && p.test(d);
        });
        return admin.resources(CloudDataset.class).inNamespace(ns).withName("ds").get();
    }

    private static String reason(DataplugStatus s) {
        return s.condition(DataplugStatus.READY).map(c -> c.getReason()).orElse(null);
    }

    private void assertPublishedExactly(String ns, byte[] data) throws IOException {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Partitioning p = admin.resources(Partitioning.class).inNamespace(ns).withName("pt").get();
            return p.getStatus() != null && p.getStatus().ready();
        });
        Partitioning p = admin.resources(Partitioning.class).inNamespace(ns).withName("pt").get();
        Path dir = MountedManifest.mount(admin, ns, p.getStatus().manifest.configMaps, tmp);
        assertThat(MountedManifest.evaluateAll(dir.toString(), p.getStatus().slices, Map.of(), s3.endpoint(), tmp)).isEqualTo(data);
    }

    /** Every request the operator made of Secrets was a get of the one its dataset names. */
    private void onlyTheNamedSecretWasAskedFor() {
        assertThat(api.gate.seen()).filteredOn(q -> "secrets".equals(q.resource()))
                .isNotEmpty().allSatisfy(q -> {
                    assertThat(q.verb()).isEqualTo("get");
                    assertThat(q.name()).isEqualTo(SECRET);
                });
    }

    @Test
    void namespacedInstallWorksWithItsRolesAloneAndSecretsOnlyOnceGranted() throws IOException {
        OperatorConfig config = config(null);
        assertThat(config.watchNamespaces()).containsExactly("dataplug-samples");
        String ns = "dataplug-samples";
        namespace(ns);
        apply("deploy/namespace-access/role.yaml", ns);
        namespace("elsewhere");
        secret(ns);
        secret("elsewhere");
        operator = DataplugOperator.start(asOperator, config);
        byte[] data = datasetAndPartitioning(ns);
        datasetAndPartitioning("elsewhere");

        CloudDataset waiting = awaitDataset(ns, d -> "SecretNotGranted".equals(reason(d.getStatus())));
        assertThat(waiting.getStatus().condition(DataplugStatus.READY).orElseThrow().getMessage())
                .contains("kubectl -n dataplug-samples create role dataplug-read-" + SECRET + " --verb=get --resource=secrets "
                        + "--resource-name=" + SECRET);
        apply("samples/operator-secret-access.yaml", null);

        CloudDataset ready = awaitDataset(ns, d -> d.getStatus().ready());
        assertThat(ready.getStatus().attributes).containsEntry("lines", 300L);
        assertPublishedExactly(ns, data);

        assertThat(admin.resources(CloudDataset.class).inNamespace("elsewhere").withName("ds").get().getStatus())
                .as("a namespace it does not watch").isNull();
        assertThat(api.gate.denied()).as("all it was refused: the Secret before the grant").isNotEmpty()
                .allSatisfy(q -> assertThat(q.toString()).isEqualTo("get secrets " + SECRET + " in " + ns));
        assertThat(api.gate.seen()).as("nothing outside its namespace").allSatisfy(q -> {
            if (q.resource() != null) {
                assertThat(q.namespace()).isEqualTo(ns);
            }
        });
        onlyTheNamedSecretWasAskedFor();
    }

    @Test
    void clusterWideInstallWorksWithItsClusterRoleInEveryNamespace() throws IOException {
        apply("deploy/overlays/cluster-wide/clusterrole.yaml", null);
        OperatorConfig config = config("*");
        assertThat(config.watchNamespaces()).isEmpty();
        Map<String, byte[]> data = new LinkedHashMap<>();
        for (String ns : List.of("team-a", "team-b")) {
            namespace(ns);
            secret(ns);
            apply("samples/operator-secret-access.yaml", ns);
        }
        operator = DataplugOperator.start(asOperator, config);
        for (String ns : List.of("team-a", "team-b")) {
            data.put(ns, datasetAndPartitioning(ns));
        }
        for (String ns : List.of("team-a", "team-b")) {
            assertThat(awaitDataset(ns, d -> d.getStatus().ready()).getStatus().attributes).containsEntry("lines", 300L);
            assertPublishedExactly(ns, data.get(ns));
        }
        assertThat(api.gate.denied()).isEmpty();
        onlyTheNamedSecretWasAskedFor();
    }
}
