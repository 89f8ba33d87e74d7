package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads before it applies: each group version's PATCH operations declare the
 * {@code fieldValidation} query parameter, so kubectl leaves validation to the server (the front checks custom
 * resources against their CRD schemas, see {@link SchemaCheck}) instead of asking for OpenAPI v2, which is not
 * served. The CRDs' schemas are in the documents' components, as a real API server publishes them.
 */
final class OpenApiDocs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenApiDocs() {
    }

    /** {@code /openapi/v3}: where each group version's document is. */
    static ObjectNode root(ApiCatalog catalog) {
        ObjectNode root = JSON.objectNode();
        ObjectNode paths = root.putObject("paths");
        for (ApiResource r : catalog.resources()) {
            String gv = r.groupVersionPath().substring(1);
            paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + Integer.toHexString(catalog.hashCode()));
        }
        return root;
    }

    /** {@code /openapi/v3/apis/group/version} (or {@code api/v1}). */
    static Optional<ObjectNode> groupVersion(ApiCatalog catalog, String path) {
        List<ApiResource> in = catalog.resources().stream().filter(r -> r.groupVersionPath().equals("/" + path)).toList();
        if (in.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Dataplug dev cluster").put("version", in.get(0).apiVersion());
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ApiResource r : in) {
            String item = r.groupVersionPath() + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
            ObjectNode patch = paths.putObject(item).putObject("patch");
            patch.set("x-kubernetes-group-version-kind", gvk(r));
            patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query").putObject("schema")
                    .put("type", "string");
            patch.putObject("responses").putObject("200").put("description", "OK");
            if (r.schema() != null) {
                ObjectNode schema = r.schema().deepCopy();
                schema.putArray("x-kubernetes-group-version-kind").add(gvk(r));
                schemas.set(String.join(".", List.of(r.group().split("\\.")).reversed()) + "." + r.version() + "." + r.kind(), schema);
            }
        }
        return Optional.of(doc);
    }

    private static ObjectNode gvk(ApiResource r) {
        return JSON.objectNode().put("group", r.group()).put("version", r.version()).put("kind", r.kind());
    }
}
