package io.dataplug.core.formats.lidar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.util.Json;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one place where the lidar formats' typed records meet the Format SPI's JSON (chunk results, indexes,
 * slice corrections). Everything else works on records.
 */
final class LidarJson {

    private LidarJson() {
    }

    static JsonNode chunkResult(SpatialChunk c) {
        return Json.tree(c);
    }

    static SpatialChunk chunkResult(JsonNode node, String where) {
        return convert(node, SpatialChunk.class, where + ": chunk result");
    }

    static ObjectIndex objectIndex(LasIndex index, Map<String, Long> attributes) {
        return new ObjectIndex(Json.tree(index), attributes);
    }

    static LasIndex lasIndex(JsonNode node, String where) {
        LasIndex i = convert(node, LasIndex.class, where + ": las index");
        return checkVersion(i, i.version(), LasIndex.VERSION, "las", where);
    }

    private static <T> T checkVersion(T index, int version, int expected, String format, String where) {
        if (version != expected) {
            throw new IllegalStateException(where + ": unsupported " + format + " index version " + version
                    + " (expected " + expected + "); preprocess again");
        }
        return index;
    }

    static ObjectIndex objectIndex(CopcIndex index, Map<String, Long> attributes) {
        return new ObjectIndex(Json.tree(index), attributes);
    }

    static CopcIndex copcIndex(JsonNode node, String where) {
        CopcIndex i = convert(node, CopcIndex.class, where + ": copc index");
        return checkVersion(i, i.version(), CopcIndex.VERSION, "copc", where);
    }

    static ObjectNode corrections(LidarPart part) {
        return (ObjectNode) Json.tree(part);
    }

    /** A part's corrections, checked: an unknown role or a missing field is refused before anything is read. */
    static LidarPart part(ObjectNode node, String where) {
        if (node == null) {
            throw new IllegalArgumentException(where + ": slice part without lidar corrections");
        }
        LidarPart p = convert(node, LidarPart.class, where);
        boolean ok = switch (p.role() == null ? "" : p.role()) {
            case LidarPart.HEADER -> LidarPart.LAS.equals(p.output()) || LidarPart.LAZ.equals(p.output());
            case LidarPart.POINTS -> p.firstPoint() != null && p.points() != null && p.points() >= 0;
            case LidarPart.CHUNKS -> p.firstPoint() != null && p.chunkPoints() != null && p.chunkBytes() != null
                    && p.chunkPoints().length == p.chunkBytes().length
                    && java.util.Arrays.stream(p.chunkBytes()).allMatch(b -> b > 0 && b <= Integer.MAX_VALUE)
                    && java.util.Arrays.stream(p.chunkPoints()).allMatch(n -> n >= 0 && n <= Integer.MAX_VALUE)
                    && (p.chunkBoxes() == null || p.chunkBoxes().length == 4 * p.chunkPoints().length);
            case LidarPart.EVLRS -> p.evlrs() != null && p.evlrs() >= 0;
            default -> false;
        };
        if (!ok || (p.grid() != null && (p.row() == null || p.col() == null))) {
            throw new IllegalArgumentException(where + ": malformed lidar slice corrections " + node);
        }
        return p;
    }

    private static <T> T convert(JsonNode node, Class<T> type, String where) {
        try {
            return Json.convert(node, type);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
