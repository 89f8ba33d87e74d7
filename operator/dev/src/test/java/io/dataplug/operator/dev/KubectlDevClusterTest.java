package io.dataplug.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.RequiresTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the dev cluster (issue 13.1): discovery with short names, categories and printer columns,
 * apply of a new dataset and partitioning (create, then update) checked against the CRD schemas, wait over an HTTP
 * watch, events, describe, -o yaml, strategic-merge apply of a built-in, delete; and what kubectl applied shows in
 * the console with its manifests written. The dev cluster runs the text sample only (its data copied from samples/), to keep the test short.
 */
@RequiresTools("kubectl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlDevClusterTest {

    private static final Path SAMPLES = Path.of("../../samples");

    private Path tmp;
    private DevCluster dev;
    private ByteArrayOutputStream console;
    private Path workdir;
    private String awsId;
    private String awsKey;

    @BeforeAll
    void startDevCluster(@TempDir Path dir) throws Exception {
        tmp = dir;
        Path samples = tmp.resolve("samples");
        Files.createDirectories(samples.resolve("data"));
        for (String f : List.of("namespace.yaml", "s3-credentials.yaml", "text.yaml", "data/notes.txt")) {
            Files.copy(SAMPLES.resolve(f), samples.resolve(f));
        }
        Files.writeString(samples.resolve("kustomization.yaml"),
                "resources:\n  - namespace.yaml\n  - s3-credentials.yaml\n  - text.yaml\n");
        workdir = tmp.resolve("work");
        awsId = System.getProperty("aws.accessKeyId");
        awsKey = System.getProperty("aws.secretAccessKey");
        console = new ByteArrayOutputStream();
        dev = DevCluster.serve(DevOptions.parse(new String[] {"--samples", samples.toString(), "--workdir", workdir.toString(),
                "--timeout", "4m"}), new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() throws Exception {
        if (dev != null) {
            dev.close();
        }
        restore("aws.accessKeyId", awsId);
        restore("aws.secretAccessKey", awsKey);
    }

    @Test
    @Order(1)
    void getWithShortNamesPrintsTheCrdColumns() throws IOException {
        assertThat(Files.readString(workdir.resolve("kubeconfig"))).contains("server: http://127.0.0.1:");
        assertThat(console()).contains("export KUBECONFIG=");

        assertThat(table(kubectl("get", "cds"))).containsExactly(
                "NAME AGE FORMAT OBJECTS PHASE PROGRESS SIZE",
                "sample-text <age> text 1 Ready 3/3 tasks 133.3 KiB");
        assertThat(table(kubectl("get", "pt", "-o", "wide"))).containsExactly(
                "NAME AGE DATASET STRATEGY REASON MANIFEST PHASE SLICES",
                "sample-text-chunks <age> sample-text chunks Published configmap/sample-text-chunks-slices Ready 4");
        assertThat(table(kubectl("get", "cds,pt"))).contains("clouddataset.dataplug.io/sample-text <age> text 1 Ready 3/3 tasks 133.3 KiB",
                "partitioning.dataplug.io/sample-text-chunks <age> sample-text chunks Ready 4");
        assertThat(kubectl("get", "clouddatasets.dataplug.io", "sample-text", "-o", "jsonpath={.status.objects}")).isEqualTo("1");
        assertThat(table(kubectl("get", "dataplug", "-o", "name"))).containsExactly(
                "clouddataset.dataplug.io/sample-text", "partitioning.dataplug.io/sample-text-chunks");
        assertThat(table(kubectl("api-resources", "--api-group", "dataplug.io"))).containsExactly(
                "NAME SHORTNAMES APIVERSION NAMESPACED KIND",
                "clouddatasets cds,cdataset dataplug.io/v1alpha1 true CloudDataset",
                "partitionings pt,ptn dataplug.io/v1alpha1 true Partitioning");
    }

    @Test
    @Order(2)
    void applyWaitEventsDescribeAndDeleteANewDataset() throws IOException {
        Path yaml = resource("my-notes.yaml");
        assertThat(kubectl("apply", "-f", yaml.toString())).isEqualTo(
                "clouddataset.dataplug.io/my-notes created\npartitioning.dataplug.io/my-notes-chunks created\n");
        assertThat(kubectl("wait", "--for=condition=Ready", "pt/my-notes-chunks", "--timeout=180s"))
                .isEqualTo("partitioning.dataplug.io/my-notes-chunks condition met\n");

        long lines = Files.readAllLines(SAMPLES.resolve("data/notes.txt")).size();
        long bytes = Files.size(SAMPLES.resolve("data/notes.txt"));
        assertThat(kubectl("get", "cds", "my-notes", "-o", "jsonpath={.status.objects} {.status.bytes} {.status.attributes.lines}"))
                .isEqualTo("1 " + bytes + " " + lines);
        String yamlOut = kubectl("get", "pt", "my-notes-chunks", "-o", "yaml");
        assertThat(yamlOut).contains("kind: Partitioning").contains("  phase: Ready").contains("  slices: 3")
                .contains("kubectl.kubernetes.io/last-applied-configuration");

        // Shown by the console, and the manifest written as the samples' are.
        Path manifest = workdir.resolve("manifests/dataplug-samples/my-notes-chunks");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(manifest.resolve("slice-00002.json")));
        assertThat(manifest.resolve("slice-00003.json")).doesNotExist();
        assertThat(console()).contains("CloudDataset dataplug-samples/my-notes").contains("Partitioning dataplug-samples/my-notes-chunks")
                .containsPattern("dataplug-samples/my-notes +text +1 object\\(s\\) +133.3 KiB +lines=" + lines);

        // Update: fewer slices, through a JSON merge patch.
        assertThat(kubectl("apply", "-f", resource("my-notes-2-chunks.yaml").toString()))
                .isEqualTo("clouddataset.dataplug.io/my-notes unchanged\npartitioning.dataplug.io/my-notes-chunks configured\n");
        kubectl("wait", "--for=jsonpath={.status.slices}=2", "pt/my-notes-chunks", "--timeout=180s");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(manifest.resolve("slice-00002.json"))
                && Files.isRegularFile(manifest.resolve("slice-00001.json")));

        assertThat(table(kubectl("get", "events", "--field-selector", "involvedObject.name=my-notes,reason=Indexed"))).containsExactly(
                "LAST SEEN TYPE REASON OBJECT MESSAGE",
                "<age> Normal Indexed clouddataset/my-notes 1 object(s), 133.3 KiB indexed: lines=" + lines);
        String described = kubectl("describe", "cds", "my-notes");
        assertThat(described).containsPattern("Name: +my-notes").containsPattern("Phase: +Ready")
                .containsPattern("Normal +Indexed +\\S+ +dataplug-operator +1 object\\(s\\), 133.3 KiB indexed");

        assertThat(kubectl("delete", "-f", yaml.toString())).isEqualTo(
                "clouddataset.dataplug.io \"my-notes\" deleted\npartitioning.dataplug.io \"my-notes-chunks\" deleted\n");
        ExternalTools.Result gone = kubectlResult("get", "cds", "my-notes");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("NotFound");
        await().atMost(Duration.ofSeconds(10)).until(() -> console().contains("CloudDataset dataplug-samples/my-notes"
                + " ".repeat(58 - "CloudDataset dataplug-samples/my-notes".length()) + " deleted"));
    }

    @Test
    @Order(3)
    void applyOfABuiltInUpdatesThroughAStrategicMergePatch() throws IOException {
        assertThat(kubectl("apply", "-f", resource("settings-v1.yaml").toString()))
                .isEqualTo("configmap/my-settings created\n");
        assertThat(kubectl("apply", "-f", resource("settings-v2.yaml").toString()))
                .isEqualTo("configmap/my-settings configured\n");
        assertThat(kubectl("get", "cm", "my-settings", "-o", "jsonpath={.data}")).isEqualTo("{\"colour\":\"blue\"}");
        assertThat(table(kubectl("get", "cm", "my-settings"))).containsExactly("NAME DATA AGE", "my-settings 1 <age>");
    }

    @Test
    @Order(4)
    void applyChecksCustomResourcesAgainstTheCrdSchemas() {
        ExternalTools.Result unknown = kubectlResult("apply", "-f", resource("unknown-field.yaml").toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("Error from server (BadRequest)").contains("CloudDataset in version \"v1alpha1\" cannot be "
                + "handled as a CloudDataset: strict decoding error: unknown field \"spec.preprocessing.colour\"");
        assertThat(kubectlResult("get", "cds", "bad-notes").err()).contains("NotFound");

        ExternalTools.Result wrongType = kubectlResult("apply", "-f", resource("wrong-type.yaml").toString());
        assertThat(wrongType.exit()).isEqualTo(1);
        assertThat(wrongType.err()).contains("Partitioning.dataplug.io \"bad-chunks\" is invalid: spec.strategy: Invalid value: "
                + "\"integer\": spec.strategy in body must be of type string: \"integer\"");
        assertThat(kubectlResult("get", "pt", "bad-chunks").err()).contains("NotFound");

        // Without validation the undeclared field is pruned, as a real API server does.
        assertThat(kubectl("apply", "--validate=false", "-f", resource("unknown-field.yaml").toString()))
                .isEqualTo("clouddataset.dataplug.io/bad-notes created\n");
        assertThat(kubectl("get", "cds", "bad-notes", "-o", "jsonpath={.spec.preprocessing}")).isEqualTo("{\"chunkSize\":\"32Ki\"}");
        assertThat(kubectl("delete", "cds", "bad-notes")).isEqualTo("clouddataset.dataplug.io \"bad-notes\" deleted\n");
    }

    private String kubectl(String... args) {
        ExternalTools.Result r = kubectlResult(args);
        assertThat(r.exit()).as("kubectl %s: %s", String.join(" ", args), r.err()).isZero();
        return new String(r.out(), StandardCharsets.UTF_8);
    }

    private ExternalTools.Result kubectlResult(String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", workdir.resolve("kubeconfig").toString(),
                "--cache-dir", tmp.resolve("kube-cache").toString()));
        cmd.addAll(List.of(args));
        return ExternalTools.exec(null, null, null, cmd.toArray(String[]::new));
    }

    /** kubectl's table with columns joined by one space and ages (5s, 2m3s) replaced by {@code <age>}. */
    private static List<String> table(String out) {
        return out.lines().filter(l -> !l.isBlank())
                .map(l -> l.strip().replaceAll(" {2,}", " ").replaceAll("(^| )\\d+[smhd](\\d+[smh])?( |$)", "$1<age>$3"))
                .toList();
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private static Path resource(String name) {
        return Path.of("src/test/resources/kubectl", name);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
