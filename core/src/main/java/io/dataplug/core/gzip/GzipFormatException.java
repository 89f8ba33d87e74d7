package io.dataplug.core.gzip;

import java.io.IOException;

/**
 * A gzip stream is corrupt, truncated or not gzip at all. The message names the compressed byte offset
 * (counted from the start of the whole gzip object, also when decoding resumed from a checkpoint) where
 * the problem was detected, and what was wrong.
 */
public final class GzipFormatException extends IOException {

    /** What was wrong. */
    public enum Kind {
        /** The input does not start with the gzip magic bytes (or non-zero garbage follows a member). */
        BAD_MAGIC("bad magic"),
        /** A gzip member header is malformed (compression method, reserved flags, header CRC). */
        BAD_HEADER("bad header"),
        /** A gzip member where a BGZF block is required lacks the BGZF extra field. */
        NOT_BGZF("not a BGZF block"),
        /** A deflate block header has the reserved block type 3. */
        INVALID_BLOCK_TYPE("invalid block type"),
        /** A stored block's LEN and NLEN do not match. */
        INVALID_STORED_LENGTH("invalid stored block lengths"),
        /** The code-length, literal/length or distance code of a dynamic block is over-subscribed or incomplete. */
        INVALID_CODE_LENGTHS("invalid Huffman code lengths"),
        /** The compressed data contains a bit pattern that is no valid Huffman code, or an invalid symbol. */
        INVALID_HUFFMAN_CODE("invalid Huffman code"),
        /** A back-reference points before the start of the member's uncompressed data. */
        DISTANCE_TOO_FAR("distance too far back"),
        /** The JDK's inflater (used for single BGZF blocks) found invalid deflate data. */
        INVALID_DEFLATE("invalid deflate data"),
        /** The CRC-32 in a member trailer does not match the uncompressed data. */
        CRC_MISMATCH("CRC mismatch"),
        /** The ISIZE in a member trailer does not match the uncompressed length. */
        LENGTH_MISMATCH("length (ISIZE) mismatch"),
        /**
         * Decoding from a checkpoint did not arrive at the next checkpoint where the index says (another
         * position, or the data ended first): the data or the checkpoints are not what was indexed.
         */
        INDEX_MISMATCH("does not match the index"),
        /** The input ended in the middle of a member (or was empty). */
        TRUNCATED("truncated input");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Kind kind;
    private final long compressedOffset;
    private final String detail;

    public GzipFormatException(Kind kind, long compressedOffset, String detail) {
        super("gzip format error at compressed byte offset " + compressedOffset + ": " + kind.description()
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.kind = kind;
        this.compressedOffset = compressedOffset;
        this.detail = detail == null || detail.isEmpty() ? kind.description() : detail;
    }

    /** What was wrong, in words (the kind's description when nothing more was said). */
    public String detail() {
        return detail;
    }

    /** What was wrong. */
    public Kind kind() {
        return kind;
    }

    /** Offset in the compressed object of the byte at which the problem was detected. */
    public long compressedOffset() {
        return compressedOffset;
    }
}
