package io.dataplug.core.formats.cog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.util.Json;
import java.io.UncheckedIOException;

/**
 * The one place where this format's records meet the untyped JSON of the current Format SPI (index and slice
 * corrections as Jackson trees). Everything else works on {@link CogIndex} and {@link CogPart}.
 */
final class CogJson {

    private CogJson() {
    }

    static JsonNode index(CogIndex index) {
        return Json.tree(index);
    }

    static CogIndex index(JsonNode node, String where) {
        CogIndex index = read(node, CogIndex.class, where, "index");
        if (index.version() != CogIndex.VERSION || index.ifds() == null || index.ifds().isEmpty()
                || index.levels() == null || index.levels().isEmpty()) {
            throw new IllegalStateException(where + ": not a cog index of version " + CogIndex.VERSION
                    + "; preprocess the dataset again");
        }
        return index;
    }

    static ObjectNode corrections(CogPart part) {
        return (ObjectNode) Json.tree(part);
    }

    static CogPart part(ObjectNode node, String where) {
        CogPart part = node == null ? null : read(node, CogPart.class, where, "slice corrections");
        if (part == null || part.tiles() == null) {
            throw new IllegalArgumentException(where + ": a cog slice part without its tile list");
        }
        return part;
    }

    private static <T> T read(JsonNode node, Class<T> type, String where, String what) {
        try {
            return Json.convert(node, type);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": malformed cog " + what + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }
}
