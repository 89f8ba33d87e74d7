package io.dataplug.core.gzip;

import static io.dataplug.core.gzip.Huffman.DIST_BITS;
import static io.dataplug.core.gzip.Huffman.EOB;
import static io.dataplug.core.gzip.Huffman.EXCEPTIONAL;
import static io.dataplug.core.gzip.Huffman.LIT_BITS;
import static io.dataplug.core.gzip.Huffman.SUBTABLE;

import io.dataplug.core.gzip.GzipFormatException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A pull-style gzip (RFC 1952) / deflate (RFC 1951) decoder that can stop at deflate block boundaries
 * and member starts, report exact bit positions there, and resume from such a position given the
 * preceding 32 KiB of uncompressed data.
 *
 * <p>Output goes into one large buffer {@link #out}: the last 32 KiB of history, then fresh output.
 * The caller consumes {@code out[flushPos, outPos)}; when the buffer is full {@link #decode()} returns
 * {@link #OUTPUT_FULL}, and the next call slides the last 32 KiB to the front.
 *
 * <p>Bit reading follows the usual "64-bit bit buffer, refill with one unaligned 8-byte load" scheme.
 * Invariant: bits of {@code bitbuf} above {@code bitsleft} are either zero or equal to the stream's next
 * bits (those of {@code in[inPos...]}), so OR-ing a refill at {@code bitsleft} is always correct. The
 * bytes whose bits are still held in {@code bitbuf} stay in {@code in} (compaction keeps them), so the
 * byte position can be rewound for byte-aligned parts (stored blocks, headers, trailers).
 *
 * <p>Not thread-safe.
 */
final class GzipDecoder {

    static final int WINDOW = 1 << 15;

    /** {@link #decode()} results. */
    static final int OUTPUT_FULL = 1;
    static final int CANDIDATE = 2;
    static final int END = 3;
    /** Only when {@link #reportMemberEnds()} was called: a member's trailer has just been verified. */
    static final int MEMBER_END = 4;

    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int S_MEMBER_START = 0;
    private static final int S_MEMBER_HEADER = 1;
    private static final int S_BLOCK_HEADER = 2;
    private static final int S_STORED = 3;
    private static final int S_HUFFMAN = 4;
    private static final int S_TRAILER = 5;
    private static final int S_DONE = 6;

    private static final int LIT_MASK = (1 << LIT_BITS) - 1;
    private static final int DIST_MASK = (1 << DIST_BITS) - 1;
    /** Room after {@link #outLimit} for one more symbol: a 258-byte match written in 8-byte words. */
    private static final int OUT_SLACK = 258 + 16;
    private static final int MIN_READ = 1 << 14;

    // ---- input ----
    private final InputStream src;
    private final byte[] in;
    private int inPos;
    private int inEnd;
    private boolean eof;
    /** Compressed offset of {@code in[0]}. */
    private long inBase;
    private long bitbuf;
    private int bitsleft;

    // ---- output ----
    final byte[] out;
    private final int outLimit;
    int outPos;
    /** Lowest index a back-reference may reach: start of the current member's data in the buffer. */
    private int outMin;
    /** Output before this index has been handed to the consumer. */
    int flushPos;
    /** Output before this index has been added to {@link #crc}. */
    private int crcPos;
    /** Uncompressed offset of {@code out[0]}. */
    private long outBase;

    // ---- deflate state ----
    private int state = S_MEMBER_START;
    private boolean lastBlock;
    private int storedRemaining;
    private int[] lit;
    private int[] dist;
    private final DynamicHeader dynamic = new DynamicHeader();
    private final DynamicHeader.Input headerBits = new DynamicHeader.Input() {
        @Override
        public int bits(int n) throws IOException {
            return GzipDecoder.this.bits(n);
        }

        @Override
        public int peek(int n) throws IOException {
            pullBits(n); // fewer bits at the end of the input: zeros, and drop() says truncated
            return (int) bitbuf & ((1 << n) - 1);
        }

        @Override
        public void drop(int n) throws IOException {
            if (bitsleft < n) {
                throw truncated();
            }
            bitbuf >>>= n;
            bitsleft -= n;
        }

        @Override
        public GzipFormatException invalid(String detail, boolean atBlockStart) {
            return error(Kind.INVALID_CODE_LENGTHS, atBlockStart ? blockStartBits : bitPosition(), detail);
        }
    };
    /** Compressed bit position where the current block's header starts. */
    private long blockStartBits;

    // ---- member state ----
    private final CRC32 crc = new CRC32();
    private long memberStartOut;
    private boolean resumedMember;
    private long resumedPrefixLength;
    private int resumedPrefixCrc;
    private long memberCount;
    private long bgzfMembers;
    private boolean memberIsBgzf;
    private boolean sawMember;
    private boolean startedAtStreamStart;

    // ---- checkpoint candidates ----
    private long candidateAt = Long.MAX_VALUE;
    private boolean candidateIsMemberStart;
    private boolean reportMemberEnds;
    /** Parallel indexing: trailers are read, not checked, and no CRC is computed (the caller checks later). */
    private boolean uncheckedTrailers;
    private int trailerCrc;
    private int trailerSize;

    // ---- window use: checkpoints whose following 32 KiB are still being decoded ----
    private final ArrayList<WindowUse> tracking = new ArrayList<>(2);

    // ---- statistics (tests) ----
    final long[] blockCounts = new long[3];

    GzipDecoder(InputStream src, long compressedOffset, int inputBufferSize, int outputChunkSize) {
        this.src = src;
        this.in = new byte[Math.max(inputBufferSize, 1 << 12)];
        this.inBase = compressedOffset;
        int chunk = Math.max(outputChunkSize, 1 << 12);
        this.outLimit = WINDOW + chunk;
        this.out = new byte[outLimit + OUT_SLACK];
    }

    // =====================================================================================================
    // Setup
    // =====================================================================================================

    /** Start at a member header (or at the end of the stream) whose uncompressed offset is given. */
    void startAtMember(long uncompressedOffset, boolean resumed) {
        outBase = uncompressedOffset;
        sawMember = resumed; // a resumed stream may start at its very end
        startedAtStreamStart = !resumed;
        state = S_MEMBER_START;
    }

    /**
     * Start at a deflate block boundary inside a member.
     *
     * @param window the {@code min(32 KiB, memberPrefixLength)} bytes of the member before the boundary
     */
    void startInMember(int bitOffset, byte[] window, long uncompressedOffset, long memberPrefixLength,
                       int memberPrefixCrc) throws IOException {
        int w = (int) Math.min(WINDOW, memberPrefixLength);
        if (window == null ? w != 0 : window.length != w) {
            throw new IllegalArgumentException("window must hold the last " + w + " bytes before the checkpoint, got "
                    + (window == null ? "none" : window.length + " bytes"));
        }
        if (bitOffset < 0 || bitOffset > 7) {
            throw new IllegalArgumentException("bit offset " + bitOffset);
        }
        if (w > 0) {
            System.arraycopy(window, 0, out, 0, w);
        }
        outPos = w;
        flushPos = w;
        crcPos = w;
        outMin = 0;
        outBase = uncompressedOffset - w;
        memberStartOut = uncompressedOffset - memberPrefixLength;
        resumedMember = true;
        resumedPrefixLength = memberPrefixLength;
        resumedPrefixCrc = memberPrefixCrc;
        sawMember = true;
        crc.reset();
        if (bitOffset > 0) {
            if (!pullBits(bitOffset)) {
                throw truncated();
            }
            bitbuf >>>= bitOffset;
            bitsleft -= bitOffset;
        }
        state = S_BLOCK_HEADER;
    }

    /** Report block boundaries / member starts at or after this uncompressed offset as candidates. */
    void candidateAt(long uncompressedOffset) {
        candidateAt = uncompressedOffset;
    }

    /**
     * Records which bytes of the window before the current position the following output references, until
     * {@link #WINDOW} more bytes are decoded or the member ends ({@link WindowUse#isComplete()}). While any
     * window is tracked, Huffman blocks decode one symbol at a time.
     */
    void track(WindowUse use) {
        tracking.add(use);
    }

    /** Return {@link #MEMBER_END} from {@link #decode()} after every verified member trailer. */
    void reportMemberEnds() {
        reportMemberEnds = true;
    }

    /**
     * For a decoder that starts where the member's CRC is unknown (parallel indexing): compute no CRC, do
     * not check trailers, return {@link #MEMBER_END} after each with {@link #trailerCrc()} and
     * {@link #trailerSize()} set, for the caller to check once the data before is known.
     */
    void uncheckedTrailers() {
        uncheckedTrailers = true;
        reportMemberEnds = true;
    }

    int trailerCrc() {
        return trailerCrc;
    }

    int trailerSize() {
        return trailerSize;
    }

    boolean memberIsBgzf() {
        return memberIsBgzf;
    }

    // =====================================================================================================
    // Queries
    // =====================================================================================================

    /** Compressed position of the next unread bit, in bits from the start of the object. */
    long bitPosition() {
        return (inBase + inPos) * 8 - bitsleft;
    }

    /** Uncompressed offset of the next byte to be produced. */
    long uncompressedPosition() {
        return outBase + outPos;
    }

    boolean candidateIsMemberStart() {
        return candidateIsMemberStart;
    }

    long memberPrefixLength() {
        return outBase + outPos - memberStartOut;
    }

    /** CRC-32 of the current member's data so far, also when decoding resumed inside the member. */
    int memberCrc() {
        syncCrc();
        int sinceResume = (int) crc.getValue();
        return resumedMember
                ? Crc32s.combine(resumedPrefixCrc, sinceResume, memberPrefixLength() - resumedPrefixLength)
                : sinceResume;
    }

    /** Copy of the window before the current position: {@code min(32 KiB, memberPrefixLength())} bytes. */
    byte[] window() {
        int w = (int) Math.min(WINDOW, memberPrefixLength());
        if (outPos - outMin < w) {
            throw new IllegalStateException("window not in buffer");
        }
        return Arrays.copyOfRange(out, outPos - w, outPos);
    }

    long memberCount() {
        return memberCount;
    }

    long bgzfMembers() {
        return bgzfMembers;
    }

    /** Compressed bytes consumed so far (valid after {@link #END}). */
    long compressedPosition() {
        return inBase + inPos - (bitsleft >>> 3);
    }

    /** Add pending output to the member CRC. */
    void syncCrc() {
        if (uncheckedTrailers) {
            crcPos = outPos;
        } else if (crcPos < outPos) {
            crc.update(out, crcPos, outPos - crcPos);
            crcPos = outPos;
        }
    }

    // =====================================================================================================
    // Decoding
    // =====================================================================================================

    /**
     * Decodes until the output buffer is full ({@link #OUTPUT_FULL}; consume {@code out[flushPos, outPos)}
     * and call again), a checkpoint candidate is reached ({@link #CANDIDATE}; the position queries describe
     * it), or the stream ends ({@link #END}; all members verified); also {@link #MEMBER_END} if asked for.
     */
    int decode() throws IOException {
        for (;;) {
            if (outPos >= outLimit) {
                if (flushPos < outPos) {
                    return OUTPUT_FULL;
                }
                slide();
            }
            switch (state) {
                case S_MEMBER_START -> {
                    if (!moreMembers()) {
                        completeTracking();
                        syncCrc();
                        state = S_DONE;
                        return END;
                    }
                    state = S_MEMBER_HEADER;
                    if (outBase + outPos >= candidateAt) {
                        candidateIsMemberStart = true;
                        return CANDIDATE;
                    }
                }
                case S_MEMBER_HEADER -> {
                    readHeader();
                    state = S_BLOCK_HEADER;
                }
                case S_BLOCK_HEADER -> readBlockHeader();
                case S_STORED -> {
                    if (copyStored() && endOfBlock()) {
                        return CANDIDATE;
                    }
                }
                case S_HUFFMAN -> {
                    if (inflateHuffman() && endOfBlock()) {
                        return CANDIDATE;
                    }
                }
                case S_TRAILER -> {
                    readTrailer();
                    state = S_MEMBER_START;
                    if (reportMemberEnds) {
                        return MEMBER_END;
                    }
                }
                case S_DONE -> {
                    return END;
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    /** @return true if this block boundary is a checkpoint candidate */
    private boolean endOfBlock() {
        if (lastBlock) {
            state = S_TRAILER;
            return false;
        }
        state = S_BLOCK_HEADER;
        // In a BGZF block the next member start is at most 64 KiB away and needs no window: wait for it
        // (unless the member is not the small block BGZF promises).
        if ((!memberIsBgzf || memberPrefixLength() > Bgzf.MAX_BLOCK) && outBase + outPos >= candidateAt) {
            candidateIsMemberStart = false;
            return true;
        }
        return false;
    }

    private void completeTracking() {
        for (WindowUse u : tracking) {
            u.complete();
        }
        tracking.clear();
    }

    private void completePassed() {
        long u = outBase + outPos;
        for (int i = tracking.size() - 1; i >= 0; i--) {
            if (tracking.get(i).passedBy(u)) {
                tracking.remove(i).complete();
            }
        }
    }

    private void slide() {
        syncCrc();
        int keep = Math.min(WINDOW, outPos);
        int shift = outPos - keep;
        System.arraycopy(out, shift, out, 0, keep);
        outBase += shift;
        outPos = keep;
        flushPos -= shift;
        crcPos = keep;
        outMin = Math.max(0, outMin - shift);
    }

    // ---- input plumbing ----

    /**
     * Reads more input, keeping the bytes whose bits are still in the bit buffer.
     *
     * @return false if no byte could be added (end of input)
     */
    private boolean fillInput() throws IOException {
        if (eof) {
            return false;
        }
        int keepFrom = inPos - (bitsleft >>> 3);
        if (keepFrom > 0) {
            System.arraycopy(in, keepFrom, in, 0, inEnd - keepFrom);
            inBase += keepFrom;
            inPos -= keepFrom;
            inEnd -= keepFrom;
        }
        int before = inEnd;
        while (inEnd < in.length && inEnd - before < MIN_READ) {
            int n = src.read(in, inEnd, in.length - inEnd);
            if (n < 0) {
                eof = true;
                break;
            }
            inEnd += n;
        }
        return inEnd > before;
    }

    /** Ensures at least {@code n <= 56} bits in the bit buffer unless the input ends first. */
    private boolean pullBits(int n) throws IOException {
        while (bitsleft < n) {
            if (inPos >= inEnd && !fillInput()) {
                return false;
            }
            bitbuf |= (long) (in[inPos++] & 0xff) << bitsleft;
            bitsleft += 8;
        }
        return true;
    }

    private int bits(int n) throws IOException {
        if (!pullBits(n)) {
            throw truncated();
        }
        int v = (int) bitbuf & ((1 << n) - 1);
        bitbuf >>>= n;
        bitsleft -= n;
        return v;
    }

    /** Drops the bits up to the next byte boundary and moves whole buffered bytes back to the array. */
    private void alignToByte() {
        int drop = bitsleft & 7;
        bitsleft -= drop;
        inPos -= bitsleft >>> 3;
        bitsleft = 0;
        bitbuf = 0;
    }

    /** Byte-aligned read; the bit buffer must be empty. */
    private int readByte() throws IOException {
        if (inPos >= inEnd && !fillInput()) {
            throw truncated();
        }
        return in[inPos++] & 0xff;
    }

    private GzipFormatException truncated() {
        return new GzipFormatException(Kind.TRUNCATED, inBase + inEnd,
                "input ends inside gzip " + member());
    }

    /** Names the current member for messages: its number, counted from where decoding started. */
    private String member() {
        long n = memberCount + 1;
        if (startedAtStreamStart) {
            return "member " + n;
        }
        return (n == 1 ? "the member" : "member " + n) + " counted from the checkpoint";
    }

    private GzipFormatException error(Kind kind, long bitPos, String detail) {
        String where = (bitPos & 7) == 0 ? "" : "bit " + (bitPos & 7) + ", ";
        return new GzipFormatException(kind, bitPos >>> 3, where + member()
                + (detail == null ? "" : ", " + detail));
    }

    // ---- gzip framing ----

    /** At a member boundary: is another member coming? Skips trailing zero padding like gzip does. */
    private boolean moreMembers() throws IOException {
        alignToByte();
        if (inPos >= inEnd && !fillInput()) {
            if (!sawMember) {
                throw new GzipFormatException(Kind.TRUNCATED, inBase + inPos, "empty input, no gzip member");
            }
            return false;
        }
        if (in[inPos] == 0 && sawMember) {
            // gzip ignores trailing zero bytes after the last member
            long start = inBase + inPos;
            for (;;) {
                while (inPos < inEnd) {
                    if (in[inPos] != 0) {
                        throw new GzipFormatException(Kind.BAD_MAGIC, inBase + inPos,
                                "non-zero garbage after zero padding that starts at " + start);
                    }
                    inPos++;
                }
                if (!fillInput()) {
                    return false;
                }
            }
        }
        return true;
    }

    private void readHeader() throws IOException {
        alignToByte();
        long start = inBase + inPos;
        CRC32 hcrc = new CRC32();
        int id1 = readByte();
        if (id1 != 0x1f || readByte() != 0x8b) {
            throw new GzipFormatException(Kind.BAD_MAGIC, start, sawMember
                    ? "data after member " + memberCount + " is not a gzip member"
                    : "not a gzip stream");
        }
        int id2 = 0x8b;
        hcrc.update(id1);
        hcrc.update(id2);
        int cm = readByte();
        hcrc.update(cm);
        if (cm != 8) {
            throw new GzipFormatException(Kind.BAD_HEADER, start + 2, "unknown compression method " + cm);
        }
        int flg = readByte();
        hcrc.update(flg);
        if ((flg & 0xe0) != 0) {
            throw new GzipFormatException(Kind.BAD_HEADER, start + 3, "reserved flag bits set: 0x"
                    + Integer.toHexString(flg));
        }
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            hcrc.update(readByte());
        }
        boolean bgzf = false;
        if ((flg & 0x04) != 0) { // FEXTRA
            int b0 = readByte();
            int b1 = readByte();
            hcrc.update(b0);
            hcrc.update(b1);
            int xlen = b0 | (b1 << 8);
            byte[] extra = new byte[xlen];
            for (int i = 0; i < xlen; i++) {
                extra[i] = (byte) readByte();
            }
            hcrc.update(extra);
            bgzf = Bgzf.bcBlockSize(extra, 0, xlen) >= 0;
        }
        if ((flg & 0x08) != 0) { // FNAME
            int b;
            do {
                b = readByte();
                hcrc.update(b);
            } while (b != 0);
        }
        if ((flg & 0x10) != 0) { // FCOMMENT
            int b;
            do {
                b = readByte();
                hcrc.update(b);
            } while (b != 0);
        }
        if ((flg & 0x02) != 0) { // FHCRC
            long at = inBase + inPos;
            int stored = readByte() | (readByte() << 8);
            if (stored != ((int) hcrc.getValue() & 0xffff)) {
                throw new GzipFormatException(Kind.BAD_HEADER, at, "header CRC mismatch");
            }
        }
        if (bgzf) {
            bgzfMembers++;
        }
        memberIsBgzf = bgzf;
        sawMember = true;
        memberStartOut = outBase + outPos;
        outMin = outPos;
        syncCrc();
        crc.reset();
        resumedMember = false;
    }

    private void readTrailer() throws IOException {
        alignToByte();
        syncCrc();
        long at = inBase + inPos;
        int storedCrc = readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
        int storedSize = readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
        if (uncheckedTrailers) {
            trailerCrc = storedCrc;
            trailerSize = storedSize;
            memberCount++;
            completeTracking();
            return;
        }
        long length = outBase + outPos - memberStartOut;
        int actual = memberCrc();
        if (actual != storedCrc) {
            throw new GzipFormatException(Kind.CRC_MISMATCH, at, String.format(
                    "%s: trailer says %08x, data has %08x", member(), storedCrc, actual));
        }
        if (storedSize != (int) length) {
            throw new GzipFormatException(Kind.LENGTH_MISMATCH, at + 4, member()
                    + ": trailer says " + Integer.toUnsignedString(storedSize) + " (mod 2^32), data has " + length);
        }
        memberCount++;
        completeTracking(); // the next member starts without a window
        resumedMember = false;
        crc.reset();
    }

    // ---- deflate blocks ----

    private void readBlockHeader() throws IOException {
        if (!pullBits(3)) {
            throw truncated();
        }
        blockStartBits = bitPosition();
        lastBlock = (bitbuf & 1) != 0;
        int type = (int) (bitbuf >>> 1) & 3;
        bitbuf >>>= 3;
        bitsleft -= 3;
        switch (type) {
            case 0 -> {
                alignToByte();
                long at = inBase + inPos;
                int len = readByte() | (readByte() << 8);
                int nlen = readByte() | (readByte() << 8);
                if (len != (~nlen & 0xffff)) {
                    throw new GzipFormatException(Kind.INVALID_STORED_LENGTH, at, member()
                            + ", LEN " + len + " NLEN " + nlen);
                }
                storedRemaining = len;
                blockCounts[0]++;
                state = S_STORED;
            }
            case 1 -> {
                lit = Huffman.FIXED_LIT;
                dist = Huffman.FIXED_DIST;
                blockCounts[1]++;
                state = S_HUFFMAN;
            }
            case 2 -> {
                readDynamicHeader();
                lit = dynamic.lit;
                dist = dynamic.dist;
                blockCounts[2]++;
                state = S_HUFFMAN;
            }
            default -> throw error(Kind.INVALID_BLOCK_TYPE, blockStartBits, "block type 3");
        }
    }

    private void readDynamicHeader() throws IOException {
        dynamic.read(headerBits);
    }

    /** @return true when the stored block is complete */
    private boolean copyStored() throws IOException {
        while (storedRemaining > 0) {
            if (outPos >= outLimit) {
                return false;
            }
            if (inPos >= inEnd && !fillInput()) {
                throw truncated();
            }
            int n = Math.min(storedRemaining, Math.min(inEnd - inPos, outLimit - outPos));
            System.arraycopy(in, inPos, out, outPos, n);
            inPos += n;
            outPos += n;
            storedRemaining -= n;
        }
        return true;
    }

    /** @return true at the end of the block, false when the output buffer is full */
    private boolean inflateHuffman() throws IOException {
        for (;;) {
            if (!tracking.isEmpty()) {
                boolean eob = slowSymbol();
                completePassed();
                if (eob) {
                    return true;
                }
                if (outPos >= outLimit) {
                    return false;
                }
                continue;
            }
            if (inEnd - inPos >= 8) {
                if (fastLoop()) {
                    return true;
                }
                if (outPos >= outLimit) {
                    return false;
                }
            }
            if (inEnd - inPos < 8 && fillInput()) {
                continue;
            }
            // Near the end of the input: one symbol at a time, with exact bit accounting.
            if (slowSymbol()) {
                return true;
            }
            if (outPos >= outLimit) {
                return false;
            }
        }
    }

    /**
     * The hot loop: decodes symbols while at least 8 input bytes remain and the output has room.
     *
     * @return true at end of block
     */
    private boolean fastLoop() throws GzipFormatException {
        final byte[] in = this.in;
        final byte[] out = this.out;
        final int[] lit = this.lit;
        final int[] dist = this.dist;
        final int inLimit = inEnd - 8;
        final int outLimit = this.outLimit;
        final int outMin = this.outMin;
        long bitbuf = this.bitbuf;
        int bitsleft = this.bitsleft;
        int inPos = this.inPos;
        int outPos = this.outPos;
        boolean eob = false;
        while (inPos <= inLimit && outPos < outLimit) {
            bitbuf |= (long) LE64.get(in, inPos) << bitsleft;
            inPos += 7 - (bitsleft >>> 3);
            bitsleft |= 56;

            int e = lit[(int) bitbuf & LIT_MASK];
            if (e < 0) {
                // Up to three literals per refill: 56 bits hold three 11-bit main-table codes.
                bitbuf >>>= e;
                bitsleft -= e & 0xff;
                out[outPos++] = (byte) (e >>> 16);
                e = lit[(int) bitbuf & LIT_MASK];
                if (e >= 0) {
                    continue;
                }
                bitbuf >>>= e;
                bitsleft -= e & 0xff;
                out[outPos++] = (byte) (e >>> 16);
                e = lit[(int) bitbuf & LIT_MASK];
                if (e >= 0) {
                    continue;
                }
                bitbuf >>>= e;
                bitsleft -= e & 0xff;
                out[outPos++] = (byte) (e >>> 16);
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
                        out[outPos++] = (byte) (e >>> 16);
                        continue;
                    }
                }
                if ((e & EXCEPTIONAL) != 0) {
                    if ((e & EOB) != 0) {
                        bitbuf >>>= e;
                        bitsleft -= e & 0xff;
                        eob = true;
                        break;
                    }
                    this.bitbuf = bitbuf;
                    this.bitsleft = bitsleft;
                    this.inPos = inPos;
                    this.outPos = outPos;
                    throw error(Kind.INVALID_HUFFMAN_CODE, bitPosition(), "invalid literal/length code");
                }
            }
            // length
            long saved = bitbuf;
            bitbuf >>>= e;
            bitsleft -= e & 0xff;
            int len = (e >>> 16) + (int) ((saved & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
            // distance
            e = dist[(int) bitbuf & DIST_MASK];
            if ((e & EXCEPTIONAL) != 0) {
                if ((e & SUBTABLE) != 0) {
                    bitbuf >>>= e;
                    bitsleft -= e & 0xff;
                    e = dist[(e >>> 16) + ((int) bitbuf & ((1 << ((e >>> 8) & 0xf)) - 1))];
                }
                if ((e & EXCEPTIONAL) != 0) {
                    this.bitbuf = bitbuf;
                    this.bitsleft = bitsleft;
                    this.inPos = inPos;
                    this.outPos = outPos;
                    throw error(Kind.INVALID_HUFFMAN_CODE, bitPosition(), "invalid distance code");
                }
            }
            saved = bitbuf;
            bitbuf >>>= e;
            bitsleft -= e & 0xff;
            int d = (e >>> 16) + (int) ((saved & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
            if (d > outPos - outMin) {
                this.bitbuf = bitbuf;
                this.bitsleft = bitsleft;
                this.inPos = inPos;
                this.outPos = outPos;
                throw error(Kind.DISTANCE_TOO_FAR, bitPosition(), "distance " + d + " but only "
                        + (memberPrefixLength()) + " bytes of member output");
            }
            outPos = copyMatch(out, outPos, d, len);
        }
        this.bitbuf = bitbuf;
        this.bitsleft = bitsleft;
        this.inPos = inPos;
        this.outPos = outPos;
        return eob;
    }

    /**
     * Copies a match; may write up to 7 bytes past its end (the buffer has slack for that). Word copies
     * need {@code d >= 8} so that each 8-byte load reads only bytes already written.
     */
    private static int copyMatch(byte[] out, int outPos, int d, int len) {
        int src = outPos - d;
        int end = outPos + len;
        if (d >= 8) {
            if (len <= 16 && d >= 16) {
                // the common short match: two unconditional words, no loop
                LE64.set(out, outPos, (long) LE64.get(out, src));
                LE64.set(out, outPos + 8, (long) LE64.get(out, src + 8));
                return end;
            }
            if (d >= 64 && len > 64) {
                System.arraycopy(out, src, out, outPos, len);
                return end;
            }
            do {
                LE64.set(out, outPos, (long) LE64.get(out, src));
                outPos += 8;
                src += 8;
            } while (outPos < end);
        } else if (d == 1) {
            long v = (out[src] & 0xffL) * 0x0101010101010101L;
            do {
                LE64.set(out, outPos, v);
                outPos += 8;
            } while (outPos < end);
        } else {
            do {
                out[outPos++] = out[src++];
            } while (outPos < end);
        }
        return end;
    }

    /**
     * Decodes one symbol near the end of the input, never using bits past the end.
     *
     * @return true at end of block
     */
    private boolean slowSymbol() throws IOException {
        pullBits(56);
        long start = bitPosition();
        int e = lit[(int) bitbuf & LIT_MASK];
        if (e >= 0 && (e & (EXCEPTIONAL | SUBTABLE)) == (EXCEPTIONAL | SUBTABLE)) {
            consumeChecked(e);
            e = lit[(e >>> 16) + ((int) bitbuf & ((1 << ((e >>> 8) & 0xf)) - 1))];
        }
        if (bitsleft < (e & 0xff)) {
            throw truncated();
        }
        if (e < 0) {
            consumeChecked(e);
            out[outPos++] = (byte) (e >>> 16);
            return false;
        }
        if ((e & EXCEPTIONAL) != 0) {
            if ((e & EOB) != 0) {
                consumeChecked(e);
                return true;
            }
            throw error(Kind.INVALID_HUFFMAN_CODE, start, "invalid literal/length code");
        }
        long saved = bitbuf;
        consumeChecked(e);
        int len = (e >>> 16) + (int) ((saved & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
        long distStart = bitPosition();
        e = dist[(int) bitbuf & DIST_MASK];
        if ((e & (EXCEPTIONAL | SUBTABLE)) == (EXCEPTIONAL | SUBTABLE)) {
            consumeChecked(e);
            e = dist[(e >>> 16) + ((int) bitbuf & ((1 << ((e >>> 8) & 0xf)) - 1))];
        }
        if (bitsleft < (e & 0xff)) {
            throw truncated();
        }
        if ((e & EXCEPTIONAL) != 0) {
            throw error(Kind.INVALID_HUFFMAN_CODE, distStart, "invalid distance code");
        }
        saved = bitbuf;
        consumeChecked(e);
        int d = (e >>> 16) + (int) ((saved & ~(-1L << (e & 0xff))) >>> ((e >>> 8) & 0xf));
        if (d > outPos - outMin) {
            throw error(Kind.DISTANCE_TOO_FAR, distStart, "distance " + d + " but only "
                    + memberPrefixLength() + " bytes of member output");
        }
        for (WindowUse u : tracking) {
            u.reference(outBase + outPos - d, len);
        }
        outPos = copyMatch(out, outPos, d, len);
        return false;
    }

    private void consumeChecked(int e) throws GzipFormatException {
        int n = e & 0xff;
        if (bitsleft < n) {
            throw truncated();
        }
        bitbuf >>>= n;
        bitsleft -= n;
    }
}
