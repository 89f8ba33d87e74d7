package io.dataplug.core.storage;

/** The object, or its bucket, does not exist. */
public class ObjectNotFoundException extends StorageException {

    public ObjectNotFoundException(String objectUri, String message) {
        super(objectUri, message);
    }
}
