package io.dataplug.core.formats.lines;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.dataplug.core.util.OptionalField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The index of one line-oriented object (version 1), small enough for partitioning to load for every object:
 * a sparse table of known record starts (always outside quotes) with their record numbers. See
 * docs/formats/text.md and docs/formats/csv.md.
 *
 * @param size          the object's size in bytes
 * @param span          checkpoint spacing: for every multiple {@code m * span} below {@code size}, the first
 *                      record start at or after it is a checkpoint
 * @param records       records in the object, the header record included; -1 when not counted (header-only)
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

    /** The stored form: checkpoints as {@code [offset, record number]} pairs, the header as base64. */
    record Document(int version, long size, long span, long records, @OptionalField Long headerBytes,
                    @OptionalField String headerSha256, @OptionalField byte[] header, List<long[]> checkpoints) {
    }

    @JsonValue
    Document toDocument() {
        List<long[]> cps = new ArrayList<>(offsets.length);
        for (int i = 0; i < offsets.length; i++) {
            cps.add(new long[] {offsets[i], recordNumbers[i]});
        }
        boolean h = headerSha256 != null;
        return new Document(VERSION, size, span, records, h ? headerBytes : null, headerSha256, h ? header : null, cps);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LineIndex fromDocument(Document d) {
        if (d.version() != VERSION) {
            throw new IllegalStateException("unsupported line index version " + d.version() + " (expected " + VERSION
                    + "); preprocess the dataset again");
        }
        long[] offsets = new long[d.checkpoints().size()];
        long[] numbers = new long[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            long[] cp = d.checkpoints().get(i);
            if (cp.length != 2) {
                throw new IllegalStateException("checkpoint " + i + " is not an [offset, record] pair");
            }
            offsets[i] = cp[0];
            numbers[i] = cp[1];
        }
        return new LineIndex(d.size(), d.span(), d.records(), d.headerBytes() == null ? 0 : d.headerBytes(), d.header(),
                d.headerSha256(), offsets, numbers);
    }

    /**
     * The index of header-only mode for an object without a header: no checkpoints, record count unknown (-1).
     * Slices then start anywhere and find their first record at evaluation.
     */
    static LineIndex headerOnly(long size, long span) {
        return new LineIndex(size, span, -1, 0, null, null, new long[0], new long[0]);
    }

    /** False for a header-only index, which does not count records. */
    public boolean recordsKnown() {
        return records >= 0;
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
