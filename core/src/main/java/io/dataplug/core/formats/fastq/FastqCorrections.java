package io.dataplug.core.formats.fastq;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;

/**
 * The corrections of a plain FASTQ slice part: the part's range starts at a checkpoint (a read start);
 * evaluation skips {@code skip} reads and writes the next {@code reads}.
 *
 * @param read  the object's read number of the first read written (for people and tests; evaluation uses skip)
 * @param reads reads written, at least one
 * @param skip  reads between the range's start and the first read written
 */
record FastqCorrections(long read, long reads, long skip) implements Corrections {

    @Override
    public void validate(SlicePart<?> part) {
        Corrections.require(reads >= 1, "reads must be at least 1, got " + reads);
        Corrections.require(skip >= 0 && read >= skip, "skip " + skip + " and read " + read
                + " do not describe a read at or after the range's start");
        Corrections.require(part.length() > 0, "the part's range is empty but it must hold " + reads + " reads");
    }
}
