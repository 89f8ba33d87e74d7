package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.operator.testing.ArgoCdHealth;
import io.dataplug.operator.testing.ArgoCdHealth.Health;
import io.dataplug.operator.testing.ManifestDocs;
import io.dataplug.operator.testing.RepoRoot;
import io.dataplug.operator.testing.StatusVocabulary;
import io.dataplug.operator.testing.StatusVocabulary.Row;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health checks of {@code deploy/argocd/argocd-cm-health.yaml}, run under Lua 5.1 against one status per
 * reason of each kind (the reasons, phases and expected health come from the tables in docs/operator.md, which must
 * name every reason the operator writes), plus the states before and around the operator's first word.
 */
class ArgoCdHealthTest {

    static final List<String> KINDS = List.of("CloudDataset", "Partitioning");

    static Map<String, String> scripts() throws IOException {
        var file = RepoRoot.get().resolve("deploy/argocd/argocd-cm-health.yaml");
        JsonNode data = ManifestDocs.parse("argocd-cm-health.yaml", Files.readString(file)).get(0).node().path("data");
        return KINDS.stream().collect(Collectors.toMap(k -> k, k -> data.path("resource.customizations.health.dataplug.io_" + k).asText()));
    }

    /** A resource whose Ready condition is as given; {@code generation} and {@code observedGeneration} as given. */
    static ObjectNode resource(String kind, long generation, Long observed, String phase, String ready, String reason, String message) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "dataplug.io/v1alpha1").put("kind", kind);
        o.putObject("metadata").put("name", "x").put("namespace", "ns").put("generation", generation);
        ObjectNode st = o.putObject("status");
        if (phase != null) {
            st.put("phase", phase);
        }
        if (observed != null) {
            st.put("observedGeneration", observed);
        }
        if (ready != null) {
            ObjectNode other = st.putArray("conditions").addObject().put("type", "Indexing").put("status", "True").put("reason", "Other");
            other.put("message", "not the Ready condition");
            ObjectNode c = ((com.fasterxml.jackson.databind.node.ArrayNode) st.get("conditions")).addObject();
            c.put("type", "Ready").put("status", ready).put("lastTransitionTime", "2025-01-01T00:00:00Z").put("observedGeneration", generation);
            if (reason != null) {
                c.put("reason", reason);
            }
            if (message != null) {
                c.put("message", message);
            }
        }
        return o;
    }

    static String message(String reason) {
        return "what happened to \"x\" (" + reason + "): 3 of 4 tasks, ü";
    }

    /** Rows whose documented health or message the script does not give. */
    static List<String> mismatches(String script, List<Row> rows) {
        List<JsonNode> objects = new ArrayList<>();
        for (Row r : rows) {
            String phase = r.phase().startsWith("(") ? "Pending" : r.phase();   // "(unchanged)": any earlier phase
            objects.add(resource(r.kind(), 4, 4L, phase, r.ready() ? "True" : "False", r.reason(), message(r.reason())));
        }
        List<Health> got = ArgoCdHealth.evaluate(script, objects);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Health want = new Health(r.health(), r.reason() + ": " + message(r.reason()));
            if (!got.get(i).equals(want)) {
                out.add(r.kind() + " " + r.reason() + ": want " + want + ", got " + got.get(i));
            }
        }
        return out;
    }

    @Test
    void everyDocumentedReasonGetsItsDocumentedHealthAndMessage() throws IOException {
        ArgoCdHealth.assumeInstalled();
        Map<String, List<Row>> rows = StatusVocabulary.fromDocs();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(KINDS);
        Map<String, String> scripts = scripts();
        for (String kind : KINDS) {
            assertThat(scripts.get(kind)).as("health script of %s", kind).isNotBlank();
            assertThat(mismatches(scripts.get(kind), rows.get(kind))).as(kind).isEmpty();
        }
    }

    @Test
    void theDocumentedReasonsAreTheOnesTheOperatorWrites() {
        Map<String, List<Row>> rows = StatusVocabulary.fromDocs();
        Set<String> documented = new TreeSet<>();
        rows.values().forEach(list -> list.forEach(r -> documented.add(r.reason())));
        assertThat(documented).isEqualTo(StatusVocabulary.fromCode());
        Set<String> phases = StatusVocabulary.phasesFromCode();
        for (List<Row> list : rows.values()) {
            assertThat(list).allSatisfy(r -> assertThat(r.phase()).as(r.toString()).isIn(union(phases, "(unchanged)")));
            assertThat(list).filteredOn(Row::ready).extracting(Row::health).containsOnly("Healthy");
            assertThat(list).extracting(Row::health).allMatch(h -> Set.of("Healthy", "Progressing", "Degraded").contains(h));
        }
    }

    @Test
    void beforeAndAroundTheOperatorsFirstWord() throws IOException {
        ArgoCdHealth.assumeInstalled();
        for (var e : scripts().entrySet()) {
            String kind = e.getKey();
            ObjectNode noStatus = resource(kind, 1, null, null, null, null, null);
            noStatus.remove("status");
            List<JsonNode> objects = List.of(
                    noStatus,
                    resource(kind, 1, null, null, null, null, null),                                  // status without conditions
                    resource(kind, 2, 1L, "Ready", "True", "Published", "old spec"),                   // spec changed, not seen yet
                    resource(kind, 1, 1L, "Pending", "False", "Pending", "listing the source objects"), // the issue: Pending was Degraded
                    resource(kind, 1, 1L, "Pending", "Unknown", "Checking", "not known yet"),
                    resource(kind, 1, 1L, "Failed", "False", null, "boom"),                             // the issue: ": boom"
                    resource(kind, 1, 1L, "Failed", "False", "SomethingNew", null),
                    resource(kind, 1, 1L, "Failed", "False", null, null),
                    resource(kind, 1, 1L, "Ready", "True", null, null));
            assertThat(ArgoCdHealth.evaluate(e.getValue(), objects)).as(kind).containsExactly(
                    new Health("Progressing", "Waiting for the operator"),
                    new Health("Progressing", "Waiting for the operator"),
                    new Health("Progressing", "Waiting for the operator to observe the latest spec"),
                    new Health("Progressing", "Pending: listing the source objects"),
                    new Health("Progressing", "Checking: not known yet"),
                    new Health("Degraded", "boom"),
                    new Health("Degraded", "SomethingNew"),
                    new Health("Degraded", "Ready is False"),
                    new Health("Healthy", "Ready is True"));
        }
    }

    @Test
    void aWrongMappingOrABrokenScriptFails() throws IOException {
        ArgoCdHealth.assumeInstalled();
        String script = scripts().get("Partitioning");
        List<Row> rows = StatusVocabulary.fromDocs().get("Partitioning");
        // DatasetNotReady treated as a failure, as the Partitioning script did with Pending.
        String wrong = script.replace("DatasetNotReady = true", "DatasetNotReadyX = true");
        assertThat(wrong).isNotEqualTo(script);
        assertThat(mismatches(wrong, rows)).containsExactly("Partitioning DatasetNotReady: want Health[status=Progressing, message="
                + "DatasetNotReady: " + message("DatasetNotReady") + "], got Health[status=Degraded, message=DatasetNotReady: "
                + message("DatasetNotReady") + "]");
        // The old message format.
        String colon = script.replace("hs.message = reason .. message", "hs.message = reason .. \": \" .. message");
        assertThat(ArgoCdHealth.evaluate(colon, List.of(resource("Partitioning", 1, 1L, "Failed", "False", null, "boom"))))
                .containsExactly(new Health("Degraded", ": boom"));
        assertThatThrownBy(() -> ArgoCdHealth.evaluate(script.replace("then", "than"), List.of(resource("Partitioning", 1, 1L,
                "Ready", "True", "Published", "m")))).isInstanceOf(IllegalStateException.class).hasMessageContaining("lua5.1 -: exit 1");
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> s = new TreeSet<>(a);
        s.add(b);
        return s;
    }
}
