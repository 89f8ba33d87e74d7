package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.operator.testing.HelmChart;
import io.dataplug.operator.testing.Kustomize;
import io.dataplug.operator.testing.ManifestDocs;
import io.dataplug.operator.testing.ManifestDocs.Doc;
import io.dataplug.operator.testing.OfflineSchemas;
import io.dataplug.operator.testing.OfflineSchemas.Verdict;
import io.dataplug.operator.testing.RepoRoot;
import io.dataplug.operator.testing.UnknownFields;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML under {@code deploy/}, {@code samples/} and {@code crds/}, as files and as {@code kubectl kustomize}
 * renders each tree, and the Helm chart as {@code helm template} renders it (defaults and every option), validated offline as an API server would: built-in kinds against the Kubernetes OpenAPI
 * schemas (and strict about unknown fields), custom resources against our CRD schemas, Argo CD's Application against
 * Argo CD's. Needs kubectl and the npm packages of {@code .ci/manifests} (installed by {@code .ci/install-tools});
 * skipped without them, except in CI (see {@code .ci/run}).
 */
class ManifestValidationTest {

    static final Path ROOT = RepoRoot.get();
    static final List<String> TREES = List.of("deploy", "samples", "crds");

    @TempDir
    Path tmp;

    static List<Doc> fileDocs() throws IOException {
        List<Doc> docs = new ArrayList<>();
        for (String tree : TREES) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(tree))) {
                for (Path f : s.filter(p -> p.toString().matches(".*\\.ya?ml$") && !p.toString().contains("/data/") && !helmSource(p))
                        .sorted().toList()) {
                    docs.addAll(ManifestDocs.parse(ROOT.relativize(f).toString(), Files.readString(f)));
                }
            }
        }
        return docs;
    }

    /** The chart's templates and values are Helm's input, not objects: its output is checked instead (but its crds/ are objects). */
    static boolean helmSource(Path p) {
        return ROOT.relativize(p).startsWith("deploy/helm") && !p.getParent().endsWith("crds");
    }

    /** The chart rendered with default values and with every option on, as a release would create the objects. */
    static List<Doc> helmDocs() {
        List<Doc> docs = new ArrayList<>(HelmChart.objects(Map.of()));
        docs.addAll(ManifestDocs.parse("helm template (all options)", HelmChart.template(Map.of("watchNamespaces[0]", "team-a",
                "metrics.serviceMonitor.enabled", true, "metrics.serviceMonitor.labels.release", "kps", "metrics.port", 9090,
                "leaderElection.enabled", true, "replicas", 2, "metadata.uri", "s3://indexes/dataplug/",
                "metadata.credentialsSecret", "metadata-keys"))));
        return docs;
    }

    static List<Path> kustomizations() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String tree : TREES) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(tree))) {
                s.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).sorted().forEach(dirs::add);
            }
        }
        return dirs;
    }

    static List<Doc> crdDocs() throws IOException {
        return fileDocs().stream().filter(d -> d.kind().equals("CustomResourceDefinition")).toList();
    }

    private static void assertAllValid(List<Verdict> verdicts) {
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.schema()).as("%s (%s %s): no schema", v.source(), v.apiVersion(), v.kind()).isNotNull();
            assertThat(v.errors()).as("%s (%s %s %s)", v.source(), v.apiVersion(), v.kind(), v.name()).isEmpty();
        });
    }

    @Test
    void everyManifestFileValidatesAgainstItsSchema() throws IOException {
        OfflineSchemas.assumeInstalled();
        List<Doc> docs = fileDocs().stream().filter(d -> !d.isKustomization()).toList();
        List<Verdict> verdicts = OfflineSchemas.validate(docs);
        assertAllValid(verdicts);
        Map<String, String> schemaByKind = verdicts.stream().collect(Collectors.toMap(Verdict::kind, Verdict::schema, (a, b) -> a));
        assertThat(schemaByKind).contains(
                Map.entry("CloudDataset", "crd:clouddatasets.dataplug.io"), Map.entry("Partitioning", "crd:partitionings.dataplug.io"),
                Map.entry("CustomResourceDefinition", "kubernetes-models"), Map.entry("Deployment", "kubernetes-models"),
                Map.entry("ClusterRole", "kubernetes-models"), Map.entry("Job", "kubernetes-models"),
                Map.entry("Secret", "kubernetes-models"), Map.entry("Application", "argo-cd"), Map.entry("ConfigMap", "kubernetes-models"));
    }

    @Test
    void everyKustomizationRenders() throws IOException {
        Kustomize.assumeInstalled();
        List<Path> dirs = kustomizations();
        assertThat(dirs.stream().map(d -> ROOT.relativize(d).toString()))
                .contains("crds", "deploy/base", "deploy/overlays/minio", "samples");
        for (Path dir : dirs) {
            List<Doc> rendered = ManifestDocs.parse("kubectl kustomize " + ROOT.relativize(dir), Kustomize.render(dir));
            assertThat(rendered).as("%s renders objects", dir).isNotEmpty();
            if (dir.endsWith("deploy/base")) {
                // The namespace transformer reaches every namespaced object, the CRDs come along.
                assertThat(rendered).filteredOn(d -> d.kind().equals("Deployment"))
                        .allSatisfy(d -> assertThat(d.node().at("/metadata/namespace").asText()).isEqualTo("dataplug-system"));
                assertThat(rendered).filteredOn(d -> d.kind().equals("CustomResourceDefinition")).hasSize(2);
            }
        }
    }

    @Test
    void everyRenderedTreeValidatesAgainstItsSchemas() throws IOException {
        Kustomize.assumeInstalled();
        OfflineSchemas.assumeInstalled();
        List<Doc> input = new ArrayList<>(crdDocs());   // the schemas of the custom resources, for trees without them
        for (Path dir : kustomizations()) {
            input.addAll(ManifestDocs.parse("kubectl kustomize " + ROOT.relativize(dir), Kustomize.render(dir)));
        }
        List<Verdict> verdicts = OfflineSchemas.validate(input);
        assertAllValid(verdicts);
        assertThat(verdicts.stream().map(Verdict::source).map(s -> s.substring(0, s.indexOf('#'))).distinct())
                .contains("kubectl kustomize deploy/base", "kubectl kustomize deploy/overlays/minio", "kubectl kustomize samples",
                        "kubectl kustomize deploy/overlays/prometheus");
    }

    @Test
    void helmOutputValidatesAgainstItsSchemas() {
        HelmChart.assumeAvailable();
        OfflineSchemas.assumeInstalled();
        List<Verdict> verdicts = OfflineSchemas.validate(helmDocs());
        assertAllValid(verdicts);
        assertThat(verdicts.stream().map(Verdict::kind)).contains("CustomResourceDefinition", "Deployment", "Role", "ServiceMonitor", "Service");
        KubernetesSerialization ser = new KubernetesSerialization();
        for (Doc d : helmDocs()) {
            if (!d.apiVersion().startsWith("monitoring.coreos.com/")) {
                assertThat(UnknownFields.of(d.node(), ser)).as(d.source()).isEmpty();
            }
        }
    }

    @Test
    void builtInObjectsHaveNoUnknownFields() throws IOException {
        KubernetesSerialization ser = new KubernetesSerialization();
        int checked = 0;
        for (Doc d : fileDocs()) {
            if (d.isKustomization() || d.apiVersion().startsWith("argoproj.io/")) {
                continue;
            }
            assertThat(UnknownFields.of(d.node(), ser)).as(d.source()).isEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThan(15);
    }

    // The checks above must be able to fail: each kind of mistake, caught.

    @Test
    void schemaMistakesAreCaught() throws IOException {
        OfflineSchemas.assumeInstalled();
        List<Doc> docs = new ArrayList<>(crdDocs());
        docs.addAll(ManifestDocs.parse("bad.yaml", """
                apiVersion: dataplug.io/v1alpha1
                kind: CloudDataset
                metadata: {name: x}
                spec:
                  formt: text
                  source: {uri: "s3://raw/x.txt", credentialsSecret: {key: s}}
                  preprocessing: {maxWorkers: four}
                ---
                apiVersion: dataplug.io/v1alpha1
                kind: Partitioning
                metadata: {name: p}
                spec: {datasetRef: {name: x}, strategy: chunks, params: {count: 8}, output: {type: Configmap}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: two
                  selector: {matchLabels: {a: b}}
                  template: {metadata: {labels: {a: b}}, spec: {containers: [{image: x}]}}
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: a}
                spec: {project: 7}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """));
        Map<String, List<String>> errors = OfflineSchemas.validate(docs).stream().filter(v -> !v.kind().equals("CustomResourceDefinition"))
                .collect(Collectors.toMap(Verdict::kind, Verdict::errors));
        assertThat(errors.get("CloudDataset")).containsExactlyInAnyOrder(
                "/spec: must have required property 'format'",
                "/spec: must NOT have additional properties 'formt'",
                "/spec/source/credentialsSecret: must have required property 'name'",
                "/spec/source/credentialsSecret: must NOT have additional properties 'key'",
                "/spec/preprocessing/maxWorkers: must be integer");
        assertThat(errors.get("Partitioning")).containsExactlyInAnyOrder("/spec/params/count: must be string",
                "/spec/output/type: must be equal to one of the allowed values [\"Bucket\",\"ConfigMap\"]");
        assertThat(errors.get("Deployment")).containsExactlyInAnyOrder("/spec/replicas: must be integer",
                "/spec/template/spec/containers/0: must have required property name");
        assertThat(errors.get("Application")).contains("/spec/project: must be string");
        assertThat(errors.get("Widget")).containsExactly("/: no schema for apiVersion example.com/v1 kind Widget");
    }

    @Test
    void unknownFieldsOfBuiltInKindsAreCaught() {
        List<Doc> docs = ManifestDocs.parse("typo.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metdata: {name: d}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: x, imagePullPolcy: Always}]
                """);
        assertThat(UnknownFields.of(docs.get(0).node(), new KubernetesSerialization()))
                .containsExactlyInAnyOrder("<root>: metdata", "spec.template.spec.containers[0]: imagePullPolcy");
    }

    @Test
    void brokenYamlAndMissingResourcesFail() throws IOException {
        assertThatThrownBy(() -> ManifestDocs.parse("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("broken.yaml: not YAML: ").hasMessageContaining("line");
        Kustomize.assumeInstalled();
        Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        assertThatThrownBy(() -> Kustomize.render(tmp)).isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.yaml");
        Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n  - broken.yaml\n");
        Files.writeString(tmp.resolve("broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n");
        assertThatThrownBy(() -> Kustomize.render(tmp)).isInstanceOf(IllegalStateException.class).hasMessageContaining("broken.yaml");
    }
}
