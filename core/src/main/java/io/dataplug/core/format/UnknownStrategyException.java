package io.dataplug.core.format;

/** The format has no partition strategy of the requested name: a usage error that names the known ones. */
public class UnknownStrategyException extends InvalidRequestException {

    public UnknownStrategyException(String message) {
        super(message);
    }
}
