package io.dataplug.core.reader;

import io.dataplug.core.storage.StorageOptions;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How a {@link DataplugReader} reaches storage and what it lets slices read: the options of the
 * {@code dataplug slice get} command.
 *
 * @param storage      how to reach the store of a manifest that is itself an S3 object (and, for slices of
 *                     schema v1, the metadata store); slices of schema v2 name their own stores
 * @param allowedRoots when not empty, every slice's declared source and metadata roots must lie under one of
 *                     these URIs (prefixes end with '/'): the trust anchor of the security rules
 *                     (docs/slices.md#security-model), e.g. {@code DATAPLUG_ALLOWED_ROOTS} in a workload pod
 * @param credentials  S3 credentials, or null for the standard AWS chain (environment, profile, web identity,
 *                     instance role); never taken from a manifest
 */
public record ReaderOptions(StorageOptions storage, List<String> allowedRoots, AwsCredentialsProvider credentials) {

    public ReaderOptions {
        storage = storage == null ? StorageOptions.defaults() : storage;
        allowedRoots = List.copyOf(allowedRoots);
    }

    /** AWS defaults, no allowed roots beyond each slice's own, the standard credentials chain. */
    public static ReaderOptions defaults() {
        return new ReaderOptions(StorageOptions.defaults(), List.of(), null);
    }

    public ReaderOptions withStorage(StorageOptions storage) {
        return new ReaderOptions(storage, allowedRoots, credentials);
    }

    public ReaderOptions withAllowedRoots(List<String> roots) {
        return new ReaderOptions(storage, roots, credentials);
    }

    public ReaderOptions withCredentials(AwsCredentialsProvider provider) {
        return new ReaderOptions(storage, allowedRoots, provider);
    }
}
