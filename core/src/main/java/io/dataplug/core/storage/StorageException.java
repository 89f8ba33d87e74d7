package io.dataplug.core.storage;

/** A storage failure that names the object (and the byte offset, where one applies). */
public class StorageException extends RuntimeException {

    private final String objectUri;

    public StorageException(String objectUri, String message, Throwable cause) {
        super(objectUri + ": " + message, cause);
        this.objectUri = objectUri;
    }

    public StorageException(String objectUri, String message) {
        this(objectUri, message, null);
    }

    public String objectUri() {
        return objectUri;
    }
}
