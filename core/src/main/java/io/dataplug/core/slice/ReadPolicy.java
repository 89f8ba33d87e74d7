package io.dataplug.core.slice;

import java.util.List;

/**
 * What the evaluator lets a slice read beyond the rules every slice obeys ({@link SliceRules}).
 *
 * @param localFiles   whether {@code file://} objects and roots may be read at all: only when the manifest itself
 *                     is a local file (whoever can edit it can read those files anyway); never for a manifest
 *                     read from object storage
 * @param allowedRoots when not empty, the roots a slice may declare must lie under one of these (URIs of
 *                     prefixes or objects): a trust anchor that does not come from the manifest, e.g. the
 *                     dataset's source and metadata locations given to a workload pod by its operator
 */
public record ReadPolicy(boolean localFiles, List<String> allowedRoots) {

    /** Object storage only: the default, and the only policy for a manifest that is itself an object. */
    public static final ReadPolicy REMOTE = new ReadPolicy(false, List.of());
    /** Local files too, under the slice's declared roots: for a manifest that is a local file. */
    public static final ReadPolicy LOCAL_MANIFEST = new ReadPolicy(true, List.of());

    public ReadPolicy {
        allowedRoots = List.copyOf(allowedRoots);
    }

    /** This policy, with slices confined to {@code roots} (in addition to their own declared roots). */
    public ReadPolicy confinedTo(List<String> roots) {
        return new ReadPolicy(localFiles, roots);
    }
}
