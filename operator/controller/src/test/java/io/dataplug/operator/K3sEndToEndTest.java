package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.ContainerNetwork;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.CloudDatasetSpec;
import io.dataplug.operator.model.DatasetRef;
import io.dataplug.operator.model.MetadataSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningSpec;
import io.dataplug.operator.model.SecretRef;
import io.dataplug.operator.model.SourceSpec;
import io.dataplug.operator.support.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole flow on a real Kubernetes (k3s) with a real S3 server (MinIO): the worker image built from
 * {@code worker-image/Dockerfile} (after {@code package}) and imported into k3s, the operator running in this JVM against the k3s API,
 * real Jobs and pods, then a workload Indexed Job that mounts the manifest ConfigMap and evaluates its slice with
 * {@code dataplug slice get}. Skipped without a Docker engine.
 *
 * <p>The format comes from {@code -Ddataplug.e2e.format} (default {@code text}), strategy and parameter from
 * {@code -Ddataplug.e2e.strategy} / {@code -Ddataplug.e2e.params} (default {@code chunks}, {@code count=4}). MinIO is
 * reached through the Docker network's gateway, from both this JVM and the pods (Linux Docker engines).
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sEndToEndTest {

    static final String USER = "dataplug-e2e";
    static final String PASSWORD = "dataplug-e2e-secret";
    static final Network NET = Network.newNetwork();

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.5-k3s1")).withNetwork(NET);

    @Container
    static final GenericContainer<?> MINIO = new GenericContainer<>(DockerImageName.parse("minio/minio:RELEASE.2025-04-22T22-12-26Z"))
            .withNetwork(NET).withCommand("server", "/data")
            .withEnv("MINIO_ROOT_USER", USER).withEnv("MINIO_ROOT_PASSWORD", PASSWORD)
            .withExposedPorts(9000).waitingFor(Wait.forHttp("/minio/health/live").forPort(9000));

    @Test
    void datasetPartitioningAndWorkloadOnK3s() throws Exception {
        Path context = Path.of("..", "..", "worker-image");
        assumeTrue(Files.exists(context.resolve("Dockerfile")), "worker-image/Dockerfile does not exist yet");
        assumeTrue(Files.exists(context.resolve("target/dataplug.jar")), "build the worker jar first (./mvnw -DskipTests package)");
        String format = System.getProperty("dataplug.e2e.format", "text");
        String strategy = System.getProperty("dataplug.e2e.strategy", "chunks");
        String[] param = System.getProperty("dataplug.e2e.params", "count=4").split("=", 2);

        // The worker image, built and imported into k3s's containerd.
        String image = new ImageFromDockerfile("dataplug-worker-e2e", false).withFileFromPath(".", context).get();
        Path tar = Files.createTempFile("worker-image", ".tar");
        try (InputStream in = DockerClientFactory.instance().client().saveImageCmd(image).exec()) {
            Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
        }
        K3S.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/worker.tar");
        assertThat(K3S.execInContainer("ctr", "images", "import", "/tmp/worker.tar").getExitCode()).isZero();

        // S3 reachable from here and from pods: the network gateway and the published port.
        ContainerNetwork net = MINIO.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .filter(n -> NET.getId().equals(n.getNetworkID())).findFirst().orElseThrow();
        String endpoint = "http://" + net.getGateway() + ":" + MINIO.getMappedPort(9000);
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(USER, PASSWORD))).build()) {
            s3.createBucket(b -> b.bucket("raw"));
            s3.createBucket(b -> b.bucket("meta"));
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append(' ').append("x".repeat(i % 53)).append('\n');
        }
        byte[] data = text.toString().getBytes(StandardCharsets.US_ASCII);
        StorageOptions opts = new StorageOptions(endpoint, "us-east-1", true, false, false);
        try (ObjectStores store = new ObjectStores(opts, StaticCredentialsProvider.create(AwsBasicCredentials.create(USER, PASSWORD)))) {
            store.put(ObjectLocation.s3("raw", "e2e/part-0.txt"), java.util.Arrays.copyOfRange(data, 0, data.length / 2));
            store.put(ObjectLocation.s3("raw", "e2e/part-1.txt"), java.util.Arrays.copyOfRange(data, data.length / 2, data.length));
        }

        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
            for (String crd : List.of("clouddatasets.dataplug.io-v1.yml", "partitionings.dataplug.io-v1.yml")) {
                try (InputStream in = Files.newInputStream(Path.of("..", "..", "crds", crd))) {
                    CustomResourceDefinition def = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    client.apiextensions().v1().customResourceDefinitions().resource(def).create();
                }
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> client.resources(CloudDataset.class).inNamespace("default").list() != null);
            String ns = "default";
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s3").endMetadata()
                    .addToStringData("AWS_ACCESS_KEY_ID", USER).addToStringData("AWS_SECRET_ACCESS_KEY", PASSWORD).build()).create();

            OperatorConfig config = new OperatorConfig().workerImage(image).imagePullPolicy("Never")
                    .retryInterval(Duration.ofSeconds(5)).jobPollInterval(Duration.ofSeconds(5));
            try (DataplugOperator operator = DataplugOperator.start(client, config)) {
                CloudDataset ds = new CloudDataset();
                ds.getMetadata().setName("e2e");
                ds.setSpec(new CloudDatasetSpec());
                ds.getSpec().format = format;
                ds.getSpec().source = new SourceSpec();
                ds.getSpec().source.uri = "s3://raw/e2e/";
                ds.getSpec().source.endpoint = endpoint;
                ds.getSpec().source.region = "us-east-1";
                ds.getSpec().source.pathStyle = true;
                ds.getSpec().source.credentialsSecret = new SecretRef("s3");
                ds.getSpec().metadata = new MetadataSpec();
                ds.getSpec().metadata.uri = "s3://meta/e2e/";
                ds.getSpec().metadata.endpoint = endpoint;
                ds.getSpec().metadata.region = "us-east-1";
                ds.getSpec().metadata.pathStyle = true;
                ds.getSpec().metadata.credentialsSecret = new SecretRef("s3");
                client.resources(CloudDataset.class).inNamespace(ns).resource(ds).create();
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    CloudDataset d = client.resources(CloudDataset.class).inNamespace(ns).withName("e2e").get();
                    return d.getStatus() != null && Conditions.isTrue(d.getStatus(), Conditions.READY);
                });

                Partitioning p = new Partitioning();
                p.getMetadata().setName("e2e");
                p.setSpec(new PartitioningSpec());
                p.getSpec().datasetRef = new DatasetRef("e2e");
                p.getSpec().strategy = strategy;
                p.getSpec().params.put(param[0], param[1]);
                client.resources(Partitioning.class).inNamespace(ns).resource(p).create();
                Partitioning[] ready = new Partitioning[1];
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    ready[0] = client.resources(Partitioning.class).inNamespace(ns).withName("e2e").get();
                    return ready[0].getStatus() != null && Conditions.isTrue(ready[0].getStatus(), Conditions.READY);
                });
                int slices = ready[0].getStatus().slices;

                Job workload = new JobBuilder().withNewMetadata().withName("e2e-workload").endMetadata().withNewSpec()
                        .withCompletionMode("Indexed").withCompletions(slices).withParallelism(slices).withBackoffLimit(0)
                        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
                        .addNewContainer().withName("work").withImage(image).withImagePullPolicy("Never")
                        .withArgs("slice", "get", "--manifest", "/var/run/dataplug/slices")
                        .addNewEnv().withName("AWS_ACCESS_KEY_ID").withNewValueFrom().withNewSecretKeyRef("AWS_ACCESS_KEY_ID", "s3", false)
                        .endValueFrom().endEnv()
                        .addNewEnv().withName("AWS_SECRET_ACCESS_KEY").withNewValueFrom()
                        .withNewSecretKeyRef("AWS_SECRET_ACCESS_KEY", "s3", false).endValueFrom().endEnv()
                        .addNewVolumeMount().withName("slices").withMountPath("/var/run/dataplug/slices").endVolumeMount()
                        .endContainer()
                        .addNewVolume().withName("slices").withNewConfigMap().withName("e2e-slices").endConfigMap().endVolume()
                        .endSpec().endTemplate().endSpec().build();
                client.batch().v1().jobs().inNamespace(ns).resource(workload).create();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    Job j = client.batch().v1().jobs().inNamespace(ns).withName("e2e-workload").get();
                    return j.getStatus() != null && j.getStatus().getSucceeded() != null && j.getStatus().getSucceeded() == slices;
                });
                List<Pod> pods = client.pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", "e2e-workload").list().getItems()
                        .stream().filter(x -> "Succeeded".equals(x.getStatus().getPhase()))
                        .sorted(Comparator.comparing(x -> Integer.parseInt(x.getMetadata().getLabels()
                                .get("batch.kubernetes.io/job-completion-index")))).toList();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (Pod pod : pods) {
                    all.writeBytes(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).getLog()
                            .getBytes(StandardCharsets.UTF_8));
                }
                assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo(text.toString());
                assertThat(operator.healthy()).isTrue();
                assertThat(pods).hasSize(slices);
            }
        }
    }
}
