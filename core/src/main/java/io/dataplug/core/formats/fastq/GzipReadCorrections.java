package io.dataplug.core.formats.fastq;

import io.dataplug.core.gzip.Checkpoint;
import io.dataplug.core.gzip.Until;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * The corrections of a fastq-gzip slice part: where to resume decompression (the part's range starts at the
 * checkpoint's compressed offset), then which reads to write.
 *
 * @param read               the object's read number of the first read written
 * @param reads              reads written, at least one
 * @param skip               reads between the checkpoint and the first read written
 * @param skipBytes          uncompressed bytes between the checkpoint and the first read that starts after it
 * @param bit                bit offset of the deflate block in the byte at the part's start (0 to 7)
 * @param uncompressed       uncompressed offset of the checkpoint
 * @param memberStart        the checkpoint is the start of a gzip member (then no prefix fields)
 * @param memberPrefixLength otherwise: uncompressed bytes of the member before the checkpoint
 * @param memberPrefixCrc    and their CRC-32, so the member's CRC is still checked
 * @param window             the 32 KiB window to prime the decompressor with, in a side file
 * @param verifyAt           the next checkpoint, where decoding stops and the CRC-32 recorded at indexing covers
 *                           every byte written; absent when the part runs to the end of the object (and in slices
 *                           written before it existed: then decoding finishes the member the range ends in)
 */
record GzipReadCorrections(long read, long reads, long skip, long skipBytes, int bit, long uncompressed,
                           @OptionalField Boolean memberStart, @OptionalField Long memberPrefixLength,
                           @OptionalField Integer memberPrefixCrc, @OptionalField Window window,
                           @OptionalField VerifyAt verifyAt) implements Corrections {

    /**
     * Where a checkpoint's compressed window is: {@code length} bytes at {@code offset} of side file {@code file}
     * in the index folder {@code dir}.
     */
    record Window(String dir, String file, long offset, int length) {
    }

    /**
     * A checkpoint of the index as the part's stop point: {@code offset} and {@code bit} where its first bit is,
     * its uncompressed offset, and either {@code memberStart} or the length and CRC-32 of the member before it.
     * Its values only decide whether evaluation passes, never what it writes.
     */
    record VerifyAt(long offset, int bit, long uncompressed, @OptionalField Boolean memberStart,
                    @OptionalField Long memberPrefixLength, @OptionalField Integer memberPrefixCrc) {

        /** From a checkpoint of {@link GzipReadIndex}. */
        static VerifyAt of(long[] cp) {
            boolean member = cp[GzipReadIndex.MEMBER] != 0;
            return new VerifyAt(cp[GzipReadIndex.C], (int) cp[GzipReadIndex.BIT],
                    cp[GzipReadIndex.U], member ? Boolean.TRUE : null,
                    member ? null : cp[GzipReadIndex.PREFIX], member ? null : (int) cp[GzipReadIndex.CRC]);
        }

        boolean startsMember() {
            return Boolean.TRUE.equals(memberStart);
        }

        Until until() {
            boolean member = startsMember();
            return new Until.AtCheckpoint(offset, bit, uncompressed, member, member ? 0 : memberPrefixLength,
                    member ? 0 : memberPrefixCrc);
        }
    }

    /** The side file holding the window, when there is one. */
    @Override
    public List<String> sideFiles() {
        return window == null ? List.of() : List.of(windowFile());
    }

    String windowFile() {
        return MetadataLayout.sideFile(ObjectLocation.parse(window.dir()), window.file()).toUri();
    }

    boolean startsMember() {
        return Boolean.TRUE.equals(memberStart);
    }

    /** The gzip resume point these corrections describe, for a part starting at {@code start}. */
    Checkpoint checkpoint(long start) {
        boolean member = startsMember();
        return new Checkpoint(start, bit, uncompressed, member, member ? 0 : memberPrefixLength,
                member ? 0 : memberPrefixCrc, window == null ? -1 : window.offset(), window == null ? 0 : window.length(), 0);
    }

    @Override
    public void validate(SlicePart<?> part) {
        Corrections.require(reads >= 1, "reads must be at least 1, got " + reads);
        Corrections.require(skip >= 0 && read >= skip, "skip " + skip + " and read " + read
                + " do not describe a read at or after the checkpoint");
        Corrections.require(skipBytes >= 0 && uncompressed >= 0, "skipBytes and uncompressed must not be negative");
        Corrections.require(bit >= 0 && bit <= 7, "bit " + bit + " is not a bit offset (0 to 7)");
        Corrections.require(startsMember() != (memberPrefixLength != null && memberPrefixCrc != null)
                        && (startsMember() || memberStart == null),
                "either memberStart, or memberPrefixLength and memberPrefixCrc");
        if (window != null) {
            Corrections.require(window.offset() >= 0 && window.length() > 0, "window [" + window.offset() + ", +"
                    + window.length() + ") is empty or negative");
            Corrections.require(!window.file().isEmpty() && !window.file().contains("/") && !window.file().startsWith(".")
                    && !window.file().startsWith("_"), "window file '" + window.file() + "' is not a side-file name");
        }
        try {
            checkpoint(part.start());
        } catch (IllegalArgumentException e) {
            throw new io.dataplug.core.slice.InvalidSliceException("inconsistent gzip checkpoint: " + e.getMessage(), e);
        }
        if (verifyAt != null) {
            Corrections.require(verifyAt.startsMember() != (verifyAt.memberPrefixLength() != null
                            && verifyAt.memberPrefixCrc() != null) && (verifyAt.startsMember() || verifyAt.memberStart() == null),
                    "verifyAt: either memberStart, or memberPrefixLength and memberPrefixCrc");
            Corrections.require(verifyAt.uncompressed() > uncompressed && verifyAt.offset() >= part.start()
                            && verifyAt.offset() + (verifyAt.bit() > 0 ? 1 : 0) == part.end(),
                    "verifyAt (" + verifyAt.offset() + ", uncompressed " + verifyAt.uncompressed() + ") is not the checkpoint "
                            + "the part's range [" + part.start() + ", " + part.end() + ") ends at");
            try {
                verifyAt.until();
            } catch (IllegalArgumentException e) {
                throw new io.dataplug.core.slice.InvalidSliceException("inconsistent verifyAt checkpoint: "
                        + e.getMessage(), e);
            }
        }
    }
}
