package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.CloudDatasetSpec;
import io.dataplug.operator.model.MetadataSpec;
import io.dataplug.operator.model.SecretRef;
import io.dataplug.operator.model.SourceSpec;
import io.dataplug.operator.testing.MockApi;
import io.dataplug.operator.testing.PrometheusText;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production operator jar as built by {@code package}: small, free of dev scaffolding, named by the image's
 * entrypoint, and able to boot and reconcile against an API server with only what it ships.
 */
class ProductionJarIT {

    static final Path JAR = Path.of("target", "dataplug-operator.jar");
    static final long MAX_BYTES = 25L * 1024 * 1024;
    /** Dev scaffolding: s3proxy, Jetty, the mock API server, the dev cluster, the local Job runner, the worker CLI. */
    static final List<String> FORBIDDEN = List.of("org/gaul/", "org/eclipse/jetty/", "io/fabric8/mockwebserver/",
            "io/fabric8/kubernetes/client/server/mock/", "io/dataplug/operator/dev/", "io/dataplug/operator/local/",
            "io/dataplug/worker/DataplugCli", "picocli/");

    @TempDir
    Path tmp;

    @Test
    void jarIsSmallAndCarriesNoDevScaffolding() throws IOException {
        assertThat(JAR).as("run ./mvnw package first").exists();
        assertThat(Files.size(JAR)).as("size of %s", JAR).isLessThanOrEqualTo(MAX_BYTES);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> forbidden = jar.stream().map(e -> e.getName())
                    .filter(n -> FORBIDDEN.stream().anyMatch(n::startsWith)).limit(10).toList();
            assertThat(forbidden).as("dev classes in the production jar").isEmpty();
            assertThat(jar.getEntry("io/dataplug/operator/DataplugOperator.class")).isNotNull();
            assertThat(jar.getEntry("io/dataplug/worker/Launcher.class")).as("java -jar on an older JVM").isNotNull();
            assertThat(jar.getManifest().getMainAttributes().getValue("Dataplug-Main-Class")).isEqualTo(Main.class.getName());
        }
    }

    @Test
    void imageEntrypointRunsTheOperatorClassDirectly() throws IOException {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile"));
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]").matcher(dockerfile);
        assertThat(m.find()).as("operator/Dockerfile has an exec-form ENTRYPOINT").isTrue();
        List<String> argv = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1)).results().map(r -> r.group(1)).toList();
        assertThat(argv).as("no launcher hand-off in the image").doesNotContain("-jar");
        String mainClass = argv.get(argv.size() - 1);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry(mainClass.replace('.', '/') + ".class")).as(mainClass).isNotNull();
        }
        assertThat(dockerfile).contains("COPY controller/target/dataplug-operator.jar");
    }

    @Test
    void jarBootsAndReconcilesADatasetToItsFirstJob() throws Exception {
        try (MockApi api = new MockApi(); EmbeddedS3 s3 = new EmbeddedS3()) {
            s3.createBucket("raw");
            s3.createBucket("meta");
            s3.store().put(ObjectLocation.s3("raw", "in/a.txt"), "one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII));
            KubernetesClient client = api.client;
            Path kubeconfig = tmp.resolve("kubeconfig");
            Files.writeString(kubeconfig, kubeconfig(client.getMasterUrl().toString()));
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", JAR.toString(), "io.dataplug.operator.DataplugOperator")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("operator.log").toFile());
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            pb.environment().put("DATAPLUG_HEALTH_PORT", Integer.toString(port));
            Process operator = pb.start();
            try {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("jar").endMetadata().build()).create();
                client.secrets().inNamespace("jar").resource(new SecretBuilder().withNewMetadata().withName("s3").endMetadata()
                        .addToStringData("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY)
                        .addToStringData("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY).build()).create();
                client.resources(CloudDataset.class).inNamespace("jar").resource(dataset(s3.endpoint())).create();
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        CloudDataset ds = client.resources(CloudDataset.class).inNamespace("jar").withName("text").get();
                        return ds.getStatus() != null && ds.getStatus().phase == Phase.Preprocessing;
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("operator log:\n" + Files.readString(tmp.resolve("operator.log")), e);
                }
                assertThat(client.batch().v1().jobs().inNamespace("jar").list().getItems()).singleElement()
                        .satisfies(j -> assertThat(j.getMetadata().getName()).startsWith("text-map-"));
                HttpResponse<String> ready = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                // The shaded jar serves the text format without the protobuf exposition classes it leaves out.
                HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                PrometheusText m = PrometheusText.parse(metrics.body());
                assertThat(m.value("dataplug_datasets", Map.of("namespace", "jar", "phase", "Preprocessing"))).hasValue(1);
                assertThat(m.has("operator_sdk_reconciliations_started_total")).isTrue();
                assertThat(Files.readString(tmp.resolve("operator.log"))).doesNotContain("NoClassDefFoundError")
                        .doesNotContain("ClassNotFoundException");
            } finally {
                operator.destroy();
                operator.waitFor();
            }
        }
    }

    private static CloudDataset dataset(String endpoint) {
        CloudDataset ds = new CloudDataset();
        ds.getMetadata().setName("text");
        ds.getMetadata().setNamespace("jar");
        CloudDatasetSpec spec = new CloudDatasetSpec();
        spec.format = "text";
        spec.source = new SourceSpec();
        spec.source.uri = "s3://raw/in/";
        spec.source.endpoint = endpoint;
        spec.source.region = "us-east-1";
        spec.source.pathStyle = true;
        spec.source.credentialsSecret = new SecretRef("s3");
        spec.metadata = new MetadataSpec();
        spec.metadata.uri = "s3://meta/";
        spec.metadata.endpoint = endpoint;
        spec.metadata.region = "us-east-1";
        spec.metadata.pathStyle = true;
        spec.metadata.credentialsSecret = new SecretRef("s3");
        ds.setSpec(spec);
        return ds;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                contexts:
                  - name: mock
                    context: {cluster: mock, user: mock}
                current-context: mock
                users:
                  - name: mock
                    user: {token: mock}
                """.formatted(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    }
}
