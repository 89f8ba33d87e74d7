package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An object checked against its CRD's structural schema, as the API server does: wrong types, missing required
 * fields and values outside an enum are invalid; fields the schema does not declare are unknown (an error under
 * {@code fieldValidation=Strict}, which kubectl apply sends by default, else pruned). apiVersion, kind and metadata
 * at the root are the API server's own.
 */
final class SchemaCheck {

    private final List<String> unknown = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();
    private final List<Runnable> prunes = new ArrayList<>();

    private SchemaCheck() {
    }

    static SchemaCheck of(JsonNode schema, JsonNode object) {
        SchemaCheck c = new SchemaCheck();
        if (object instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (!List.of("apiVersion", "kind", "metadata").contains(e.getKey())) {
                    c.field(schema, o, e.getKey(), e.getValue(), "");
                }
            }
        } else {
            c.invalid.add("<root>: Invalid value: \"" + kind(object) + "\": must be an object");
        }
        return c;
    }

    /** Paths of the fields the schema does not declare. */
    List<String> unknown() {
        return unknown;
    }

    /** What the API server would call invalid, one cause each. */
    List<String> invalid() {
        return invalid;
    }

    /** Removes the undeclared fields from the checked object, as the API server prunes them. */
    void prune() {
        prunes.forEach(Runnable::run);
    }

    private void check(JsonNode schema, JsonNode value, String path) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                invalid.add(path + ": Invalid value: \"null\": " + path + " in body must be of type " + schema.path("type").asText("any"));
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                invalid.add(path + ": Invalid value: \"" + kind(value) + "\": " + path + " in body must be of type integer or string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!ok) {
            invalid.add(path + ": Invalid value: \"" + kind(value) + "\": " + path + " in body must be of type " + type + ": \"" + kind(value) + "\"");
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            invalid.add(path + ": Unsupported value: " + value + ": supported values: " + schema.get("enum"));
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    invalid.add(path + "." + r.asText() + ": Required value");
                }
            }
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                field(schema, (ObjectNode) value, e.getKey(), e.getValue(), path);
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]");
            }
        }
    }

    private void field(JsonNode schema, ObjectNode owner, String name, JsonNode value, String parent) {
        String path = parent.isEmpty() ? name : parent + "." + name;
        JsonNode declared = schema.path("properties").get(name);
        JsonNode additional = schema.path("additionalProperties");
        if (declared != null) {
            check(declared, value, path);
        } else if (additional.isObject()) {
            check(additional, value, path);
        } else if (!additional.asBoolean(false) && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            unknown.add(path);
            prunes.add(() -> owner.remove(name));
        }
    }

    private static boolean contains(JsonNode values, JsonNode v) {
        for (JsonNode e : values) {
            if (e.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode v) {
        return v.isTextual() ? "string" : v.isIntegralNumber() ? "integer" : v.isNumber() ? "number" : v.isBoolean() ? "boolean"
                : v.isArray() ? "array" : v.isObject() ? "object" : "null";
    }
}
