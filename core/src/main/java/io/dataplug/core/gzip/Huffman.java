package io.dataplug.core.gzip;

import java.util.Arrays;

/**
 * Table-driven canonical Huffman decoding tables for deflate (RFC 1951), read least-significant bit first.
 *
 * <p>A table is an {@code int[]} indexed by the next {@code tableBits} input bits. Codes longer than that
 * go through a second-level subtable. Each entry packs:
 * <ul>
 *   <li>bits 0-7: bits to consume for this entry: codeword length plus the number of extra bits that
 *       follow it (length and distance symbols), or the main-table bits for a subtable pointer;</li>
 *   <li>bits 8-11: codeword length (at this table level), or the subtable's index bits for a pointer;</li>
 *   <li>bits 16-30: the value: literal byte, length base, distance base, code-length symbol, or
 *       subtable start;</li>
 *   <li>bit 31 ({@link #LITERAL}): a literal byte, so {@code entry < 0} tests for literals;</li>
 *   <li>bit 15 ({@link #EXCEPTIONAL}): end of block, subtable pointer or invalid code;
 *       bit 14 ({@link #SUBTABLE}) and bit 13 ({@link #EOB}) tell which.</li>
 * </ul>
 * The low byte is at most 28, so {@code bitbuf >>>= entry} consumes the right number of bits (Java uses
 * only the low six bits of a long shift distance).
 */
final class Huffman {

    static final int LITERAL = 0x8000_0000;
    static final int EXCEPTIONAL = 0x8000;
    static final int SUBTABLE = 0x4000;
    static final int EOB = 0x2000;

    static final int LIT_BITS = 11;
    static final int DIST_BITS = 8;
    static final int CL_BITS = 7;
    /** Main table plus worst-case subtables (at most one 16-entry subtable per long code). */
    static final int LIT_TABLE_SIZE = (1 << LIT_BITS) + 288 * (1 << (15 - LIT_BITS));
    static final int DIST_TABLE_SIZE = (1 << DIST_BITS) + 32 * (1 << (15 - DIST_BITS));
    static final int CL_TABLE_SIZE = 1 << CL_BITS;

    static final int[] LEN_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
        99, 115, 131, 163, 195, 227, 258};
    static final int[] LEN_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5,
        5, 0};
    static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
        12, 12, 13, 13};
    /** Order in which code-length code lengths are transmitted. */
    static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    /** Per-symbol entry templates (flags, value, extra-bit count); lengths are added when building. */
    static final int[] LIT_TEMPLATE = new int[288];
    static final int[] DIST_TEMPLATE = new int[32];
    static final int[] CL_TEMPLATE = new int[19];

    static final int[] FIXED_LIT = new int[LIT_TABLE_SIZE];
    static final int[] FIXED_DIST = new int[DIST_TABLE_SIZE];

    static {
        for (int s = 0; s < 256; s++) {
            LIT_TEMPLATE[s] = LITERAL | (s << 16);
        }
        LIT_TEMPLATE[256] = EXCEPTIONAL | EOB;
        for (int s = 257; s < 286; s++) {
            LIT_TEMPLATE[s] = (LEN_BASE[s - 257] << 16) | LEN_EXTRA[s - 257];
        }
        LIT_TEMPLATE[286] = EXCEPTIONAL;
        LIT_TEMPLATE[287] = EXCEPTIONAL;
        for (int s = 0; s < 30; s++) {
            DIST_TEMPLATE[s] = (DIST_BASE[s] << 16) | DIST_EXTRA[s];
        }
        DIST_TEMPLATE[30] = EXCEPTIONAL;
        DIST_TEMPLATE[31] = EXCEPTIONAL;
        for (int s = 0; s < 19; s++) {
            CL_TEMPLATE[s] = s << 16;
        }
        byte[] lens = new byte[288];
        Arrays.fill(lens, 0, 144, (byte) 8);
        Arrays.fill(lens, 144, 256, (byte) 9);
        Arrays.fill(lens, 256, 280, (byte) 7);
        Arrays.fill(lens, 280, 288, (byte) 8);
        Huffman h = new Huffman();
        if (!h.build(FIXED_LIT, LIT_BITS, lens, 0, 288, LIT_TEMPLATE, false)) {
            throw new AssertionError("fixed literal/length code");
        }
        Arrays.fill(lens, 0, 32, (byte) 5);
        if (!h.build(FIXED_DIST, DIST_BITS, lens, 0, 32, DIST_TEMPLATE, false)) {
            throw new AssertionError("fixed distance code");
        }
    }

    private final int[] count = new int[16];
    private final int[] offs = new int[17];
    private final int[] sorted = new int[288];

    /**
     * Builds a decoding table from code lengths {@code lens[off..off+n)}.
     *
     * @param allowIncomplete whether an incomplete code is accepted: as in zlib, only a code with no symbols
     *                        at all or a single one-bit code (the unused bit pattern decodes as invalid)
     * @return false if the lengths are over-subscribed or (not allowed) incomplete
     */
    boolean build(int[] table, int tableBits, byte[] lens, int off, int n, int[] templates,
                  boolean allowIncomplete) {
        final int[] count = this.count;
        Arrays.fill(count, 0);
        for (int i = 0; i < n; i++) {
            count[lens[off + i]]++;
        }
        count[0] = 0;
        int left = 1;
        int max = 0;
        for (int len = 1; len <= 15; len++) {
            left <<= 1;
            left -= count[len];
            if (left < 0) {
                return false; // over-subscribed
            }
            if (count[len] != 0) {
                max = len;
            }
        }
        final int size = 1 << tableBits;
        final int invalid = EXCEPTIONAL | (tableBits << 8) | tableBits;
        if (max == 0) {
            Arrays.fill(table, 0, size, invalid);
            return allowIncomplete;
        }
        if (left > 0) {
            if (!allowIncomplete || max != 1) {
                return false; // incomplete
            }
            Arrays.fill(table, 0, size, invalid);
        }
        final int[] offs = this.offs;
        offs[1] = 0;
        for (int len = 1; len < 15; len++) {
            offs[len + 1] = offs[len] + count[len];
        }
        for (int i = 0; i < n; i++) {
            int len = lens[off + i];
            if (len != 0) {
                sorted[offs[len]++] = i;
            }
        }
        int k = 0;
        int code = 0;
        int subPrefix = -1;
        int subStart = 0;
        int subBits = 0;
        int next = size;
        for (int len = 1; len <= max; len++) {
            while (count[len] > 0) {
                int sym = sorted[k++];
                int template = templates[sym];
                int rev = Integer.reverse(code) >>> (32 - len);
                if (len <= tableBits) {
                    int entry = template + (len << 8) + len;
                    for (int i = rev; i < size; i += 1 << len) {
                        table[i] = entry;
                    }
                } else {
                    int prefix = rev & (size - 1);
                    if (prefix != subPrefix) {
                        subPrefix = prefix;
                        subBits = len - tableBits;
                        int slots = 1 << subBits;
                        for (;;) {
                            slots -= count[tableBits + subBits];
                            if (slots <= 0 || tableBits + subBits >= 15) {
                                break;
                            }
                            subBits++;
                            slots <<= 1;
                        }
                        subStart = next;
                        next += 1 << subBits;
                        table[prefix] = EXCEPTIONAL | SUBTABLE | (subStart << 16) | (subBits << 8) | tableBits;
                    }
                    int sl = len - tableBits;
                    int entry = template + (sl << 8) + sl;
                    for (int i = rev >>> tableBits; i < (1 << subBits); i += 1 << sl) {
                        table[subStart + i] = entry;
                    }
                }
                code++;
                count[len]--;
            }
            code <<= 1;
        }
        return true;
    }
}
