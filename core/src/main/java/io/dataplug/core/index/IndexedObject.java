package io.dataplug.core.index;

import io.dataplug.core.slice.SourceObject;
import java.util.Map;

/** A source object with its completed index (the format's index record), as partitioning sees it. */
public record IndexedObject<I>(SourceObject source, String metadataDir, I index, Map<String, Long> attributes) {
}
