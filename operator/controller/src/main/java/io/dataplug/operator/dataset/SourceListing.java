package io.dataplug.operator.dataset;

import io.dataplug.core.storage.BucketNotFoundException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageException;
import io.dataplug.operator.model.Reason;
import io.dataplug.operator.support.Problem;
import io.dataplug.operator.support.StorageAccess;
import java.util.List;

/** The source objects a dataset names: one object, or those under a prefix that match its globs and are data. */
final class SourceListing {

    private SourceListing() {
    }

    /** @throws Problem SourceNotFound (no bucket, object or match) or StorageError, all retried */
    static List<ObjectInfo> list(ResolvedDataset r, List<String> include, StorageAccess access) {
        ObjectStore store = access.store(r.sourceStorage(), r.sourceCredentials());
        ObjectLocation src = r.source();
        try {
            if (!r.prefix()) {
                return List.of(store.head(src));
            }
            ObjectLocation meta = r.metadataRoot();
            boolean sameBucket = meta.bucket().equals(src.bucket());
            List<ObjectInfo> objects;
            try (var stream = store.list(src)) {
                objects = stream.filter(o -> r.include().matches(o.location().key().substring(src.key().length())))
                        .filter(o -> !(sameBucket && o.location().key().startsWith(meta.key())))
                        // companion indexes beside the data (.gzi, .tbi, .fai, ...) are not data
                        .filter(o -> !r.format().isCompanion(o.location().key()))
                        .toList();
            }
            if (objects.isEmpty()) {
                throw new Problem(Reason.SourceNotFound, "no objects under " + src.toUri()
                        + (include == null || include.isEmpty() ? "" : " match " + include), true);
            }
            return objects;
        } catch (BucketNotFoundException e) {
            throw new Problem(Reason.SourceNotFound, e.getMessage(), true);
        } catch (ObjectNotFoundException e) {
            String hint = r.prefix() ? "" : " (for a prefix, end the URI with '/')";
            throw new Problem(Reason.SourceNotFound, e.getMessage() + hint, true);
        } catch (StorageException e) {
            throw new Problem(Reason.StorageError, "listing the source: " + e.getMessage(), true);
        }
    }
}
