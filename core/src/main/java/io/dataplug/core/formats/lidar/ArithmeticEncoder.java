package io.dataplug.core.formats.lidar;

import java.io.ByteArrayOutputStream;

/**
 * The part of LASzip's entropy coder (Amir Said's FastAC, 32-bit) that a chunk table needs: adaptive
 * symbol and bit models, and LASzip's integer compressor with 32-bit correctors. We only ever encode chunk
 * tables (the point data of a slice is copied compressed, never re-encoded); decoding uses laszip4j.
 */
final class ArithmeticEncoder {

    private static final long MIN_LENGTH = 0x01000000L;
    private static final long MAX_LENGTH = 0xffffffffL;
    private static final int BM_LENGTH_SHIFT = 13;
    private static final int BM_MAX_COUNT = 1 << BM_LENGTH_SHIFT;
    private static final int DM_LENGTH_SHIFT = 15;
    private static final int DM_MAX_COUNT = 1 << DM_LENGTH_SHIFT;

    private final ByteArrayOutputStream done = new ByteArrayOutputStream();
    private byte[] out = new byte[256];
    private int n;
    private long base;
    private long length = MAX_LENGTH;

    /** An adaptive model over {@code symbols} symbols. */
    static final class SymbolModel {
        final int symbols;
        final int lastSymbol;
        final long[] distribution;
        final long[] counts;
        long total;
        int updateCycle;
        int untilUpdate;

        SymbolModel(int symbols) {
            this.symbols = symbols;
            this.lastSymbol = symbols - 1;
            this.distribution = new long[symbols];
            this.counts = new long[symbols];
            java.util.Arrays.fill(counts, 1);
            updateCycle = symbols;
            update();
            untilUpdate = updateCycle = (symbols + 6) >> 1;
        }

        void update() {
            if ((total += updateCycle) > DM_MAX_COUNT) {
                total = 0;
                for (int k = 0; k < symbols; k++) {
                    counts[k] = (counts[k] + 1) >> 1;
                    total += counts[k];
                }
            }
            long scale = 0x80000000L / total;
            long sum = 0;
            for (int k = 0; k < symbols; k++) {
                distribution[k] = ((scale * sum) & MAX_LENGTH) >>> (31 - DM_LENGTH_SHIFT);
                sum += counts[k];
            }
            updateCycle = (5 * updateCycle) >> 2;
            int maxCycle = (symbols + 6) << 3;
            if (updateCycle > maxCycle) {
                updateCycle = maxCycle;
            }
            untilUpdate = updateCycle;
        }
    }

    /** An adaptive model of one bit. */
    static final class BitModel {
        long bit0Count = 1;
        long bitCount = 2;
        long bit0Prob = 1L << (BM_LENGTH_SHIFT - 1);
        int updateCycle = 4;
        int untilUpdate = 4;

        void update() {
            if ((bitCount += updateCycle) > BM_MAX_COUNT) {
                bitCount = (bitCount + 1) >> 1;
                bit0Count = (bit0Count + 1) >> 1;
                if (bit0Count == bitCount) {
                    ++bitCount;
                }
            }
            long scale = 0x80000000L / bitCount;
            bit0Prob = (bit0Count * scale) >>> (31 - BM_LENGTH_SHIFT);
            updateCycle = (5 * updateCycle) >> 2;
            if (updateCycle > 64) {
                updateCycle = 64;
            }
            untilUpdate = updateCycle;
        }
    }

    void encodeBit(BitModel m, int bit) {
        long x = m.bit0Prob * (length >>> BM_LENGTH_SHIFT);
        if (bit == 0) {
            length = x;
            ++m.bit0Count;
        } else {
            addToBase(x);
            length -= x;
        }
        if (length < MIN_LENGTH) {
            renormalize();
        }
        if (--m.untilUpdate == 0) {
            m.update();
        }
    }

    void encodeSymbol(SymbolModel m, int sym) {
        long x;
        if (sym == m.lastSymbol) {
            x = m.distribution[sym] * (length >>> DM_LENGTH_SHIFT);
            addToBase(x);
            length -= x;
        } else {
            length >>>= DM_LENGTH_SHIFT;
            x = m.distribution[sym] * length;
            addToBase(x);
            length = m.distribution[sym + 1] * length - x;
        }
        if (length < MIN_LENGTH) {
            renormalize();
        }
        ++m.counts[sym];
        if (--m.untilUpdate == 0) {
            m.update();
        }
    }

    void writeBits(int bits, long sym) {
        if (bits > 19) {
            writeShort(sym & 0xffff);
            sym >>>= 16;
            bits -= 16;
        }
        length >>>= bits;
        addToBase(sym * length);
        if (length < MIN_LENGTH) {
            renormalize();
        }
    }

    private void writeShort(long sym) {
        length >>>= 16;
        addToBase(sym * length);
        if (length < MIN_LENGTH) {
            renormalize();
        }
    }

    /** Adds to the 32-bit base, carrying into the bytes already written on overflow. */
    private void addToBase(long x) {
        base += x;
        if (base > MAX_LENGTH) {
            base &= MAX_LENGTH;
            int p = n - 1;
            while (out[p] == (byte) 0xff) {
                out[p] = 0;
                p--;
            }
            out[p]++;
        }
    }

    private void renormalize() {
        do {
            put((byte) (base >>> 24));
            base = (base << 8) & MAX_LENGTH;
            length = (length << 8) & MAX_LENGTH;
        } while (length < MIN_LENGTH);
    }

    private void put(byte b) {
        if (n == out.length) {
            out = java.util.Arrays.copyOf(out, n * 2);
        }
        out[n++] = b;
    }

    /** Ends the code stream; returns every byte written, with the padding LASzip's decoder reads ahead. */
    byte[] finish() {
        boolean anotherByte = true;
        if (length > 2 * MIN_LENGTH) {
            addToBase(MIN_LENGTH);
            length = MIN_LENGTH >> 1;
        } else {
            addToBase(MIN_LENGTH >> 1);
            length = MIN_LENGTH >> 9;
            anotherByte = false;
        }
        renormalize();
        put((byte) 0);
        put((byte) 0);
        if (anotherByte) {
            put((byte) 0);
        }
        done.write(out, 0, n);
        return done.toByteArray();
    }

    /** LASzip's IntegerCompressor for 32-bit values ({@code bits = 32, bits_high = 8}), compressor side. */
    static final class IntegerCompressor {
        private static final int CORR_BITS = 32;
        private static final int BITS_HIGH = 8;
        private final ArithmeticEncoder enc;
        private final SymbolModel[] bits;
        private final BitModel corrector0 = new BitModel();
        private final SymbolModel[] correctors = new SymbolModel[CORR_BITS + 1];

        IntegerCompressor(ArithmeticEncoder enc, int contexts) {
            this.enc = enc;
            this.bits = new SymbolModel[contexts];
            for (int i = 0; i < contexts; i++) {
                bits[i] = new SymbolModel(CORR_BITS + 1);
            }
            for (int i = 1; i <= CORR_BITS; i++) {
                correctors[i] = new SymbolModel(1 << Math.min(i, BITS_HIGH));
            }
        }

        void compress(int pred, int real, int context) {
            writeCorrector(real - pred, bits[context]);
        }

        private void writeCorrector(int c, SymbolModel mBits) {
            long c1 = (c <= 0 ? -(long) c : (long) c - 1) & 0xffffffffL;
            int k = 0;
            while (c1 != 0) {
                c1 >>>= 1;
                k++;
            }
            enc.encodeSymbol(mBits, k);
            if (k == 0) {
                enc.encodeBit(corrector0, c);
            } else if (k < 32) {
                long v = c < 0 ? (long) c + ((1L << k) - 1) : (long) c - 1;
                if (k <= BITS_HIGH) {
                    enc.encodeSymbol(correctors[k], (int) v);
                } else {
                    int k1 = k - BITS_HIGH;
                    long low = v & ((1L << k1) - 1);
                    enc.encodeSymbol(correctors[k], (int) (v >> k1));
                    enc.writeBits(k1, low);
                }
            }
        }
    }
}
