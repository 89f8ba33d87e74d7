package io.dataplug.core.gzip;

import static io.dataplug.core.gzip.Huffman.DIST_BITS;
import static io.dataplug.core.gzip.Huffman.EOB;
import static io.dataplug.core.gzip.Huffman.EXCEPTIONAL;
import static io.dataplug.core.gzip.Huffman.LIT_BITS;
import static io.dataplug.core.gzip.Huffman.SUBTABLE;

import io.dataplug.core.gzip.GzipFormatException.Kind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes deflate blocks that start in the middle of a member whose preceding 32 KiB are not known yet
 * (parallel indexing, after the approach of rapidgzip, Knespel &amp; Brunst, HPDC'23). Output symbols are
 * 16-bit: values below 256 are bytes, {@code 256 + j} stands for byte {@code j} of the unknown window
 * (the 32 KiB before the start), to be replaced once the previous range has been decoded.
 *
 * <p>Works on a compressed object held in memory, addressed in bits from its start. Also validates block
 * headers for the speculative search ({@link BlockFinder}); any invalid structure throws
 * {@link GzipFormatException}. Not thread-safe.
 */
final class MarkerInflater {

    static final int MARKER = 256;

    private static final int LIT_MASK = (1 << LIT_BITS) - 1;
    private static final int DIST_MASK = (1 << DIST_BITS) - 1;

    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] src;
    /** Bytes of {@code src} that are input: a map task's finder must see exactly the same bytes as its neighbour's. */
    private final int length;
    private long bit;
    private final long limitBits;

    char[] out = new char[1 << 16];
    int outLen;
    /** Index after the last marker written; 0 if none. */
    int markersEnd;
    /** Lowest window index a placeholder refers to (WINDOW if none): how far back the unknown window is used. */
    int lowestMarker = GzipDecoder.WINDOW;

    private int[] lit;
    private int[] dist;
    private final DynamicHeader dynamic = new DynamicHeader();
    private final DynamicHeader.Input headerBits = new DynamicHeader.Input() {
        @Override
        public int bits(int n) throws GzipFormatException {
            return MarkerInflater.this.bits(n);
        }

        @Override
        public int peek(int n) {
            return (int) MarkerInflater.this.peek() & ((1 << n) - 1);
        }

        @Override
        public void drop(int n) throws GzipFormatException {
            consume(n);
        }

        @Override
        public GzipFormatException invalid(String detail, boolean atBlockStart) {
            return new GzipFormatException(Kind.INVALID_CODE_LENGTHS, bit >>> 3, detail);
        }
    };
    private int type;
    private int storedLength;

    MarkerInflater(byte[] src) {
        this(src, src.length);
    }

    /** Input is {@code src[0, length)}; nothing past it is read. */
    MarkerInflater(byte[] src, int length) {
        if (length < 0 || length > src.length) {
            throw new IllegalArgumentException("length " + length + " outside the " + src.length + "-byte input");
        }
        this.src = src;
        this.length = length;
        this.limitBits = (long) length * 8;
    }

    /** Starts decoding at {@code bitPosition} with empty output. */
    void reset(long bitPosition) {
        bit = bitPosition;
        outLen = 0;
        markersEnd = 0;
        lowestMarker = GzipDecoder.WINDOW;
    }

    long bitPosition() {
        return bit;
    }

    /**
     * Reads a block header at the current position.
     *
     * @return whether the block is the member's last
     */
    boolean header() throws GzipFormatException {
        boolean last = bits(1) == 1;
        type = bits(2);
        switch (type) {
            case 0 -> {
                bit = (bit + 7) & ~7L;
                int len = bits(16);
                int nlen = bits(16);
                if (len != (~nlen & 0xffff)) {
                    throw new GzipFormatException(Kind.INVALID_STORED_LENGTH, bit >>> 3, "LEN/NLEN");
                }
                storedLength = len;
            }
            case 1 -> {
                lit = Huffman.FIXED_LIT;
                dist = Huffman.FIXED_DIST;
            }
            case 2 -> dynamicHeader();
            default -> throw new GzipFormatException(Kind.INVALID_BLOCK_TYPE, bit >>> 3, "block type 3");
        }
        return last;
    }

    boolean isDynamic() {
        return type == 2;
    }

    /** Decodes the body of the block whose {@link #header()} was just read, up to and including its end. */
    void body() throws GzipFormatException {
        if (type == 0) {
            if (bit + storedLength * 8L > limitBits) {
                throw truncated();
            }
            ensure(storedLength);
            int from = (int) (bit >>> 3);
            for (int i = 0; i < storedLength; i++) {
                out[outLen++] = (char) (src[from + i] & 0xff);
            }
            bit += storedLength * 8L;
            return;
        }
        fastLoop();
    }

    /**
     * The body of a Huffman block, as {@link GzipDecoder}'s fast loop: a 64-bit bit buffer refilled a word at a time
     * (up to three literals per refill), output symbols into a char[]. Near the end of the input it hands over to
     * {@link #bodySlow}.
     */
    private void fastLoop() throws GzipFormatException {
        final int[] lit = this.lit;
        final int[] dist = this.dist;
        final byte[] src = this.src;
        final int inLimit = length - 8;
        char[] out = this.out;
        int outLen = this.outLen;
        int markersEnd = this.markersEnd;
        int inPos = (int) (bit >>> 3);
        long bitbuf = 0;
        int bitsleft = 0;
        if (inPos <= inLimit) {
            bitsleft = 56 - (int) (bit & 7);
            bitbuf = ((long) LE64.get(src, inPos) >>> (bit & 7)) & ((1L << bitsleft) - 1); // bits above must be 0
            inPos += 7;
        }
        for (;;) {
            if (inPos > inLimit) {
                this.bit = (long) inPos * 8 - bitsleft;
                this.out = out;
                this.outLen = outLen;
                this.markersEnd = markersEnd;
                bodySlow();
                return;
            }
            if (outLen + 3 * 258 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            bitbuf |= (long) LE64.get(src, inPos) << bitsleft;
            inPos += 7 - (bitsleft >>> 3);
            bitsleft |= 56;
            int e = lit[(int) bitbuf & LIT_MASK];
            if (e < 0) {
                bitbuf >>>= e;
                bitsleft -= e & 0xff;
                out[outLen++] = (char) ((e >>> 16) & 0xff);
                e = lit[(int) bitbuf & LIT_MASK];
                if (e >= 0) {
                    continue;
                }
                bitbuf >>>= e;
                bitsleft -= e & 0xff;
                out[outLen++] = (char) ((e >>> 16) & 0xff);
                e = lit[(int) bitbuf & LIT_MASK];
                if (e >= 0) {
                    continue;
                }
                bitbuf >>>= e;
                bitsleft -= e & 0xff;
                out[outLen++] = (char) ((e >>> 16) & 0xff);
                continue;
            }
            if ((e & EXCEPTIONAL) != 0) {
                if ((e & SUBTABLE) != 0) {
                    bitbuf >>>= e;
                    bitsleft -= e & 0xff;
                    e = lit[(e >>> 16) + ((int) bitbuf & ((1 << ((e >>> 8) & 0xf)) - 1))];
                    if (e < 0) {
                        bitbuf >>>= e;
                        bitsleft -= e & 0xff;
                        out[outLen++] = (char) ((e >>> 16) & 0xff);
                        continue;
                    }
                }
                if ((e & EXCEPTIONAL) != 0) {
                    if ((e & EOB) != 0) {
                        bitbuf >>>= e;
                        bitsleft -= e & 0xff;
                        this.bit = (long) inPos * 8 - bitsleft;
                        this.out = out;
                        this.outLen = outLen;
                        this.markersEnd = markersEnd;
                        return;
                    }
                    throw new GzipFormatException(Kind.INVALID_HUFFMAN_CODE, inPos - (bitsleft >>> 3),
                            "invalid literal/length code");
                }
            }
            long saved = bitbuf;
            bitbuf >>>= e;
            bitsleft -= e & 0xff;
            int len = (e >>> 16) + (int) ((saved & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
            e = dist[(int) bitbuf & DIST_MASK];
            if ((e & EXCEPTIONAL) != 0) {
                if ((e & SUBTABLE) != 0) {
                    bitbuf >>>= e;
                    bitsleft -= e & 0xff;
                    e = dist[(e >>> 16) + ((int) bitbuf & ((1 << ((e >>> 8) & 0xf)) - 1))];
                }
                if ((e & EXCEPTIONAL) != 0) {
                    throw new GzipFormatException(Kind.INVALID_HUFFMAN_CODE, inPos - (bitsleft >>> 3),
                            "invalid distance code");
                }
            }
            saved = bitbuf;
            bitbuf >>>= e;
            bitsleft -= e & 0xff;
            int d = (e >>> 16) + (int) ((saved & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
            if (d > GzipDecoder.WINDOW) {
                throw new GzipFormatException(Kind.DISTANCE_TOO_FAR, inPos - (bitsleft >>> 3), "distance " + d);
            }
            int from = outLen - d;
            if (from < markersEnd) {
                markersEnd = outLen + len; // may copy a placeholder (conservative)
            }
            if (from >= 0 && d >= len) {
                System.arraycopy(out, from, out, outLen, len);
                outLen += len;
            } else {
                outLen = copyNear(out, outLen, from, len);
            }
        }
    }

    /**
     * Copies a match symbol by symbol, placeholders first for its part in the unknown window, and returns the new
     * output length. Two loops, not one testing each symbol: that one's hoisted bounds check on {@code out[from]}
     * failed whenever {@code from} started negative, and the JIT recompiled the decoder in every JVM's first builds.
     */
    private int copyNear(char[] out, int outLen, int from, int len) {
        int end = outLen + len;
        if (from < 0) {
            lowestMarker = Math.min(lowestMarker, GzipDecoder.WINDOW + from);
            int window = Math.min(end, outLen - from); // symbols that come from before the output
            while (outLen < window) {
                out[outLen++] = (char) (MARKER + GzipDecoder.WINDOW + from++);
            }
        }
        while (outLen < end) {
            out[outLen++] = out[from++];
        }
        return outLen;
    }

    /** Near the end of the input: symbol by symbol with bounds checks. */
    private void bodySlow() throws GzipFormatException {
        final int[] lit = this.lit;
        final int[] dist = this.dist;
        for (;;) {
            ensure(258);
            long buf = peek();
            int e = lit[(int) buf & LIT_MASK];
            if ((e & (EXCEPTIONAL | SUBTABLE)) == (EXCEPTIONAL | SUBTABLE) && e >= 0) {
                consume(e & 0xff);
                buf = peek();
                e = lit[(e >>> 16) + ((int) buf & ((1 << ((e >>> 8) & 0xf)) - 1))];
            }
            if (e < 0) {
                consume(e & 0xff);
                out[outLen++] = (char) ((e >>> 16) & 0xff);
                continue;
            }
            if ((e & EXCEPTIONAL) != 0) {
                if ((e & EOB) != 0) {
                    consume(e & 0xff);
                    return;
                }
                throw new GzipFormatException(Kind.INVALID_HUFFMAN_CODE, bit >>> 3, "invalid literal/length code");
            }
            consume(e & 0xff);
            int len = (e >>> 16) + (int) ((buf & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
            buf = peek();
            e = dist[(int) buf & DIST_MASK];
            if ((e & (EXCEPTIONAL | SUBTABLE)) == (EXCEPTIONAL | SUBTABLE)) {
                consume(e & 0xff);
                buf = peek();
                e = dist[(e >>> 16) + ((int) buf & ((1 << ((e >>> 8) & 0xf)) - 1))];
            }
            if ((e & EXCEPTIONAL) != 0) {
                throw new GzipFormatException(Kind.INVALID_HUFFMAN_CODE, bit >>> 3, "invalid distance code");
            }
            consume(e & 0xff);
            int d = (e >>> 16) + (int) ((buf & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
            if (d > GzipDecoder.WINDOW) {
                throw new GzipFormatException(Kind.DISTANCE_TOO_FAR, bit >>> 3, "distance " + d);
            }
            int from = outLen - d;
            if (from < markersEnd) {
                markersEnd = outLen + len;
            }
            outLen = copyNear(out, outLen, from, len);
        }
    }

    /**
     * Drops all output but the last 32 KiB once more than {@code keep} symbols are held (a map task needs only its
     * final window). Back-references reach at most 32 KiB, so the next symbols decode the same; and as at least
     * 32 KiB stay, no later reference falls before the buffer, so new placeholders can only be copies of old ones.
     */
    void compact(int keep) {
        if (outLen <= Math.max(keep, GzipDecoder.WINDOW)) {
            return;
        }
        int drop = outLen - GzipDecoder.WINDOW;
        System.arraycopy(out, drop, out, 0, GzipDecoder.WINDOW);
        outLen = GzipDecoder.WINDOW;
        markersEnd = Math.max(0, markersEnd - drop);
    }

    /** Whether the last {@code n} output symbols are all plain bytes. */
    boolean tailIsPlain(int n) {
        return outLen - markersEnd >= n;
    }

    private void dynamicHeader() throws GzipFormatException {
        try {
            dynamic.read(headerBits);
        } catch (GzipFormatException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("in-memory input", e); // MarkerInflater's bits never do I/O
        }
        lit = dynamic.lit;
        dist = dynamic.dist;
    }

    // ---- bits ----

    /** The next 64 bits (zeros past the end of the input). */
    private long peek() {
        return Bits.at(src, length, bit);
    }

    private void consume(int n) throws GzipFormatException {
        bit += n;
        if (bit > limitBits) {
            throw truncated();
        }
    }

    private int bits(int n) throws GzipFormatException {
        int v = (int) peek() & ((1 << n) - 1);
        consume(n);
        return v;
    }

    private void ensure(int more) {
        if (outLen + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + more));
        }
    }

    private GzipFormatException truncated() {
        return new GzipFormatException(Kind.TRUNCATED, length, "input ends inside a deflate block");
    }
}
