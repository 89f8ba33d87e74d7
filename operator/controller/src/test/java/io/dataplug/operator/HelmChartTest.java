package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.operator.testing.HelmChart;
import io.dataplug.operator.testing.Kustomize;
import io.dataplug.operator.testing.ManifestDocs;
import io.dataplug.operator.testing.ManifestDocs.Doc;
import io.dataplug.operator.testing.RepoRoot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart against the kustomize tree it mirrors: for default values, the objects of a release (templates and
 * CRDs) equal {@code kubectl kustomize deploy/base}'s, object by object (matched by kind, namespace and name, compared
 * field by field). The options render what their values say, and values the schema forbids are refused.
 */
class HelmChartTest {

    /** The kustomize tree the chart must render the same as; re-point it if the default install moves. */
    static final String KUSTOMIZE_BASE = "deploy/base";

    @BeforeEach
    void helm() {
        HelmChart.assumeAvailable();
    }

    static String key(Doc d) {
        JsonNode m = d.node().path("metadata");
        return d.kind() + " " + (m.has("namespace") ? m.path("namespace").asText() + "/" : "") + m.path("name").asText();
    }

    static Map<String, JsonNode> byKey(List<Doc> docs) {
        return docs.stream().collect(Collectors.toMap(HelmChartTest::key, Doc::node, (a, b) -> {
            throw new AssertionError("two objects with the same kind and name: " + a.path("metadata"));
        }, TreeMap::new));
    }

    private static Map<String, JsonNode> release(Map<String, Object> values) {
        return byKey(HelmChart.objects(values));
    }

    @Test
    void defaultValuesRenderTheKustomizeBase() {
        Kustomize.assumeInstalled();
        Map<String, JsonNode> kustomize = byKey(ManifestDocs.parse("kubectl kustomize " + KUSTOMIZE_BASE,
                Kustomize.render(RepoRoot.get().resolve(KUSTOMIZE_BASE))));
        Map<String, JsonNode> helm = release(Map.of());
        assertThat(helm.keySet()).containsExactlyElementsOf(kustomize.keySet());
        kustomize.forEach((k, node) -> assertThat(canonical(helm.get(k))).as(k).isEqualTo(canonical(node)));
    }

    /** Numbers by value: kustomize prints the CRD generator's {@code minimum: 1.0} as {@code 1}, Helm as written. */
    static JsonNode canonical(JsonNode n) {
        if (n.isIntegralNumber() || n.isFloatingPointNumber() && n.asDouble() == Math.rint(n.asDouble())) {
            return LongNode.valueOf(n.asLong());
        }
        if (n.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            n.properties().forEach(e -> o.set(e.getKey(), canonical(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> a.add(canonical(x)));
            return a;
        }
        return n;
    }

    @Test
    void everyNamespaceRendersTheClusterWideOverlay() {
        Kustomize.assumeInstalled();
        String overlay = "deploy/overlays/cluster-wide";
        Map<String, JsonNode> kustomize = byKey(ManifestDocs.parse("kubectl kustomize " + overlay, Kustomize.render(RepoRoot.get().resolve(overlay))));
        Map<String, JsonNode> helm = release(Map.of("watchNamespaces[0]", "*"));
        assertThat(helm.keySet()).containsExactlyElementsOf(kustomize.keySet());
        kustomize.forEach((k, node) -> assertThat(canonical(helm.get(k))).as(k).isEqualTo(canonical(node)));
    }

    @Test
    void chartLints() {
        assertThat(HelmChart.lintErrors()).isEmpty();
    }

    @Test
    void watchedNamespacesGetARoleEachAndNoClusterWideGrants() {
        Map<String, JsonNode> r = release(Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));
        assertThat(r.keySet()).noneMatch(k -> k.startsWith("ClusterRole"))
                .contains("Role team-a/dataplug-operator", "RoleBinding team-a/dataplug-operator",
                        "Role team-b/dataplug-operator", "RoleBinding team-b/dataplug-operator",
                        "Role dataplug-system/dataplug-operator-leader-election");
        assertThat(r.get("RoleBinding team-b/dataplug-operator").at("/subjects/0/namespace").asText()).isEqualTo("dataplug-system");
        assertThat(r.get("Role team-a/dataplug-operator").path("rules"))
                .isEqualTo(release(Map.of("watchNamespaces[0]", "*")).get("ClusterRole dataplug-operator").path("rules"));
        assertThat(r.get("ConfigMap dataplug-system/dataplug-operator-config").at("/data/DATAPLUG_WATCH_NAMESPACES").asText())
                .isEqualTo("team-a,team-b");
    }

    @Test
    void settingsReachTheConfigMapAndTheDeployment() {
        Map<String, JsonNode> r = release(Map.of("image.tag", "0.2.0", "worker.image", "registry.example/worker:7",
                "metadata.uri", "s3://indexes/dataplug/", "metadata.endpoint", "http://minio.minio.svc:9000", "metadata.pathStyle", true,
                "metadata.credentialsSecret", "metadata-keys", "resources.limits.memory", "1Gi", "leaderElection.enabled", true,
                "replicas", 2));
        JsonNode config = r.get("ConfigMap dataplug-system/dataplug-operator-config").path("data");
        assertThat(config.path("DATAPLUG_WORKER_IMAGE").asText()).isEqualTo("registry.example/worker:7");
        assertThat(config.path("DATAPLUG_METADATA_URI").asText()).isEqualTo("s3://indexes/dataplug/");
        assertThat(config.path("DATAPLUG_METADATA_ENDPOINT").asText()).isEqualTo("http://minio.minio.svc:9000");
        assertThat(config.path("DATAPLUG_METADATA_PATH_STYLE").asText()).isEqualTo("true");
        JsonNode deployment = r.get("Deployment dataplug-system/dataplug-operator");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/dataplug/dataplug-operator:0.2.0");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
        assertThat(container.at("/envFrom/1/secretRef/name").asText()).isEqualTo("metadata-keys");
        assertThat(container.path("env").findValuesAsText("name")).contains("DATAPLUG_LEADER_ELECTION_NAMESPACE");
        assertThat(container.path("env").toString()).contains("metadata.namespace");
    }

    @Test
    void serviceMonitorOnlyWhenAskedFor() {
        assertThat(release(Map.of()).keySet()).noneMatch(k -> k.startsWith("ServiceMonitor") || k.startsWith("Service "));
        Map<String, JsonNode> r = release(Map.of("metrics.serviceMonitor.enabled", true, "metrics.serviceMonitor.labels.release", "kps",
                "metrics.port", 9090));
        JsonNode sm = r.get("ServiceMonitor dataplug-system/dataplug-operator");
        assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("kps");
        assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(sm.at("/spec/selector/matchLabels")).isEqualTo(r.get("Service dataplug-system/dataplug-operator-metrics").path("spec")
                .path("selector"));
        JsonNode container = r.get("Deployment dataplug-system/dataplug-operator").at("/spec/template/spec/containers/0");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(9090);
        assertThat(container.path("env").toString()).contains("DATAPLUG_HEALTH_PORT").contains("9090");
    }

    @Test
    void valuesTheSchemaForbidsAreRefused() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("image.tag", ""),
                Map.of("metrics.port", 80),
                Map.of("retryInterval", "30s"),
                Map.of("watchNamespaces[0]", "Not_A_Namespace"),
                Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "*"),
                Map.of("allowedImages[0]", "registry/worker*"),
                Map.of("metadata.uri", "s3://key:secret@bucket/x"),
                Map.of("imageTag", "typo"))) {
            assertThatThrownBy(() -> HelmChart.template(bad)).as("%s", bad).hasMessageContaining("values don't meet the specifications of the schema");
        }
        assertThatThrownBy(() -> HelmChart.template(Map.of("replicas", 3)))
                .hasMessageContaining("replicas > 1 needs leaderElection.enabled: true");
    }
}
