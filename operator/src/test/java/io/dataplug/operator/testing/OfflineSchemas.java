package io.dataplug.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Skips (or, in CI, fails) the calling test unless node and the validator's npm packages are installed. */
    public static void assumeInstalled() {
        ExternalCommand.require("node", "installed by .ci/install-tools");
        ExternalCommand.assumeReady(Files.isDirectory(validatorDir().resolve("node_modules/kubernetes-models")), "node",
                "the manifest validator's npm packages are not installed (run bash .ci/install-tools)");
    }

    public static List<Verdict> validate(List<ManifestDocs.Doc> docs) {
        ArrayNode input = JSON.createArrayNode();
        for (ManifestDocs.Doc d : docs) {
            input.addObject().put("source", d.source()).set("doc", d.node());
        }
        byte[] stdin;
        try {
            stdin = JSON.writeValueAsBytes(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExternalCommand.Result r = ExternalCommand.run(validatorDir(), stdin, "node", "validate.mjs");
        if (r.exit() != 0) {
            throw new IllegalStateException("validate.mjs failed (exit " + r.exit() + "): " + r.stderr());
        }
        List<Verdict> out = new ArrayList<>();
        try {
            for (JsonNode v : JSON.readTree(r.stdout().getBytes(StandardCharsets.UTF_8))) {
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
