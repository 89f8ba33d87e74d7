package io.dataplug.core.storage;

import io.dataplug.core.util.Messages;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an object lives: {@code s3://bucket/key} or a local file ({@code file:///abs/path} or a plain path).
 * For local files the bucket is empty and the key is the absolute path.
 */
public record ObjectLocation(String scheme, String bucket, String key) {

    public static final String S3 = "s3";
    public static final String FILE = "file";

    public ObjectLocation {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (!scheme.equals(S3) && !scheme.equals(FILE)) {
            throw new IllegalArgumentException("unsupported scheme '" + scheme + "' (use s3:// or file://)");
        }
    }

    /**
     * Parses {@code s3://bucket/key}, {@code file:///path} or a plain (relative or absolute) path. A URI that
     * carries credentials ({@code s3://KEY:SECRET@bucket/...}) is refused with {@link CredentialsInUriException};
     * messages never repeat them.
     */
    public static ObjectLocation parse(String text) {
        Objects.requireNonNull(text, "location");
        if (text.startsWith("s3://")) {
            String rest = text.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.contains("@") || bucket.contains(":")) { // no bucket name has either; a secret may hold '/'
                throw new CredentialsInUriException(text);
            }
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("'" + Messages.safe(text) + "' has no bucket: expected s3://bucket/key");
            }
            return new ObjectLocation(S3, bucket, key);
        }
        if (text.startsWith("file:")) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + Messages.safe(text) + "' is not a file URI: " + e.getReason());
            }
            if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
                throw new CredentialsInUriException(text);
            }
            try {
                return local(Path.of(uri));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + Messages.safe(text) + "' is not a local file URI (file:///path): "
                        + e.getMessage());
            }
        }
        if (text.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("unsupported URI '" + Messages.safe(text)
                    + "' (use s3://bucket/key, file:///path or a path)");
        }
        return local(Path.of(text));
    }

    public static ObjectLocation local(Path path) {
        String abs = path.toAbsolutePath().normalize().toString();
        return new ObjectLocation(FILE, "", abs);
    }

    public static ObjectLocation s3(String bucket, String key) {
        return new ObjectLocation(S3, bucket, key);
    }

    public boolean isLocal() {
        return scheme.equals(FILE);
    }

    public Path path() {
        if (!isLocal()) {
            throw new IllegalStateException(this + " is not a local file");
        }
        return Path.of(key);
    }

    /** The location of {@code name} below this one, treating this one as a folder/prefix. */
    public ObjectLocation resolve(String name) {
        if (name.isEmpty()) {
            return this;
        }
        if (key.isEmpty()) {
            return new ObjectLocation(scheme, bucket, name);
        }
        return new ObjectLocation(scheme, bucket, key.endsWith("/") ? key + name : key + "/" + name);
    }

    /** Last path segment of the key. */
    public String fileName() {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    public String toUri() {
        return isLocal() ? Path.of(key).toUri().toString() : "s3://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return toUri();
    }
}
