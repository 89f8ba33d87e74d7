package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386), applied by the API front: the mock server stores a {@code null} in a merge patch as
 * a null value instead of removing the field, so kubectl apply could never remove anything. Strategic-merge
 * patches (kubectl apply on built-in types) go through here too, their {@code $…} directives dropped.
 */
final class MergePatch {

    private MergePatch() {
    }

    /** {@code target} patched (a new node when either is not an object, as the RFC says). */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode p)) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode t ? t : p.objectNode();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (e.getKey().startsWith("$")) {
                continue;
            }
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), withoutDirectives(e.getValue())));
            }
        }
        return result;
    }

    private static JsonNode withoutDirectives(JsonNode n) {
        if (n instanceof ArrayNode a) {
            a.forEach(MergePatch::withoutDirectives);
        } else if (n instanceof ObjectNode o) {
            o.properties().removeIf(e -> e.getKey().startsWith("$"));
            o.forEach(MergePatch::withoutDirectives);
        }
        return n;
    }
}
