package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Server-side printing as the API server does it for {@code Accept: application/json;as=Table;g=meta.k8s.io}: a
 * {@code meta.k8s.io/v1 Table} whose rows carry each object's metadata, so kubectl prints printer columns.
 */
final class TableView {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TableView() {
    }

    /** Whether the client asked for a Table (kubectl get does; it falls back to plain JSON itself). */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /** A Table of a list (its items) or of one object; {@code definitions} false after a watch's first event. */
    static ObjectNode of(ApiResource type, JsonNode listOrObject, boolean definitions, Instant now) {
        ObjectNode t = JSON.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = t.putObject("metadata");
        JsonNode rv = listOrObject.path("metadata").path("resourceVersion");
        if (listOrObject.has("items") && rv.isTextual()) {
            meta.set("resourceVersion", rv);
        }
        ArrayNode defs = t.putArray("columnDefinitions");
        if (definitions) {
            for (PrinterColumn c : type.columns()) {
                defs.addObject().put("name", c.name()).put("type", c.type().equals("date") ? "string" : c.type())
                        .put("format", c.name().equals("Name") ? "name" : "").put("description", c.description())
                        .put("priority", c.priority());
            }
        }
        ArrayNode rows = t.putArray("rows");
        List<JsonNode> items = listOrObject.has("items") ? list(listOrObject.path("items")) : List.of(listOrObject);
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (PrinterColumn c : type.columns()) {
                JsonNode v = c.cell().apply(item);
                cells.add(v.isMissingNode() || v.isNull() ? NullNode.getInstance()
                        : c.type().equals("date") ? TextNode.valueOf(age(v.asText(), now)) : v);
            }
            ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", item.path("metadata").deepCopy());
        }
        return t;
    }

    private static List<JsonNode> list(JsonNode arr) {
        List<JsonNode> l = new java.util.ArrayList<>();
        arr.forEach(l::add);
        return l;
    }

    /** The age as kubectl shows it (k8s.io/apimachinery duration.HumanDuration). */
    static String age(String timestamp, Instant now) {
        Duration d;
        try {
            d = Duration.between(Instant.parse(timestamp), now);
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
        long s = d.getSeconds();
        if (s < -1) {
            return "<invalid>";
        } else if (s < 0) {
            return "0s";
        } else if (s < 60 * 2) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
        } else if (m < 60 * 3) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
        } else if (h < 48) {
            return h + "h";
        } else if (h < 24 * 8) {
            return h % 24 == 0 ? (h / 24) + "d" : (h / 24) + "d" + (h % 24) + "h";
        } else if (h < 24 * 365 * 2) {
            return (h / 24) + "d";
        } else if (h < 24 * 365 * 8) {
            long dy = h / 24 % 365;
            return dy == 0 ? (h / 24 / 365) + "y" : (h / 24 / 365) + "y" + dy + "d";
        }
        return (h / 24 / 365) + "y";
    }
}
