package io.dataplug.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a document against a CRD's structural OpenAPI v3 schema, the subset the crd-generator emits: types,
 * properties, required, additionalProperties, enum, pattern, minimum, items, int-or-string. Unlike the API
 * server, unknown fields are errors (the server would silently prune them, hiding typos).
 */
public final class SchemaValidator {

    private SchemaValidator() {
    }

    public static List<String> validate(JsonNode doc, JSONSchemaProps schema) {
        List<String> errors = new ArrayList<>();
        check(doc, schema, "", errors);
        return errors;
    }

    private static void check(JsonNode v, JSONSchemaProps s, String path, List<String> errors) {
        if (s == null || v == null || v.isNull()) {
            return;
        }
        String at = path.isEmpty() ? "<root>" : path;
        if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
            if (!v.isIntegralNumber() && !v.isTextual()) {
                errors.add(at + ": expected integer or string, got " + v.getNodeType());
            }
            return;
        }
        String type = s.getType();
        if (type != null) {
            boolean ok = switch (type) {
                case "object" -> v.isObject();
                case "array" -> v.isArray();
                case "string" -> v.isTextual();
                case "integer" -> v.isIntegralNumber();
                case "number" -> v.isNumber();
                case "boolean" -> v.isBoolean();
                default -> true;
            };
            if (!ok) {
                errors.add(at + ": expected " + type + ", got " + v.getNodeType());
                return;
            }
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty() && s.getEnum().stream().noneMatch(e -> e.equals(v))) {
            errors.add(at + ": '" + v.asText() + "' is not one of " + s.getEnum());
        }
        if (s.getPattern() != null && v.isTextual() && !Pattern.compile(s.getPattern()).matcher(v.asText()).find()) {
            errors.add(at + ": '" + v.asText() + "' does not match " + s.getPattern());
        }
        if (s.getMinimum() != null && v.isNumber() && v.asDouble() < s.getMinimum()) {
            errors.add(at + ": " + v.asText() + " is below the minimum " + s.getMinimum());
        }
        if (v.isArray() && s.getItems() != null && s.getItems().getSchema() != null) {
            for (int i = 0; i < v.size(); i++) {
                check(v.get(i), s.getItems().getSchema(), path + "[" + i + "]", errors);
            }
        }
        if (v.isObject()) {
            Map<String, JSONSchemaProps> props = s.getProperties();
            if (s.getRequired() != null) {
                for (String r : s.getRequired()) {
                    if (!v.has(r)) {
                        errors.add(at + ": missing required field '" + r + "'");
                    }
                }
            }
            boolean preserve = Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields());
            JSONSchemaProps additional = s.getAdditionalProperties() != null ? s.getAdditionalProperties().getSchema() : null;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                if (props != null && props.containsKey(f.getKey())) {
                    check(f.getValue(), props.get(f.getKey()), p, errors);
                } else if (additional != null) {
                    check(f.getValue(), additional, p, errors);
                } else if (!preserve && props != null && !(path.isEmpty() && isTopLevel(f.getKey()))) {
                    errors.add(at + ": unknown field '" + f.getKey() + "'");
                }
            }
        }
    }

    /** Fields every object has, which CRD schemas do not spell out. */
    private static boolean isTopLevel(String field) {
        return field.equals("apiVersion") || field.equals("kind") || field.equals("metadata");
    }
}
