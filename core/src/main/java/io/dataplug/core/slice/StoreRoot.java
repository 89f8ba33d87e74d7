package io.dataplug.core.slice;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.util.OptionalField;

/**
 * A location a slice may read from, as the slice records it: one object, or every object below a prefix or
 * folder ({@code uri} ending in {@code /}), and how to reach its store. Never credentials: the reader takes
 * those from its environment (or reads anonymously when {@code anonymous} is set).
 *
 * @param uri       {@code s3://bucket/key}, {@code s3://bucket/prefix/}, or a {@code file://} URI
 * @param endpoint  S3 endpoint override (absent for AWS and for local files)
 */
public record StoreRoot(String uri, @OptionalField String endpoint, @OptionalField String region,
                        @OptionalField Boolean pathStyle, @OptionalField Boolean anonymous,
                        @OptionalField Boolean requesterPays) {

    /** The root at {@code location} in the store reached with {@code options} (store options only for S3). */
    public static StoreRoot of(ObjectLocation location, boolean prefix, StorageOptions options) {
        String uri = location.toUri();
        if (prefix && !uri.endsWith("/")) {
            uri += "/";
        }
        if (location.isLocal()) {
            return new StoreRoot(uri, null, null, null, null, null);
        }
        return new StoreRoot(uri, options.endpoint(), options.region(), options.pathStyle() ? Boolean.TRUE : null,
                options.anonymous() ? Boolean.TRUE : null, options.requesterPays() ? Boolean.TRUE : null);
    }

    @JsonIgnore
    public ObjectLocation location() {
        return ObjectLocation.parse(uri);
    }

    /** How to reach the store. */
    @JsonIgnore
    public StorageOptions storageOptions() {
        return new StorageOptions(endpoint, region, Boolean.TRUE.equals(pathStyle), Boolean.TRUE.equals(anonymous),
                Boolean.TRUE.equals(requesterPays));
    }

    /** Whether the root names a prefix or folder (every object below it) rather than one object. */
    @JsonIgnore
    public boolean isPrefix() {
        return uri.endsWith("/");
    }
}
