package io.dataplug.core.format;

/** No format of the requested name is on the classpath: a usage error that names the known ones. */
public class UnknownFormatException extends InvalidRequestException {

    public UnknownFormatException(String message) {
        super(message);
    }
}
