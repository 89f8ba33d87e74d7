package io.dataplug.core.slice;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.Sibling;
import io.dataplug.core.storage.ObjectLocation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * What a slice may point at — checked before anything is read, because a manifest is untrusted input (a
 * ConfigMap or an object someone else can edit). A slice may read:
 * <ul>
 *   <li>source objects only under the dataset's declared source root ({@link Slice#source()}), or, when the root
 *       is one object, the siblings its format declares beside it ({@link Format#siblings()}: the {@code .ibd}
 *       of an {@code .imzML}); through the root's store (same endpoint, region, addressing), each pinned to a
 *       recorded ETag;</li>
 *   <li>side files (a VCF header, gzip windows) only under the metadata root;</li>
 *   <li>{@code file://} objects only when the {@link ReadPolicy} allows it (the manifest is itself a local
 *       file) and only under the declared roots.</li>
 * </ul>
 * No URI may carry credentials ({@code user:secret@}) or a {@code ..} segment. Slices of schema v1 declare no
 * source root: their S3 objects are read as named (still ETag-pinned), their local files not at all.
 */
public final class SliceRules {

    private SliceRules() {
    }

    /** Refuses the slice with an {@link InvalidSliceException} naming the field, or returns normally. */
    public static void check(Slice slice, ReadPolicy policy) {
        String where = "slice " + slice.index() + " of " + slice.dataset();
        StoreRoot source = slice.source();
        StoreRoot metadata = slice.metadata();
        if (source != null) {
            allowed(location(source.uri(), where + ": source", policy), where + ": source", policy);
        }
        if (metadata != null) {
            allowed(location(metadata.uri(), where + ": metadata", policy), where + ": metadata", policy);
        }
        for (int i = 0; i < slice.parts().size(); i++) {
            SlicePart<?> p = slice.parts().get(i);
            String at = where + ": parts[" + i + "].object";
            SourceObject o = p.object();
            ObjectLocation loc = location(o.uri(), at, policy);
            require(o.etag() != null && !o.etag().isBlank(), at, "no ETag: every object a slice reads is pinned to the "
                    + "ETag it had when it was indexed");
            require(loc.isLocal() ? o.bucket() == null : loc.bucket().equals(o.bucket()) && loc.key().equals(o.key()), at,
                    "bucket and key do not match the URI " + o.uri());
            if (source == null) {
                require(!loc.isLocal(), at, "a schema v1 slice declares no source root, so it may not read local files; "
                        + "partition again to get a " + Slice.SCHEMA + " manifest");
                allowed(loc, at, policy);
            } else {
                require(contains(source, loc) || isSibling(slice, source, loc), at, o.uri() + " is not under the dataset's source "
                        + source.uri());
                require(o.storageOptions().equals(source.storageOptions()), at, "reaches its store differently from the "
                        + "dataset's source (endpoint, region or addressing)");
            }
            for (String file : p.corrections().sideFiles()) {
                sideFile(slice, file, where + ": parts[" + i + "].corrections", policy);
            }
        }
    }

    /** Whether {@code loc} is a sibling the slice's format declares beside the source root's one object. */
    private static boolean isSibling(Slice slice, StoreRoot source, ObjectLocation loc) {
        if (source.isPrefix()) {
            return false;
        }
        for (Sibling s : Formats.get(slice.format()).siblings()) {
            try {
                if (s.of(source.location()).equals(loc)) {
                    return true;
                }
            } catch (InvalidRequestException e) {
                // the source's key does not name a data object of this sibling rule
            }
        }
        return false;
    }

    /** A side file a slice reads: under its metadata root (the same check guards every read at run time). */
    static ObjectLocation sideFile(Slice slice, String uri, String at, ReadPolicy policy) {
        ObjectLocation f = location(uri, at, policy);
        StoreRoot metadata = slice.metadata();
        require(metadata != null && contains(new StoreRoot(prefix(metadata.uri()), null, null, null, null, null), f), at,
                "side file " + uri + " is not under the metadata root" + (metadata == null ? "" : " " + metadata.uri()));
        return f;
    }

    /** Refuses a location outside the policy's allowed roots, when it has any. */
    private static void allowed(ObjectLocation loc, String at, ReadPolicy policy) {
        if (policy.allowedRoots().isEmpty()) {
            return;
        }
        for (String root : policy.allowedRoots()) {
            StoreRoot r = new StoreRoot(root, null, null, null, null, null);
            if (r.location().equals(loc) || r.isPrefix() && contains(r, loc)) {
                return;
            }
        }
        throw new InvalidSliceException(at + ": " + loc.toUri() + " is not under the roots this reader allows ("
                + String.join(", ", policy.allowedRoots()) + ")");
    }

    /**
     * A URI a slice names, parsed: refused when it carries credentials or a {@code ..} segment, is not a
     * supported URI, or is a local file the policy does not allow.
     */
    static ObjectLocation location(String uri, String at, ReadPolicy policy) {
        require(uri != null && !uri.isBlank(), at, "no URI");
        ObjectLocation loc;
        try {
            loc = ObjectLocation.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidSliceException(at + ": " + e.getMessage(), e);
        }
        require(!hasDotDotSegment(uri, loc), at, "'..' in " + uri + ": a slice names objects by their plain path");
        require(!loc.isLocal() || policy.localFiles(), at, "a local file (" + uri + "): file:// is read only from a "
                + "manifest that is itself a local file");
        return loc;
    }

    /** Whether {@code loc} is the root's object, or lies below the root's prefix or folder, in the same store. */
    static boolean contains(StoreRoot root, ObjectLocation loc) {
        ObjectLocation r = root.location();
        if (!r.scheme().equals(loc.scheme()) || !Objects.equals(r.bucket(), loc.bucket())) {
            return false;
        }
        if (!root.isPrefix()) {
            return r.key().equals(loc.key());
        }
        String prefix = r.key().isEmpty() || r.key().endsWith("/") ? r.key() : r.key() + "/";
        return loc.key().startsWith(prefix) && loc.key().length() > prefix.length();
    }

    private static String prefix(String uri) {
        return uri.endsWith("/") ? uri : uri + "/";
    }

    private static boolean hasDotDotSegment(String uri, ObjectLocation loc) {
        String path;
        if (loc.isLocal() && uri.startsWith("file:")) {
            try {
                path = new URI(uri).getPath(); // decoded, not normalized: %2e%2e is '..' too
            } catch (URISyntaxException e) {
                return true;
            }
        } else if (loc.isLocal()) {
            path = uri;
        } else {
            path = loc.key();
        }
        return path != null && List.of(path.split("/", -1)).contains("..");
    }

    private static void require(boolean ok, String at, String problem) {
        if (!ok) {
            throw new InvalidSliceException(at + ": " + problem);
        }
    }
}
