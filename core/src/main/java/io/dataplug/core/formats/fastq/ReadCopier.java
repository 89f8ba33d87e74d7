package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.io.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies whole FASTQ records from a stream that starts at a record start: skips {@code skip} records, then
 * writes the next {@code reads} records byte for byte (line endings as they are) and stops. Each record start
 * is checked to begin with {@code @} and its third line with {@code +}, so an index that does not match the data,
 * or a slice whose start was moved into a record, fails loudly instead of producing shifted records.
 */
final class ReadCopier {

    private ReadCopier() {
    }

    /**
     * @param uri          the object, for error messages
     * @param where        describes the stream's first byte, for error messages (e.g. "byte 1048576")
     * @param baseOffset   offset reported for the stream's first byte in errors
     * @param mayEndAtEof  whether the stream ends where the object's data ends, so that its last line may lack
     *                     a newline
     * @param sizeHint     about how many bytes the stream holds, to size the buffer (small slices stay cheap)
     */
    static void copy(InputStream in, long skip, long reads, OutputStream out, String uri, long baseOffset,
                     boolean mayEndAtEof, long sizeHint) throws IOException {
        long skipLines = 4 * skip;
        long total = skipLines + 4 * reads;
        byte[] buf = new byte[(int) Math.max(8 << 10, Math.min(FastqChunkScanner.BUFFER, sizeHint))];
        long line = 0;
        boolean atLineStart = true;
        long consumed = 0;
        while (line < total) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                if (mayEndAtEof && !atLineStart && line == total - 1) {
                    return;
                }
                throw new DataFormatException(uri, baseOffset + consumed, 0, "the data ends after " + (line / 4)
                        + " of the " + (skip + reads) + " records this slice expects to read from here",
                        "the index does not match the object; preprocess it again");
            }
            int i = 0;
            int segment = line >= skipLines ? 0 : -1;
            while (i < n && line < total) {
                if (atLineStart && (line & 3) == 0 && buf[i] != '@') {
                    throw new DataFormatException(uri, baseOffset + consumed + i, 0, "expected a read header ('@') at "
                            + "record " + (line / 4) + " of this slice, found "
                            + FastqChunkScanner.describe(buf[i] == '\n' || buf[i] == '\r' ? -1 : buf[i] & 0xff, 1),
                            "the index does not match the object; preprocess it again");
                }
                // and '+' two lines later: a start moved onto a quality line that begins with '@' fails here
                if (atLineStart && (line & 3) == 2 && buf[i] != '+') {
                    throw new DataFormatException(uri, baseOffset + consumed + i, 0, "expected a separator line ('+') in "
                            + "record " + (line / 4) + " of this slice, found "
                            + FastqChunkScanner.describe(buf[i] == '\n' || buf[i] == '\r' ? -1 : buf[i] & 0xff, 1),
                            "the slice does not match the object's index (edited by hand?) or the index is stale; "
                            + "partition again, or preprocess again");
                }
                int nl = Bytes.indexOfNewline(buf, i, n);
                if (nl < 0) {
                    i = n;
                    atLineStart = false;
                    break;
                }
                i = nl + 1;
                line++;
                atLineStart = true;
                if (line == skipLines) {
                    segment = i;
                }
            }
            if (segment >= 0 && i > segment) {
                out.write(buf, segment, i - segment);
            }
            consumed += n;
        }
    }
}
