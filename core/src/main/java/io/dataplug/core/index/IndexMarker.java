package io.dataplug.core.index;

import java.util.List;
import java.util.Map;

/**
 * The marker written last when an object's index is complete ({@code _SUCCESS.json}). Its presence is
 * the only proof of a finished index; everything it lists was written before it.
 */
public record IndexMarker(String schema, String format, Map<String, String> options, String source, long size,
                          String etag, Map<String, Long> attributes, List<String> files, String createdAt) {

    public static final String SCHEMA = "dataplug.io/index/v1";
}
