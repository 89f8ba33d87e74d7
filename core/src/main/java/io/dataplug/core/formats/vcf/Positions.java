package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.VirtualOffset;

/** Positions in a VCF object: byte offsets (plain) or BGZF virtual offsets; and errors that name them. */
final class Positions {

    private Positions() {
    }

    /** A {@link DataFormatException} at {@code pos}: for BGZF, the block's byte offset plus the offset in it. */
    static DataFormatException error(String uri, boolean bgzf, long pos, long line, String problem, String hint) {
        if (!bgzf) {
            return new DataFormatException(uri, pos, line, problem, hint);
        }
        return new DataFormatException(uri, VirtualOffset.blockOf(pos), line, problem + " (uncompressed byte "
                + VirtualOffset.inBlockOf(pos) + " of the BGZF block starting there, virtual offset " + pos + ")", hint);
    }

    /** A {@link DataFormatException} for BGZF data that cannot be read, with what to do about it. */
    static DataFormatException bgzfError(String uri, GzipFormatException e) {
        String hint = switch (e.kind()) {
            case BAD_MAGIC -> e.compressedOffset() == 0 ? "is the object bgzip-compressed? use format vcf for plain text"
                    : "the file is corrupt";
            case NOT_BGZF -> "recompress with bgzip (plain gzip cannot be read block by block)";
            case TRUNCATED -> "the file is incomplete; re-upload or recompress it";
            case CRC_MISMATCH -> "the data is damaged, or changed since it was indexed without a new ETag; "
                    + "'gzip -t' checks the file";
            default -> null;
        };
        DataFormatException d = new DataFormatException(uri, e.compressedOffset(), 0, e.detail(), hint);
        d.initCause(e);
        return d;
    }
}
