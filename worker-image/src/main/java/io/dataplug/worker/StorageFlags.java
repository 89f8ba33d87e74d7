package io.dataplug.worker;

import io.dataplug.core.storage.StorageOptions;
import picocli.CommandLine.Option;

/** The storage flags every command takes. Credentials come from the standard AWS chain, never from flags. */
final class StorageFlags {

    @Option(names = "--endpoint", paramLabel = "<url>", description = "S3 endpoint (MinIO, Ceph RGW, GCS interop...).")
    String endpoint;

    @Option(names = "--region", paramLabel = "<r>", description = "S3 region (default: AWS_REGION or us-east-1).")
    String region;

    @Option(names = "--path-style", description = "Path-style S3 addressing (most non-AWS servers).")
    boolean pathStyle;

    @Option(names = "--anonymous", description = "Unsigned requests, for public buckets.")
    boolean anonymous;

    @Option(names = "--requester-pays", description = "Accept requester-pays charges.")
    boolean requesterPays;

    StorageOptions options() {
        return new StorageOptions(endpoint, region, pathStyle, anonymous, requesterPays);
    }
}
