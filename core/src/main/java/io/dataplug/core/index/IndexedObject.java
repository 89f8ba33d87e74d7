package io.dataplug.core.index;

import io.dataplug.core.slice.SourceObject;
import java.util.Map;

/**
 * A source object with its completed index (the format's index record), as partitioning sees it.
 *
 * @param siblings the objects of the same record set it was indexed with, by role, pinned to their ETags then
 *                 (see {@link io.dataplug.core.format.Format#siblings()}); empty for most formats
 */
public record IndexedObject<I>(SourceObject source, String metadataDir, I index, Map<String, Long> attributes,
                               Map<String, SourceObject> siblings) {
}
