package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset CRD printer columns use: {@code .a.b}, {@code .a[0]} and {@code .a[?(@.k=="v")].b} (first
 * match). Anything else is refused when parsed, so a column the dev cluster cannot print fails loudly at start.
 */
final class JsonPathLite {

    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

    /** One step: a field name, an index, or a filter on a field's value. */
    private record Step(String field, int index, String filterField, String filterValue) {
    }

    private final List<Step> steps;

    private JsonPathLite(List<Step> steps) {
        this.steps = steps;
    }

    static JsonPathLite parse(String path) {
        String p = path.strip();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(p);
        int at = 0;
        while (at < p.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("unsupported JSONPath '" + path + "' at offset " + at);
            }
            if (m.group(1) != null) {
                steps.add(new Step(m.group(1), -1, null, null));
            } else if (m.group(2) != null) {
                steps.add(new Step(null, Integer.parseInt(m.group(2)), null, null));
            } else {
                steps.add(new Step(null, -1, m.group(3), m.group(4)));
            }
            at = m.end();
        }
        return new JsonPathLite(List.copyOf(steps));
    }

    /** The value at this path, or a missing node. */
    JsonNode read(JsonNode node) {
        JsonNode n = node;
        for (Step s : steps) {
            if (s.field() != null) {
                n = n.path(s.field());
            } else if (s.filterField() == null) {
                n = n.path(s.index());
            } else {
                JsonNode match = MissingNode.getInstance();
                for (JsonNode e : n) {
                    if (s.filterValue().equals(e.path(s.filterField()).asText(null))) {
                        match = e;
                        break;
                    }
                }
                n = match;
            }
            if (n.isMissingNode()) {
                return n;
            }
        }
        return n;
    }
}
