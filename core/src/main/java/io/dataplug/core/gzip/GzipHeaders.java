package io.dataplug.core.gzip;

/** Recognises a gzip member header (RFC 1952) in memory, for the speculative search. */
final class GzipHeaders {

    private GzipHeaders() {
    }

    /** Offset just after a plausible member header at {@code p}, or -1 if there is none. */
    static int end(byte[] s, int p) {
        return end(s, p, s.length);
    }

    /** As {@link #end(byte[], int)}, with input {@code s[0, length)}. */
    static int end(byte[] s, int p, int length) {
        if (p + 10 > length || (s[p] & 0xff) != 0x1f || (s[p + 1] & 0xff) != 0x8b || s[p + 2] != 8
                || (s[p + 3] & 0xe0) != 0) {
            return -1;
        }
        int flg = s[p + 3];
        int q = p + 10;
        if ((flg & 0x04) != 0) {
            if (q + 2 > length) {
                return -1;
            }
            q += 2 + ((s[q] & 0xff) | (s[q + 1] & 0xff) << 8);
        }
        for (int bit : new int[] {0x08, 0x10}) {
            if ((flg & bit) != 0) {
                while (q < length && s[q] != 0) {
                    q++;
                }
                q++;
            }
        }
        if ((flg & 0x02) != 0) {
            q += 2;
        }
        return q <= length ? q : -1;
    }
}
