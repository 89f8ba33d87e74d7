package io.dataplug.core.slice;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One byte range {@code [start, end)} of one object that a slice reads, plus the format-specific
 * corrections needed to turn those bytes into whole records (a header to prepend, a checkpoint to
 * resume from, records to skip...).
 */
public record SlicePart(SourceObject object, long start, long end, ObjectNode corrections) {

    public long length() {
        return end - start;
    }
}
