package io.dataplug.core.storage;

/** The standard AWS chain found no credentials for a store that is not read anonymously. */
public class CredentialsNotFoundException extends StorageException {

    static final String HINT = "no S3 credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE),"
            + " or read a public bucket anonymously (--anonymous)";

    public CredentialsNotFoundException(String objectUri) {
        super(objectUri, HINT);
    }
}
