package io.dataplug.core.storage;

/**
 * The object no longer has the ETag it had when it was indexed. Evaluating a slice against it would
 * mix two versions of the data, so the read is refused; re-preprocess the dataset.
 */
public class ObjectChangedException extends StorageException {

    public ObjectChangedException(String objectUri, String expectedEtag, String actual) {
        super(objectUri, "object changed since it was indexed (expected ETag " + expectedEtag
                + (actual == null ? "" : ", found " + actual) + "); preprocess it again");
    }
}
