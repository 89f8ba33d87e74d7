package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.testing.SchemaValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Everything under {@code deploy/}, {@code samples/} and {@code crds/} parses into typed Fabric8 objects,
 * kustomizations name files that exist, and every CloudDataset and Partitioning validates against the generated
 * CRD schema (unknown fields included).
 */
class SamplesAndDeployTest {

    static final Path ROOT = Path.of("..", "..");
    static final YAMLMapper YAML = new YAMLMapper();

    record Doc(Path file, int index, String text) {
        @Override
        public String toString() {
            return ROOT.relativize(file) + "#" + index;
        }
    }

    static List<Path> yamlFiles(String dir) throws IOException {
        try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.toString().contains("/data/"))
                    // a Helm chart's templates and values are not objects (HelmChartTest checks what they render); its crds/ are
                    .filter(p -> !p.toString().contains("/helm/") || p.getParent().endsWith("crds")).sorted().toList();
        }
    }

    static List<Doc> docs(Path file) throws IOException {
        List<Doc> out = new ArrayList<>();
        int i = 0;
        for (String part : Files.readString(file).split("(?m)^---\\s*$")) {
            boolean empty = part.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!empty) {
                out.add(new Doc(file, i++, part));
            }
        }
        return out;
    }

    static KubernetesSerialization serialization() {
        KubernetesSerialization ser = new KubernetesSerialization();
        ser.registerKubernetesResource(CloudDataset.class);
        ser.registerKubernetesResource(Partitioning.class);
        return ser;
    }

    static boolean isKustomization(Doc d) throws IOException {
        JsonNode n = YAML.readTree(d.text());
        return n.path("apiVersion").asText().startsWith("kustomize.config.k8s.io/");
    }

    @Test
    void everyManifestParsesIntoATypedObject() throws IOException {
        KubernetesSerialization ser = serialization();
        int typed = 0;
        for (String dir : List.of("deploy", "samples", "crds")) {
            for (Path f : yamlFiles(dir)) {
                for (Doc d : docs(f)) {
                    if (isKustomization(d)) {
                        continue;
                    }
                    KubernetesResource r = ser.unmarshal(d.text());
                    assertThat(r).as(d.toString()).isInstanceOf(HasMetadata.class);
                    HasMetadata h = (HasMetadata) r;
                    assertThat(h.getMetadata().getName()).as(d + " has a name").isNotBlank();
                    if (h.getApiVersion().startsWith("argoproj.io/") || h.getApiVersion().startsWith("monitoring.coreos.com/")) {
                        continue;   // no Fabric8 model for Argo CD or the Prometheus Operator; generic is as typed as it gets
                    }
                    assertThat(r).as(d + " (" + h.getApiVersion() + " " + h.getKind() + ")").isNotInstanceOf(GenericKubernetesResource.class);
                    if (h.getApiVersion().startsWith("dataplug.io/")) {
                        assertThat(r).isInstanceOfAny(CloudDataset.class, Partitioning.class);
                    }
                    typed++;
                }
            }
        }
        assertThat(typed).isGreaterThan(10);
    }

    @Test
    void kustomizationsNameExistingFiles() throws IOException {
        for (String dir : List.of("deploy", "samples", "crds")) {
            for (Path f : yamlFiles(dir)) {
                for (Doc d : docs(f)) {
                    if (!isKustomization(d)) {
                        continue;
                    }
                    for (JsonNode res : YAML.readTree(d.text()).path("resources")) {
                        Path p = f.getParent().resolve(res.asText()).normalize();
                        assertThat(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))
                                .as("%s: resource %s", d, res.asText()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void datasetsAndPartitioningsValidateAgainstTheGeneratedSchemas() throws IOException {
        Map<String, JSONSchemaProps> schemas = Map.of(
                "CloudDataset", schema("clouddatasets.dataplug.io-v1.yml"),
                "Partitioning", schema("partitionings.dataplug.io-v1.yml"));
        int checked = 0;
        for (String dir : List.of("deploy", "samples")) {
            for (Path f : yamlFiles(dir)) {
                for (Doc d : docs(f)) {
                    JsonNode n = YAML.readTree(d.text());
                    if (!n.path("apiVersion").asText().equals(CloudDataset.API_VERSION)) {
                        continue;
                    }
                    JSONSchemaProps s = schemas.get(n.path("kind").asText());
                    assertThat(s).as("%s: unknown kind %s", d, n.path("kind").asText()).isNotNull();
                    assertThat(SchemaValidator.validate(n, s)).as(d.toString()).isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theValidatorCatchesTypos() throws IOException {
        JsonNode bad = YAML.readTree("""
                apiVersion: dataplug.io/v1alpha1
                kind: CloudDataset
                metadata: {name: x}
                spec:
                  format: text
                  source: {uri: "http://not-s3", pathstyle: true}
                  preprocessing: {maxWorkers: 0, chunkSize: 64Mi}
                """);
        assertThat(SchemaValidator.validate(bad, schema("clouddatasets.dataplug.io-v1.yml"))).containsExactlyInAnyOrder(
                "spec.source.uri: 'http://not-s3' does not match ^s3://[^/]+(/.*)?$",
                "spec.source: unknown field 'pathstyle'",
                "spec.preprocessing.maxWorkers: 0 is below the minimum 1.0");
    }

    static JSONSchemaProps schema(String crd) throws IOException {
        CustomResourceDefinition def = new KubernetesSerialization().unmarshal(Files.readString(ROOT.resolve("crds").resolve(crd)),
                CustomResourceDefinition.class);
        return def.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }
}
