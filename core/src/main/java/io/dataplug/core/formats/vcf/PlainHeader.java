package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.RecordBoundaryException;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.io.Bytes;
import io.dataplug.core.slice.SourceObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header a plain VCF slice repeats, read from the object itself: its first {@code headerLength} bytes, pinned to
 * the object's ETag like the lines that follow (the side file is the same bytes, but a second object to trust), and
 * shared by the evaluator's slices of that object. The manifest's length is checked against the bytes: every line a
 * {@code #} line, the last one {@code #CHROM}, and no {@code #} line right after it, which is where both index modes
 * end the header.
 */
final class PlainHeader {

    private static final byte[] CHROM = "#CHROM".getBytes(StandardCharsets.US_ASCII);

    private PlainHeader() {
    }

    /** The header's bytes. */
    static byte[] read(SliceContext ctx, SourceObject object, long headerLength) throws IOException {
        int length = (int) Math.min(headerLength + 1, object.size());
        if (headerLength > object.size()) {
            throw notTheHeader(object, headerLength, "the object has " + object.size() + " bytes");
        }
        // with the byte after it, which must not start another # line; the shared array is not handed out
        return Arrays.copyOf(ctx.readShared(object, 0, length, bytes -> check(object, headerLength, bytes)), (int) headerLength);
    }

    private static void check(SourceObject object, long headerLength, byte[] bytes) {
        int end = (int) headerLength;
        int line = 0;
        int last = -1;
        while (line < end) {
            int nl = Bytes.indexOf(bytes, line, end, (byte) '\n');
            if (bytes[line] != '#' || nl < 0) {
                throw notTheHeader(object, headerLength, nl < 0 ? "it ends inside a line" : "a line at byte " + line
                        + " is not a # line");
            }
            last = line;
            line = nl + 1;
        }
        boolean chrom = last >= 0 && Arrays.equals(bytes, last, last + Math.min(CHROM.length, end - last), CHROM, 0, CHROM.length)
                && (bytes[last + CHROM.length] == '\t' || bytes[last + CHROM.length] == '\n' || bytes[last + CHROM.length] == '\r');
        if (!chrom) {
            throw notTheHeader(object, headerLength, "its last line is not the #CHROM line");
        }
        if (bytes.length > end && bytes[end] == '#') {
            throw notTheHeader(object, headerLength, "a # line follows it");
        }
    }

    private static RecordBoundaryException notTheHeader(SourceObject object, long headerLength, String why) {
        return new RecordBoundaryException(object.uri(), headerLength, "the first " + headerLength
                + " bytes the slice names as the VCF header are not the object's header: " + why);
    }
}
