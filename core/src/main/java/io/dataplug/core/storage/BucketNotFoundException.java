package io.dataplug.core.storage;

/** The bucket itself does not exist (as opposed to an object in it). */
public class BucketNotFoundException extends ObjectNotFoundException {

    public BucketNotFoundException(String objectUri, String bucket) {
        super(objectUri, "no such bucket '" + bucket + "'");
    }
}
