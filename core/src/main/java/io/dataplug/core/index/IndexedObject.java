package io.dataplug.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.slice.SourceObject;
import java.util.Map;

/** A source object with its completed index, as partitioning sees it. */
public record IndexedObject(SourceObject source, String metadataDir, JsonNode index, Map<String, Long> attributes) {
}
