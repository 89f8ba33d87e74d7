package io.dataplug.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dataplug.core.testing.ExternalTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Validates Kubernetes objects offline with {@code .ci/manifests/validate.mjs} (Node): built-in kinds against the
 * Kubernetes OpenAPI schemas (npm kubernetes-models), Argo CD's against its CRDs (@kubernetes-models/argo-cd), and
 * custom resources against the CustomResourceDefinitions among the documents (ajv; unknown fields are errors).
 * The npm packages are installed by {@code .ci/install-tools}; without them (or without node) tests are skipped.
 */
public final class OfflineSchemas {

    /** One document's verdict; {@code schema} says what checked it ({@code kubernetes-models}, {@code argo-cd}, {@code crd:<name>}). */
    public record Verdict(String source, String apiVersion, String kind, String name, String schema, List<String> errors) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineSchemas() {
    }

    public static Path validatorDir() {
        return RepoRoot.get().resolve(".ci/manifests");
    }

    /** Skips (or, where node is mandatory, fails) the calling test unless node and the validator's packages are installed. */
    public static void assumeInstalled() {
        ExternalTools.require("node");
        boolean installed = Files.isDirectory(validatorDir().resolve("node_modules/kubernetes-models"));
        String why = "the manifest validator's npm packages are not installed (run bash .ci/install-tools)";
        if (!installed && ExternalTools.mandatory("node")) {
            Assertions.fail(why + ", and DATAPLUG_REQUIRE_TOOLS says the tests must run");
        }
        Assumptions.assumeTrue(installed, why);
    }

    public static List<Verdict> validate(List<ManifestDocs.Doc> docs) {
        ArrayNode input = JSON.createArrayNode();
        for (ManifestDocs.Doc d : docs) {
            input.addObject().put("source", d.source()).set("doc", d.node());
        }
        List<Verdict> out = new ArrayList<>();
        try {
            byte[] stdout = ExternalTools.pipe(JSON.writeValueAsBytes(input), "node", validatorDir().resolve("validate.mjs").toString());
            for (JsonNode v : JSON.readTree(stdout)) {
                List<String> errors = new ArrayList<>();
                v.path("errors").forEach(e -> errors.add(e.asText()));
                out.add(new Verdict(v.path("source").asText(), v.path("apiVersion").asText(null), v.path("kind").asText(null),
                        v.path("name").asText(null), v.path("schema").asText(null), errors));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() != docs.size()) {
            throw new IllegalStateException("validate.mjs judged " + out.size() + " of " + docs.size() + " documents");
        }
        return out;
    }
}
