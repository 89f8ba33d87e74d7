package io.dataplug.core.gzip;

import static io.dataplug.core.gzip.Huffman.DIST_BITS;
import static io.dataplug.core.gzip.Huffman.LIT_BITS;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the code lengths of a dynamic Huffman block (RFC 1951, 3.2.7) and builds its literal/length and distance
 * tables in the one layout both decoders look up ({@link Huffman}): shared by {@link GzipDecoder} (streaming,
 * bit buffer) and {@link MarkerInflater} (in memory, placeholders), which differ only in how they read bits and
 * where they say an error is.
 */
final class DynamicHeader {

    /** How a decoder gives bits and reports a bad header. */
    interface Input {
        /** The next {@code n} bits, consumed. */
        int bits(int n) throws IOException;

        /** The next {@code n} bits without consuming them (zeros past the end). */
        int peek(int n) throws IOException;

        /** Consumes {@code n} bits peeked before. */
        void drop(int n) throws IOException;

        /** An invalid header; {@code atBlockStart}: the error is the block's as a whole, else at the current bit. */
        GzipFormatException invalid(String detail, boolean atBlockStart);
    }

    final int[] lit = new int[Huffman.LIT_TABLE_SIZE];
    final int[] dist = new int[Huffman.DIST_TABLE_SIZE];
    private final int[] clTable = new int[Huffman.CL_TABLE_SIZE];
    private final byte[] lens = new byte[288 + 32];
    private final byte[] clLens = new byte[19];
    private final Huffman builder = new Huffman();

    /** Reads the header after the block type and fills {@link #lit} and {@link #dist}. */
    void read(Input in) throws IOException {
        int hlit = in.bits(5) + 257;
        int hdist = in.bits(5) + 1;
        int hclen = in.bits(4) + 4;
        if (hlit > 286 || hdist > 30) {
            throw in.invalid("too many length or distance symbols", true);
        }
        Arrays.fill(clLens, (byte) 0);
        for (int i = 0; i < hclen; i++) {
            clLens[Huffman.CL_ORDER[i]] = (byte) in.bits(3);
        }
        if (!builder.build(clTable, Huffman.CL_BITS, clLens, 0, 19, Huffman.CL_TEMPLATE, false)) {
            throw in.invalid("invalid code-length code", true);
        }
        final byte[] lens = this.lens;
        int total = hlit + hdist;
        int n = 0;
        while (n < total) {
            int e = clTable[in.peek(Huffman.CL_BITS)];
            in.drop(e & 0xff);
            int sym = e >>> 16;
            if (sym < 16) {
                lens[n++] = (byte) sym;
                continue;
            }
            int rep;
            byte val = 0;
            if (sym == 16) {
                if (n == 0) {
                    throw in.invalid("repeat of previous length with none", false);
                }
                val = lens[n - 1];
                rep = 3 + in.bits(2);
            } else if (sym == 17) {
                rep = 3 + in.bits(3);
            } else {
                rep = 11 + in.bits(7);
            }
            if (n + rep > total) {
                throw in.invalid("code lengths repeat past the end", false);
            }
            Arrays.fill(lens, n, n + rep, val);
            n += rep;
        }
        if (lens[256] == 0) {
            throw in.invalid("missing end-of-block code", true);
        }
        if (!builder.build(lit, LIT_BITS, lens, 0, hlit, Huffman.LIT_TEMPLATE, true)) {
            throw in.invalid("invalid literal/length code", true);
        }
        if (!builder.build(dist, DIST_BITS, lens, hlit, hdist, Huffman.DIST_TEMPLATE, true)) {
            throw in.invalid("invalid distance code", true);
        }
    }
}
