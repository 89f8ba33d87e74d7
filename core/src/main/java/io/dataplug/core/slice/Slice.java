package io.dataplug.core.slice;

import java.util.List;
import java.util.Map;

/**
 * One data slice: a lazily evaluated description of one partition. Versioned by {@link #SCHEMA}; see
 * docs/slices.md. It carries locations, ranges and corrections — never credentials.
 *
 * @param metadata the metadata root, present only when evaluation needs side files (e.g. gzip windows)
 */
public record Slice(String schema, String dataset, String format, Map<String, String> options, String strategy,
                    Map<String, String> params, int index, int count, String metadata, List<SlicePart> parts) {

    public static final String SCHEMA = "dataplug.io/slice/v1";

    public long bytes() {
        return parts.stream().mapToLong(SlicePart::length).sum();
    }
}
