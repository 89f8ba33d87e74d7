package io.dataplug.core.formats.lines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.util.Json;
import java.util.Arrays;
import java.util.Base64;

/**
 * The index of one line-oriented object (version 1), small enough for partitioning to load for every object:
 * a sparse table of known record starts (always outside quotes) with their record numbers. See
 * docs/formats/text.md and docs/formats/csv.md.
 *
 * @param size          the object's size in bytes
 * @param span          checkpoint spacing: for every multiple {@code m * span} below {@code size}, the first
 *                      record start at or after it is a checkpoint
 * @param records       records in the object, the header record included
 * @param headerBytes   length of the header record, terminator included (0 without a header)
 * @param header        the header bytes when at most {@link #MAX_STORED_HEADER} long, else null
 * @param headerSha256  hex SHA-256 of the header bytes (null without a header)
 * @param offsets       checkpoint offsets, ascending; always 0 and the first data record when they exist
 * @param recordNumbers the 0-based record number starting at each checkpoint (the header is record 0)
 */
public record LineIndex(long size, long span, long records, long headerBytes, byte[] header, String headerSha256,
                        long[] offsets, long[] recordNumbers) {

    public static final int VERSION = 1;
    public static final int MAX_STORED_HEADER = 64 << 10;

    public JsonNode toJson() {
        ObjectNode n = Json.object();
        n.put("version", VERSION).put("size", size).put("span", span).put("records", records);
        if (headerSha256 != null) {
            n.put("headerBytes", headerBytes).put("headerSha256", headerSha256);
            if (header != null) {
                n.put("header", Base64.getEncoder().encodeToString(header));
            }
        }
        ArrayNode cps = n.putArray("checkpoints");
        for (int i = 0; i < offsets.length; i++) {
            cps.addArray().add(offsets[i]).add(recordNumbers[i]);
        }
        return n;
    }

    public static LineIndex fromJson(JsonNode n, String what) {
        int version = n.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalStateException(what + ": unsupported line index version " + version + " (expected " + VERSION
                    + "); preprocess the dataset again");
        }
        JsonNode cps = n.get("checkpoints");
        long[] offsets = new long[cps.size()];
        long[] numbers = new long[cps.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = cps.get(i).get(0).asLong();
            numbers[i] = cps.get(i).get(1).asLong();
        }
        return new LineIndex(n.get("size").asLong(), n.get("span").asLong(), n.get("records").asLong(),
                n.path("headerBytes").asLong(0),
                n.hasNonNull("header") ? Base64.getDecoder().decode(n.get("header").asText()) : null,
                n.hasNonNull("headerSha256") ? n.get("headerSha256").asText() : null, offsets, numbers);
    }

    public boolean hasHeader() {
        return headerSha256 != null;
    }

    /** The greatest checkpoint at or before {@code offset}, or -1. */
    public long floor(long offset) {
        int i = Arrays.binarySearch(offsets, offset);
        if (i >= 0) {
            return offsets[i];
        }
        int ins = -i - 1;
        return ins == 0 ? -1 : offsets[ins - 1];
    }

    /** The smallest checkpoint at or after {@code offset}, or {@code size} when there is none. */
    public long ceil(long offset) {
        int i = Arrays.binarySearch(offsets, offset);
        if (i >= 0) {
            return offsets[i];
        }
        int ins = -i - 1;
        return ins == offsets.length ? size : offsets[ins];
    }
}
