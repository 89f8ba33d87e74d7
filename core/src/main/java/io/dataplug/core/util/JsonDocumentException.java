package io.dataplug.core.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.UncheckedIOException;

/**
 * A document that {@link Json#read} could not read: not JSON, or not JSON of the expected shape. The message says
 * where (line, column and the field path) and what, in Jackson's words but without its internals (source
 * descriptions, Java class names). Strictly bound documents report {@link InvalidDocumentException} instead.
 */
public final class JsonDocumentException extends UncheckedIOException {

    JsonDocumentException(JsonProcessingException cause) {
        super(describe(cause), cause);
    }

    private static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : Json.firstLine(e.getOriginalMessage()).strip();
        StringBuilder where = new StringBuilder();
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            where.append("line ").append(e.getLocation().getLineNr()).append(", column ").append(e.getLocation().getColumnNr());
        }
        String path = e instanceof JsonMappingException m ? StrictJson.path(m) : "";
        if (!path.isEmpty()) {
            where.append(where.isEmpty() ? "" : " ").append("(").append(path).append(")");
        }
        return where.isEmpty() ? what : where + ": " + what;
    }
}
