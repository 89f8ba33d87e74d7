package io.dataplug.core.slice;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.util.OptionalField;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of a slice as read, before the corrections are bound to the format's type (the format is
 * only known once {@code format} is read). Package-private: formats only ever see typed {@link Slice}s.
 */
final class SliceDocuments {

    private SliceDocuments() {
    }

    /** A part with its corrections still as JSON. */
    record Part(SourceObject object, long start, long end, JsonNode corrections) {
    }

    /** Schema v2. */
    record V2(String schema, String dataset, String format, Map<String, String> options, String strategy,
              Map<String, String> params, int index, int count, StoreRoot source, StoreRoot metadata, List<Part> parts) {
    }

    /** Schema v1: {@code metadata} is a bare URI, no declared source; corrections may be absent. */
    record V1(String schema, String dataset, String format, Map<String, String> options, String strategy,
              Map<String, String> params, int index, int count, @OptionalField String metadata, List<V1Part> parts) {
    }

    /** A v1 part (test formats wrote none for corrections). */
    record V1Part(SourceObject object, long start, long end, @OptionalField JsonNode corrections) {
    }
}
