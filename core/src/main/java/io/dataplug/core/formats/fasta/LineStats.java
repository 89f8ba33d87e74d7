package io.dataplug.core.formats.fasta;

import io.dataplug.core.io.Swar;

/** Statistics of (a piece of) a line's content, i.e. its bytes before the line feed. */
final class LineStats {
    long len;
    long bad;
    long firstBad = -1;
    int firstBadByte;
    boolean lastCr;

    void reset() {
        len = 0;
        bad = 0;
        firstBad = -1;
        firstBadByte = 0;
        lastCr = false;
    }

    /** Consumes content bytes from {@code i}; returns the index of the next line feed, or {@code n}. */
    int scan(byte[] buf, int i, int n, long base) {
        int j = i;
        // Eight residues at a time while every byte is printable and not a space; from the first byte that is
        // not (a line feed, a carriage return or a bad byte), byte by byte below.
        for (int last = n - Long.BYTES; j <= last; ) {
            long other = Swar.notGraphic(Swar.word(buf, j));
            if (other != 0) {
                j += Swar.first(other);
                break;
            }
            j += Long.BYTES;
        }
        for (; j < n; j++) {
            byte c = buf[j];
            if (c == '\n') {
                break;
            }
            if (c < 0x21 || c > 0x7e) { // bytes >= 0x80 are negative
                if (bad == 0) {
                    firstBad = base + j;
                    firstBadByte = c & 0xff;
                }
                bad++;
            }
        }
        if (j > i) {
            lastCr = buf[j - 1] == '\r';
            len += j - i;
        }
        return j;
    }

    /** Only printable non-space characters, except one carriage return at the very end. */
    boolean validSequence() {
        return bad == 0 || (bad == 1 && lastCr);
    }

    long bases() {
        return len - (lastCr ? 1 : 0);
    }

    /** What is wrong with a sequence line whose first bad byte is {@code b}. */
    static String badByteProblem(int b) {
        return "sequence line contains " + describe((byte) b) + " (sequence lines hold only printable, "
                + "non-space ASCII characters and end with LF or CRLF)";
    }

    static String describe(byte c) {
        int u = c & 0xff;
        if (u > 0x20 && u < 0x7f) {
            return "'" + (char) u + "'";
        }
        return switch (u) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\r' -> "a carriage return";
            case 0 -> "a NUL byte";
            default -> String.format("byte 0x%02x", u);
        };
    }
}
