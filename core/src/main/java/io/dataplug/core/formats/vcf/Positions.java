package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.DataFormatException;

/** Positions in a VCF object: byte offsets (plain) or BGZF virtual offsets. */
final class Positions {

    private Positions() {
    }

    /** A {@link DataFormatException} at {@code pos}: for BGZF, the block's byte offset plus the offset in it. */
    static DataFormatException error(String uri, boolean bgzf, long pos, long line, String problem, String hint) {
        if (!bgzf) {
            return new DataFormatException(uri, pos, line, problem, hint);
        }
        return new DataFormatException(uri, pos >>> 16, line, problem + " (uncompressed byte " + (pos & 0xffff)
                + " of the BGZF block starting there, virtual offset " + pos + ")", hint);
    }
}
