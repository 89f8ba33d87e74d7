package io.dataplug.core.format;

import java.util.Map;

/**
 * What preprocessing keeps for one object: the small index partitioning reads (the format's index record,
 * stored as {@code index.json}, or inside the marker when small), and attributes (counts such as rows or
 * sequences, or facts such as an image's width) that the format combines into the dataset's attributes
 * ({@link Format#datasetAttributes}).
 */
public record ObjectIndex<I>(I index, Map<String, Long> attributes) {
}
