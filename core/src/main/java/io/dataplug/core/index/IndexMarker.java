package io.dataplug.core.index;

import java.util.List;
import java.util.Map;

/**
 * The marker written last when an object's index is complete ({@code _SUCCESS.json}). Its presence is
 * the only proof of a finished index; everything it lists was written before it.
 *
 * @param siblings the sibling objects the index was built from, by role (absent when the format has none)
 */
public record IndexMarker(String schema, String format, Map<String, String> options, String source, long size,
                          String etag, Map<String, Long> attributes, List<String> files, String createdAt,
                          Map<String, Pinned> siblings) {

    public static final String SCHEMA = "dataplug.io/index/v1";

    /** An object read while indexing, as it was then. */
    public record Pinned(String uri, long size, String etag) {
    }
}
