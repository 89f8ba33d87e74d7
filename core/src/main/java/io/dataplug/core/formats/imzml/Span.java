package io.dataplug.core.formats.imzml;

/** Bytes {@code [start, end)} of the .imzML: an element to rewrite or leave out when a slice is written. */
record Span(long start, long end) {

    long length() {
        return end - start;
    }
}
