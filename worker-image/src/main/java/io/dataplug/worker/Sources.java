package io.dataplug.worker;

import io.dataplug.core.format.Format;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import java.nio.file.Files;
import java.util.List;

/** Resolves the object argument of a command: one object, or every object under a prefix or folder. */
final class Sources {

    private Sources() {
    }

    /** The format's companion index files (.tbi, .fai...) under a prefix are not data and are left out. */
    static List<ObjectInfo> resolve(ObjectStore store, String uri, Format<?, ?, ?> format) {
        ObjectLocation loc = ObjectLocation.parse(uri);
        if (!isPrefix(uri)) {
            return List.of(store.head(loc));
        }
        List<ObjectInfo> objects = store.list(loc).filter(o -> !format.isCompanion(o.location().key())).toList();
        if (objects.isEmpty()) {
            throw new ObjectNotFoundException(loc.toUri(), "no objects under this prefix");
        }
        return objects;
    }

    /** Whether the argument names every object below it (a prefix ending in '/', or a local folder). */
    static boolean isPrefix(String uri) {
        ObjectLocation loc = ObjectLocation.parse(uri);
        return uri.endsWith("/") || (loc.isLocal() && Files.isDirectory(loc.path()));
    }
}
