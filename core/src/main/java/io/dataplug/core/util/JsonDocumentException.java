package io.dataplug.core.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * A document that is not JSON, or not JSON of the expected shape. The message says where (line, column and the
 * field path) and what, in Jackson's words but without its internals (source descriptions, Java class names).
 */
public final class JsonDocumentException extends UncheckedIOException {

    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)]");

    JsonDocumentException(JsonProcessingException cause) {
        super(describe(cause), cause);
    }

    static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        what = SOURCE.matcher(what.lines().findFirst().orElse("").strip()).replaceAll("[$1]");
        StringBuilder where = new StringBuilder();
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            where.append("line ").append(e.getLocation().getLineNr()).append(", column ").append(e.getLocation().getColumnNr());
        }
        String path = e instanceof JsonMappingException m ? path(m) : "";
        if (!path.isEmpty()) {
            where.append(where.isEmpty() ? "" : " ").append("(").append(path).append(")");
        }
        return where.isEmpty() ? what : where + ": " + what;
    }

    /** {@code parts[0].start}, from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
