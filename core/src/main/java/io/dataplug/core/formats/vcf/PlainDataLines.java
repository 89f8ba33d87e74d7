package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.RecordBoundaryException;
import io.dataplug.core.io.Bytes;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Copies the data lines a plain VCF part owns, those starting in {@code [from, to)}, in large blocks: the common case
 * (no contig, no POS window) needs nothing of a line but where it starts. The first byte of every line is checked as
 * {@link VcfSliceReader} checks it (no {@code #} line, no blank line), without a call or a write per line.
 */
final class PlainDataLines {

    static final int BLOCK = 1 << 20;

    private final InputStream in;
    private final SlicePart<VcfCorrections> part;
    private byte[] buf = new byte[BLOCK];
    private long base; // object offset of buf[0]
    private int pos;
    private int lim;

    private PlainDataLines(InputStream in, SlicePart<VcfCorrections> part) {
        this.in = in;
        this.part = part;
        this.base = part.start();
    }

    /**
     * Copies from {@code in}, the part's range; a {@code shifted} part starts before {@code from} at any byte, and its
     * first owned line starts after the first line feed at or after {@code from - 1}.
     */
    static void copy(InputStream in, SlicePart<VcfCorrections> part, boolean shifted, OutputStream out) throws IOException {
        PlainDataLines lines = new PlainDataLines(in, part);
        if (!shifted || lines.skipPast(part.corrections().from() - 1)) {
            lines.copyOwned(out);
        }
    }

    /** Moves past the first line feed at or after offset {@code at}; false when the range ends first. */
    private boolean skipPast(long at) throws IOException {
        while (true) {
            if (pos == lim && !refill(lim)) {
                return false;
            }
            int from = (int) Math.max(pos, Math.min(lim, at - base));
            int nl = from < lim ? Bytes.indexOfNewline(buf, from, lim) : -1;
            if (nl >= 0) {
                pos = nl + 1;
                return true;
            }
            pos = lim;
        }
    }

    private void copyOwned(OutputStream out) throws IOException {
        long from = part.corrections().from();
        long to = part.corrections().to();
        int copied = pos; // buf[copied, pos) is checked and not yet written
        int line = pos; // where the line being read starts
        boolean lineStart = true;
        while (true) {
            if (pos == lim) {
                // whole lines are written; a line that goes on into the next block is kept until its end is seen
                int keep = lineStart ? lim : line;
                out.write(buf, copied, keep - copied);
                if (!refill(keep)) {
                    break;
                }
                line -= keep;
                copied = 0;
            }
            if (lineStart) {
                long p = base + pos;
                if (p >= to) {
                    out.write(buf, copied, pos - copied);
                    return;
                }
                byte b = buf[pos];
                if (b == '#' || b == '\n' || b == '\r') {
                    throw VcfSliceReader.notData(part.object().uri(), false, p, p == from, b);
                }
                line = pos;
            }
            int nl = Bytes.indexOfNewline(buf, pos, lim);
            lineStart = nl >= 0;
            pos = lineStart ? nl + 1 : lim;
        }
        if (!lineStart) { // the range ended inside a line: only the object's last line may lack its line feed
            if (part.end() < part.object().size()) {
                throw new RecordBoundaryException(part.object().uri(), part.end(), "the part's range [" + part.start()
                        + ", " + part.end() + ") ends inside a line");
            }
            out.write(buf, 0, lim);
            out.write('\n');
        }
    }

    /**
     * Reads on into {@code buf}, keeping {@code buf[keep, lim)} (moved to its front; it grows for a line longer than a
     * block); false at the end of the range.
     */
    private boolean refill(int keep) throws IOException {
        int held = lim - keep;
        if (held == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        System.arraycopy(buf, keep, buf, 0, held);
        base += keep;
        pos = held;
        lim = held;
        int n = in.read(buf, lim, buf.length - lim);
        if (n <= 0) {
            return false;
        }
        lim += n;
        return true;
    }
}
