package io.dataplug.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What preprocessing keeps for one object: the small index partitioning reads, and attributes
 * (counts such as rows or sequences) that are summed into the dataset's attributes.
 */
public record ObjectIndex(JsonNode index, Map<String, Long> attributes) {
}
