package io.dataplug.core.storage;

/**
 * The object no longer has the ETag it had when it was indexed. Evaluating a slice against it would
 * mix two versions of the data, so the read is refused; re-preprocess the dataset.
 */
public class ObjectChangedException extends StorageException {

    private final String expectedEtag;
    private final String actualEtag;

    public ObjectChangedException(String objectUri, String expectedEtag, String actual) {
        this(objectUri, expectedEtag, actual, "preprocess it again");
    }

    /** @param advice what to do about it, when "preprocess it again" is not the answer (e.g. for a sibling object) */
    public ObjectChangedException(String objectUri, String expectedEtag, String actual, String advice) {
        super(objectUri, "object changed since it was indexed (expected ETag " + expectedEtag
                + (actual == null ? "" : ", found " + actual) + "); " + advice);
        this.expectedEtag = expectedEtag;
        this.actualEtag = actual;
    }

    public String expectedEtag() {
        return expectedEtag;
    }

    /** The ETag found, or null when the store did not say. */
    public String actualEtag() {
        return actualEtag;
    }
}
