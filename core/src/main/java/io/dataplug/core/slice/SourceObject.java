package io.dataplug.core.slice;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;

/**
 * A raw object as a slice names it: where it is, how to reach it (never with credentials), and the size
 * and ETag it had when it was indexed.
 */
public record SourceObject(String uri, String bucket, String key, String endpoint, String region,
                           Boolean pathStyle, Boolean anonymous, Boolean requesterPays, String etag, long size) {

    public static SourceObject of(ObjectInfo info, StorageOptions options) {
        ObjectLocation l = info.location();
        boolean s3 = !l.isLocal();
        return new SourceObject(l.toUri(), s3 ? l.bucket() : null, l.key(),
                s3 ? options.endpoint() : null, s3 ? options.region() : null,
                s3 && options.pathStyle() ? Boolean.TRUE : null,
                s3 && options.anonymous() ? Boolean.TRUE : null,
                s3 && options.requesterPays() ? Boolean.TRUE : null,
                info.etag(), info.size());
    }

    @JsonIgnore
    public ObjectLocation location() {
        return ObjectLocation.parse(uri);
    }

    @JsonIgnore
    public StorageOptions storageOptions() {
        return new StorageOptions(endpoint, region, Boolean.TRUE.equals(pathStyle), Boolean.TRUE.equals(anonymous),
                Boolean.TRUE.equals(requesterPays));
    }
}
