package io.dataplug.core.slice;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.util.OptionalField;

/**
 * A raw object as a slice names it: where it is, how to reach it (never with credentials), and the size
 * and ETag it had when it was indexed.
 */
public record SourceObject(String uri, @OptionalField String bucket, String key, @OptionalField String endpoint,
                           @OptionalField String region, @OptionalField Boolean pathStyle, @OptionalField Boolean anonymous,
                           @OptionalField Boolean requesterPays, String etag, long size) {

    public static SourceObject of(ObjectInfo info, StorageOptions options) {
        ObjectLocation l = info.location();
        StoreRoot store = StoreRoot.of(l, false, options);
        return new SourceObject(store.uri(), l.isLocal() ? null : l.bucket(), l.key(), store.endpoint(), store.region(),
                store.pathStyle(), store.anonymous(), store.requesterPays(), info.etag(), info.size());
    }

    @JsonIgnore
    public ObjectLocation location() {
        return ObjectLocation.parse(uri);
    }

    /** The object as a store location: its URI and how to reach its store. */
    @JsonIgnore
    public StoreRoot store() {
        return new StoreRoot(uri, endpoint, region, pathStyle, anonymous, requesterPays);
    }

    @JsonIgnore
    public StorageOptions storageOptions() {
        return store().storageOptions();
    }
}
