package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.io.LineReader;
import io.dataplug.core.storage.ExtendingRangeStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads a plain VCF's header and nothing more ({@code index=header-only}): ranged reads from the object's start,
 * extended only while the header goes on, up to the end of the {@code #CHROM} line. Checks the header's shape as
 * a full scan would (only {@code #} lines, no blank line, ends with {@code #CHROM}).
 */
final class HeaderReader {

    /** The first ranged read: most headers fit in it, so a first partitioning costs one GET. */
    static final long FIRST_READ = 64 << 10;

    private static final String HINT = "a VCF starts with ## meta-information lines and the #CHROM column header line";

    private HeaderReader() {
    }

    /** The header's bytes: every line up to and including the {@code #CHROM} line. */
    static byte[] read(IndexingContext ctx) throws IOException {
        String uri = ctx.source().location().toUri();
        long size = ctx.source().size();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (LineReader r = LineReader.plain(new ExtendingRangeStream(ctx::open, 0, Math.min(size, FIRST_READ), size), 0)) {
            long line = 0;
            while (true) {
                long at = r.peek();
                if (at < 0) {
                    throw Positions.error(uri, false, r.positionAfter(), line, line == 0 ? "no VCF header (the object is empty)"
                            : "the header does not end with a #CHROM line", HINT);
                }
                r.next();
                line++;
                byte[] b = r.buffer();
                int o = r.offset();
                int content = r.contentLength();
                if (content == 0) {
                    throw Positions.error(uri, false, at, line, "empty line", "VCF has no blank lines; remove it");
                }
                if (b[o] != '#') {
                    throw Positions.error(uri, false, at, line, "no #CHROM header line before the first data line", HINT);
                }
                if (header.size() + (long) r.length() > VcfCorrections.MAX_HEADER) {
                    throw Positions.error(uri, false, at, line, "header of more than " + VcfCorrections.MAX_HEADER
                            + " bytes is too large", null);
                }
                header.write(b, o, r.length());
                if (isChrom(b, o, content)) {
                    return header.toByteArray();
                }
            }
        }
    }

    private static boolean isChrom(byte[] b, int o, int content) {
        String chrom = "#CHROM";
        if (content < chrom.length() || (content > chrom.length() && b[o + chrom.length()] != '\t')) {
            return false;
        }
        for (int i = 0; i < chrom.length(); i++) {
            if (b[o + i] != chrom.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
