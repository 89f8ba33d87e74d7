package io.dataplug.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.slice.SourceObject;
import java.util.Map;

/**
 * A source object with its completed index, as partitioning sees it.
 *
 * @param siblings the objects of the same record set it was indexed with, by role, pinned to their ETags then
 *                 (see {@link io.dataplug.core.format.Format#siblings()}); empty for most formats
 */
public record IndexedObject(SourceObject source, String metadataDir, JsonNode index, Map<String, Long> attributes,
                            Map<String, SourceObject> siblings) {

    public IndexedObject(SourceObject source, String metadataDir, JsonNode index, Map<String, Long> attributes) {
        this(source, metadataDir, index, attributes, Map.of());
    }
}
