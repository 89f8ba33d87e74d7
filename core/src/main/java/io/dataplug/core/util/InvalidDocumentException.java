package io.dataplug.core.util;

/**
 * A JSON document does not match the record it must bind to: a required field is missing, a field is
 * unknown, or a value has the wrong type or is out of range. The message names the document and the field.
 */
public class InvalidDocumentException extends RuntimeException {

    private final String document;
    private final String field;

    public InvalidDocumentException(String document, String field, String problem, Throwable cause) {
        super(document + ": " + (field == null || field.isEmpty() ? "" : "field '" + field + "': ") + problem, cause);
        this.document = document;
        this.field = field;
    }

    /** What the document is, e.g. {@code manifest.jsonl line 3}. */
    public String document() {
        return document;
    }

    /** The field's path in the document, e.g. {@code parts[0].corrections.ownStart}; empty for the document itself. */
    public String field() {
        return field;
    }
}
