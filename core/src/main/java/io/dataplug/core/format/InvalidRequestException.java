package io.dataplug.core.format;

/** The request itself is wrong (unknown format, strategy or parameter, bad value): a usage error. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
