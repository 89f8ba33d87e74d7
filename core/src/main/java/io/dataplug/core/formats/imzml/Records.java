package io.dataplug.core.formats.imzml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.util.Json;
import java.io.UncheckedIOException;

/**
 * The one place where this format's records (chunk results, index, slice corrections) meet the JSON trees the
 * Format SPI passes around today.
 */
final class Records {

    private Records() {
    }

    static ObjectNode json(Object record) {
        return (ObjectNode) Json.tree(record);
    }

    static <T> T read(JsonNode node, Class<T> type, String where) {
        if (node == null || node.isNull()) {
            throw new IllegalStateException(where + ": no " + type.getSimpleName());
        }
        try {
            return Json.convert(node, type);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalStateException(where + ": not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
