package io.dataplug.core.storage;

/**
 * How to reach an object store. Credentials are never part of this: they come from the standard
 * AWS chain (environment, profile, web identity, instance role) unless {@code anonymous} is set.
 *
 * @param endpoint      S3 endpoint override (MinIO, Ceph, s3proxy, GCS interop); null for AWS
 * @param region        region; null lets the SDK chain decide, falling back to us-east-1
 * @param pathStyle     path-style addressing (needed by most non-AWS servers)
 * @param anonymous     unsigned requests, for public open-data buckets
 * @param requesterPays send {@code x-amz-request-payer: requester}
 */
public record StorageOptions(String endpoint, String region, boolean pathStyle, boolean anonymous, boolean requesterPays) {

    public static StorageOptions defaults() {
        return new StorageOptions(null, null, false, false, false);
    }
}
