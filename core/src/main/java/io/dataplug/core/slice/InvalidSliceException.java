package io.dataplug.core.slice;

/**
 * A slice (or a manifest) cannot be evaluated as written: malformed, an unsupported schema, a missing or
 * unknown field, corrections that contradict the part, or a location it may not read. Nothing has been
 * read when this is thrown. The CLI reports it with exit code 1.
 */
public class InvalidSliceException extends RuntimeException {

    public InvalidSliceException(String message) {
        super(message);
    }

    public InvalidSliceException(String message, Throwable cause) {
        super(message, cause);
    }
}
