package io.dataplug.core.slice;

/**
 * One byte range {@code [start, end)} of one object that a slice reads, plus the format's corrections: what
 * turns those bytes into whole records (a header to prepend, a checkpoint to resume from, records to skip...).
 *
 * @param <C> the format's corrections record
 */
public record SlicePart<C extends Corrections>(SourceObject object, long start, long end, C corrections) {

    public long length() {
        return end - start;
    }
}
