package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code metadata.name=x,involvedObject.kind!=Pod}) applied by the API front itself: kubectl wait,
 * delete and describe send them, and the mock API server does not filter by arbitrary fields.
 */
record FieldSelector(List<Term> terms) {

    /** One {@code path=value} or {@code path!=value} requirement. */
    record Term(String[] path, String value, boolean equal) {
    }

    static final FieldSelector ALL = new FieldSelector(List.of());

    static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return ALL;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : selector.split(",")) {
            int ne = part.indexOf("!=");
            int eq = part.indexOf('=');
            if (ne < 0 && eq < 0) {
                throw new IllegalArgumentException("invalid field selector '" + part + "': expected field=value or field!=value");
            }
            boolean equal = ne < 0;
            String field = part.substring(0, equal ? eq : ne).strip();
            String value = part.substring(equal ? (part.startsWith("==", eq) ? eq + 2 : eq + 1) : ne + 2).strip();
            terms.add(new Term(field.split("\\."), value, equal));
        }
        return new FieldSelector(List.copyOf(terms));
    }

    boolean matches(JsonNode object) {
        for (Term t : terms) {
            JsonNode n = object;
            for (String p : t.path()) {
                n = n.path(p);
            }
            String actual = n.isValueNode() ? n.asText() : "";
            if (actual.equals(t.value()) != t.equal()) {
                return false;
            }
        }
        return true;
    }

    /** The one name a {@code metadata.name=} term pins, or null. */
    String name() {
        return terms.stream().filter(t -> t.equal() && String.join(".", t.path()).equals("metadata.name")).map(Term::value)
                .findFirst().orElse(null);
    }
}
