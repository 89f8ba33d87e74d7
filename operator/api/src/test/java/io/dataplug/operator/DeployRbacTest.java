package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The RBAC that {@code deploy/} installs: namespaced by default (a Role and RoleBinding in exactly the namespaces the
 * operator is told to watch), cluster-wide only in its overlay, the same rules in both, and in neither any Secret or
 * anything cluster-scoped. The rendered trees are checked with {@code kubectl kustomize} where kubectl exists.
 */
class DeployRbacTest {

    static final Path DEPLOY = SamplesAndDeployTest.ROOT.resolve("deploy");
    static final KubernetesSerialization SER = SamplesAndDeployTest.serialization();
    static final Set<String> RESOURCES = Set.of("clouddatasets", "partitionings", "clouddatasets/status", "partitionings/status",
            "clouddatasets/finalizers", "partitionings/finalizers", "jobs", "configmaps", "pods", "events");

    static List<HasMetadata> objects(String text) {
        List<HasMetadata> out = new ArrayList<>();
        for (String part : text.split("(?m)^---\\s*$")) {
            if (part.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"))) {
                continue;
            }
            KubernetesResource r = SER.unmarshal(part);
            if (r instanceof HasMetadata h) {
                out.add(h);
            }
        }
        return out;
    }

    static List<HasMetadata> file(String path) throws IOException {
        return objects(java.nio.file.Files.readString(SamplesAndDeployTest.ROOT.resolve(path)));
    }

    static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void theNamespacedRoleAndTheClusterWideRoleGrantTheSameRules() throws IOException {
        Role role = of(file("deploy/namespace-access/role.yaml"), Role.class).get(0);
        ClusterRole clusterRole = of(file("deploy/overlays/cluster-wide/clusterrole.yaml"), ClusterRole.class).get(0);
        assertThat(clusterRole.getRules()).isEqualTo(role.getRules());
    }

    @Test
    void noSecretsNoWildcardsNothingClusterScopedAndPodsReadOnly() throws IOException {
        List<PolicyRule> rules = of(file("deploy/namespace-access/role.yaml"), Role.class).get(0).getRules();
        for (PolicyRule r : rules) {
            assertThat(r.getResources()).as("resources").isSubsetOf(RESOURCES);
            assertThat(r.getApiGroups()).doesNotContain("*");
            assertThat(r.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate", "deletecollection");
            if (r.getResources().contains("pods")) {
                assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list");
            }
            if (r.getResources().contains("jobs")) {
                assertThat(r.getVerbs()).doesNotContain("update", "patch");
            }
        }
        assertThat(rules.stream().flatMap(r -> r.getResources().stream())).doesNotContain("secrets");
    }

    @Test
    void secretGrantsInTheSamplesNameTheirSecretAndOnlyGet() throws IOException {
        List<Role> grants = new ArrayList<>();
        for (Path f : SamplesAndDeployTest.yamlFiles("samples")) {
            for (Role r : of(objects(java.nio.file.Files.readString(f)), Role.class)) {
                if (r.getRules().stream().anyMatch(x -> x.getResources().contains("secrets"))) {
                    grants.add(r);
                }
            }
        }
        assertThat(grants).isNotEmpty().allSatisfy(r -> assertThat(r.getRules()).allSatisfy(x -> {
            assertThat(x.getResources()).containsExactly("secrets");
            assertThat(x.getVerbs()).containsExactly("get");
            assertThat(x.getResourceNames()).isNotEmpty();
        }));
    }

    @Test
    void theDefaultInstallIsNamespacedToExactlyTheWatchedNamespaces() throws Exception {
        List<HasMetadata> base = kustomize("base");
        Set<String> watched = watched(base);
        assertThat(watched).isNotEmpty().doesNotContain("*");
        assertThat(of(base, ClusterRole.class)).isEmpty();
        assertThat(of(base, ClusterRoleBinding.class)).isEmpty();
        Subject operator = operatorAccount(base);
        List<RoleBinding> bindings = of(base, RoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> same(s, operator)))
                .filter(b -> !b.getMetadata().getNamespace().equals(operator.getNamespace())).toList();
        assertThat(bindings).extracting(b -> b.getMetadata().getNamespace()).containsExactlyInAnyOrderElementsOf(watched);
        Role template = of(file("deploy/namespace-access/role.yaml"), Role.class).get(0);
        for (RoleBinding b : bindings) {
            Role bound = of(base, Role.class).stream().filter(r -> r.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
                    && r.getMetadata().getName().equals(b.getRoleRef().getName())).findFirst().orElseThrow();
            assertThat(bound.getRules()).isEqualTo(template.getRules());
        }
        assertThat(watched(kustomize("overlays/minio"))).isEqualTo(watched);
    }

    @Test
    void theClusterWideOverlayWatchesEverythingWithTheClusterRole() throws Exception {
        List<HasMetadata> all = kustomize("overlays/cluster-wide");
        assertThat(watched(all)).containsExactly("*");
        Subject operator = operatorAccount(all);
        assertThat(of(all, ClusterRoleBinding.class)).singleElement().satisfies(b -> {
            assertThat(b.getRoleRef().getName()).isEqualTo("dataplug-operator");
            assertThat(b.getSubjects()).singleElement().satisfies(s -> assertThat(same(s, operator)).isTrue());
        });
        assertThat(of(all, Role.class)).extracting(r -> r.getMetadata().getName()).containsExactly("dataplug-operator-leader-election");
    }

    private static boolean same(Subject s, Subject account) {
        return "ServiceAccount".equals(s.getKind()) && account.getName().equals(s.getName()) && account.getNamespace().equals(s.getNamespace());
    }

    private static Subject operatorAccount(List<HasMetadata> objects) {
        Deployment d = of(objects, Deployment.class).get(0);
        return new Subject(null, "ServiceAccount", d.getSpec().getTemplate().getSpec().getServiceAccountName(), d.getMetadata().getNamespace());
    }

    private static Set<String> watched(List<HasMetadata> objects) {
        ConfigMap config = of(objects, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals("dataplug-operator-config"))
                .findFirst().orElseThrow();
        return Arrays.stream(config.getData().get("DATAPLUG_WATCH_NAMESPACES").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** {@code kubectl kustomize deploy/<dir>}; the test is skipped where kubectl is missing. */
    private static List<HasMetadata> kustomize(String dir) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve(dir).toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "kubectl is not installed");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return objects(out);
    }
}
