package io.dataplug.core.storage;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The standard AWS chain (environment, system properties, profile, web identity, container, instance role), with
 * its failure marked by type: the SDK's own message lists every provider it tried (about 1,500 characters), which
 * {@link S3ObjectStore} replaces with one line saying what to set.
 */
final class StandardChainCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

    /** The marker cause; the SDK may wrap the exception it travels in, so it is looked up along the cause chain. */
    static final class NotFound extends RuntimeException {
        NotFound(Throwable cause) {
            super(CredentialsNotFoundException.HINT, cause, false, false);
        }
    }

    private final AwsCredentialsProvider chain;

    StandardChainCredentials(AwsCredentialsProvider chain) {
        this.chain = chain;
    }

    static StandardChainCredentials create() {
        return new StandardChainCredentials(DefaultCredentialsProvider.builder().build());
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw SdkClientException.builder().message(CredentialsNotFoundException.HINT).cause(new NotFound(e)).build();
        }
    }

    @Override
    public void close() {
        if (chain instanceof SdkAutoCloseable c) {
            c.close();
        }
    }

    static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotFound) {
                return true;
            }
        }
        return false;
    }
}
