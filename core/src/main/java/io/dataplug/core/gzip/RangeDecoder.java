package io.dataplug.core.gzip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Decodes one compressed range of a gzip object held in memory, from a start found by {@link BlockFinder}
 * to the next range's start, for {@link ParallelGzipIndexer}. From a block start inside a member it decodes
 * with placeholders ({@link MarkerInflater}) until 32 KiB of plain output are known (or the member ends),
 * then hands over to the fast {@link GzipDecoder}. Offsets it reports are relative to the range's first
 * uncompressed byte. Trailers are recorded, not checked: the member's CRC is known only at the end.
 */
final class RangeDecoder {

    /** Thrown when ranges do not meet exactly (a false start): the caller decodes sequentially instead. */
    static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message);
        }
    }

    /** What a range decoded to. Candidates are checkpoint candidates in the sense of {@link GzipDecoder}. */
    record Result(BlockFinder.Start start, char[] markers, int markerLength, int lowestMarker, byte[] bytes,
                  int byteLength,
                  long[] candidateBits, long[] candidateOffsets, boolean[] candidateIsMember, int candidates,
                  long[] memberStarts, int memberStartCount, long[] trailerOffsets, int[] trailerCrcs,
                  int[] trailerSizes, int trailers, long compressedEnd, boolean bgzf) {

        long length() {
            return (long) markerLength + byteLength;
        }
    }

    private final byte[] gz;
    private final int chunk;

    private char[] markers = new char[0];
    private int markerLength;
    private int lowestMarker = GzipDecoder.WINDOW;
    private byte[] bytes;
    private int byteLength;
    private long[] cBits = new long[64];
    private long[] cOffsets = new long[64];
    private boolean[] cMember = new boolean[64];
    private int candidates;
    private long[] memberStarts = new long[8];
    private int memberStartCount;
    private long[] tOffsets = new long[8];
    private int[] tCrcs = new int[8];
    private int[] tSizes = new int[8];
    private int trailers;

    RangeDecoder(byte[] gz, int outputChunk) {
        this.gz = gz;
        this.chunk = outputChunk;
    }

    /** Where the next range starts, known only once its search has finished. */
    @FunctionalInterface
    interface NextStart {
        /** @return the next range's start, or null if this range is the last */
        BlockFinder.Start get() throws IOException, Mismatch;
    }

    /**
     * Decodes from {@code start} to the next range's start.
     *
     * @param next the next range's start, or null for the last range (decodes to the end of the stream)
     */
    Result decode(BlockFinder.Start start, BlockFinder.Start next) throws IOException, Mismatch {
        return decode(start, new Stop(next));
    }

    /**
     * Decodes from {@code start} to the next range's start, which is asked for only when the decoder reaches
     * {@code notBeforeBit} (no start of a later range lies before it): the decode need not wait for the search.
     */
    Result decode(BlockFinder.Start start, long notBeforeBit, NextStart next) throws IOException, Mismatch {
        return decode(start, new Stop(notBeforeBit, next));
    }

    private Result decode(BlockFinder.Start start, Stop stop) throws IOException, Mismatch {
        // room for about 4x the compressed range up front (FASTQ inflates ~3.5x): fewer copies while growing
        long rangeBytes = (Math.min(gz.length * 8L, stop.estimate()) - start.bit()) / 8;
        int hint = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1 << 16, rangeBytes * 4));
        GzipDecoder d;
        if (start.member()) {
            bytes = OutputArrays.bytes(hint);
            d = new GzipDecoder(new ByteArrayInputStream(gz, (int) (start.bit() >>> 3), gz.length), start.bit() >>> 3,
                    1 << 20, chunk);
            d.startAtMember(0, true);
        } else {
            d = markerPhase(start.bit(), stop, hint);
            if (d == null) {
                bytes = new byte[0];
                return result(start, stop.bit, false);
            }
            bytes = OutputArrays.bytes(Math.max(1 << 16, hint - markerLength));
        }
        d.uncheckedTrailers();
        d.candidateAt(0);
        for (;;) {
            int r = d.decode();
            append(d.out, d.flushPos, d.outPos - d.flushPos);
            d.flushPos = d.outPos;
            if (r == GzipDecoder.CANDIDATE) {
                long b = d.bitPosition();
                stop.reach(b);
                if (b > stop.latest) {
                    throw new Mismatch("range passed the next range's start at bit " + stop.bit + " (now " + b + ")");
                }
                candidate(b, d.uncompressedPosition(), d.candidateIsMemberStart());
                if (b >= stop.bit) {
                    return result(start, stop.bit, d.bgzfMembers() > 0);
                }
            } else if (r == GzipDecoder.MEMBER_END) {
                trailer(d.uncompressedPosition(), d.trailerCrc(), d.trailerSize());
            } else if (r == GzipDecoder.END) {
                stop.reach(Long.MAX_VALUE);
                if (stop.bit != Long.MAX_VALUE) {
                    throw new Mismatch("stream ended before the next range's start at bit " + stop.bit);
                }
                return result(start, d.compressedPosition(), d.bgzfMembers() > 0);
            }
        }
    }

    /** The next range's start as far as the decoder needs it: both bits are "none" until it is looked up. */
    private static final class Stop {
        private final long notBefore;
        private final NextStart source;
        private boolean known;
        long bit = Long.MAX_VALUE;
        long latest = Long.MAX_VALUE;

        Stop(BlockFinder.Start next) {
            this(0, () -> next);
        }

        Stop(long notBefore, NextStart source) {
            this.notBefore = notBefore;
            this.source = source;
        }

        /** Looks the next start up once the decoder, at {@code b}, may have reached it. */
        void reach(long b) throws IOException, Mismatch {
            if (!known && b >= notBefore) {
                known = true;
                BlockFinder.Start s = source.get();
                if (s != null) {
                    bit = s.bit();
                    latest = s.latestBit();
                }
            }
        }

        /** Where the range is expected to end, for sizing its output. */
        long estimate() throws IOException, Mismatch {
            if (notBefore == 0) {
                reach(0);
            }
            return known ? bit : notBefore;
        }
    }

    /** @return the decoder to continue with, or null if the range ended (at the stop's bit) in this phase */
    private GzipDecoder markerPhase(long bit, Stop stop, int hint) throws IOException, Mismatch {
        MarkerInflater m = new MarkerInflater(gz);
        m.out = OutputArrays.chars(hint);
        m.reset(bit);
        for (;;) {
            boolean last = m.header();
            m.body();
            long b = m.bitPosition();
            if (last) {
                int t = (int) ((b + 7) >>> 3);
                if (t + 8 > gz.length) {
                    throw new GzipFormatException(GzipFormatException.Kind.TRUNCATED, gz.length, "trailer");
                }
                keepMarkers(m);
                trailer(markerLength, le32(t), le32(t + 4));
                GzipDecoder d = new GzipDecoder(new ByteArrayInputStream(gz, t + 8, gz.length), t + 8L, 1 << 20, chunk);
                d.startAtMember(markerLength, true);
                return d;
            }
            stop.reach(b);
            if (b > stop.latest) {
                throw new Mismatch("range passed the next range's start at bit " + stop.bit + " (now " + b + ")");
            }
            candidate(b, m.outLen, false);
            if (b >= stop.bit) {
                keepMarkers(m);
                return null;
            }
            if (m.tailIsPlain(GzipDecoder.WINDOW)) {
                keepMarkers(m);
                GzipDecoder d = new GzipDecoder(new ByteArrayInputStream(gz, (int) (b >>> 3), gz.length), b >>> 3,
                        1 << 20, chunk);
                // the member's true prefix length is unknown here; any value above the window is as good
                d.startInMember((int) (b & 7), plainTail(m), markerLength, Long.MAX_VALUE / 4, 0);
                return d;
            }
        }
    }

    /** The window the byte decoder starts with: the last 32 KiB of output, placeholder-free. */
    private static byte[] plainTail(MarkerInflater m) {
        byte[] b = new byte[GzipDecoder.WINDOW];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) m.out[m.outLen - b.length + i];
        }
        return b;
    }

    private void keepMarkers(MarkerInflater m) {
        markers = m.out;
        markerLength = m.outLen;
        lowestMarker = m.lowestMarker;
    }

    private int le32(int p) {
        return (gz[p] & 0xff) | (gz[p + 1] & 0xff) << 8 | (gz[p + 2] & 0xff) << 16 | (gz[p + 3] & 0xff) << 24;
    }

    private void append(byte[] b, int off, int n) {
        if (byteLength + n > bytes.length) {
            byte[] grown = OutputArrays.bytes(Math.max(bytes.length * 2, byteLength + n));
            System.arraycopy(bytes, 0, grown, 0, byteLength);
            bytes = grown;
        }
        System.arraycopy(b, off, bytes, byteLength, n);
        byteLength += n;
    }

    private void candidate(long bit, long offset, boolean member) {
        if (candidates == cBits.length) {
            cBits = Arrays.copyOf(cBits, candidates * 2);
            cOffsets = Arrays.copyOf(cOffsets, candidates * 2);
            cMember = Arrays.copyOf(cMember, candidates * 2);
        }
        cBits[candidates] = bit;
        cOffsets[candidates] = offset;
        cMember[candidates++] = member;
        if (member) {
            if (memberStartCount == memberStarts.length) {
                memberStarts = Arrays.copyOf(memberStarts, memberStartCount * 2);
            }
            memberStarts[memberStartCount++] = offset;
        }
    }

    private void trailer(long offset, int crc, int size) {
        if (trailers == tOffsets.length) {
            tOffsets = Arrays.copyOf(tOffsets, trailers * 2);
            tCrcs = Arrays.copyOf(tCrcs, trailers * 2);
            tSizes = Arrays.copyOf(tSizes, trailers * 2);
        }
        tOffsets[trailers] = offset;
        tCrcs[trailers] = crc;
        tSizes[trailers++] = size;
    }

    private Result result(BlockFinder.Start start, long end, boolean bgzf) {
        return new Result(start, markers, markerLength, lowestMarker, bytes, byteLength, cBits, cOffsets, cMember, candidates,
                memberStarts, memberStartCount, tOffsets, tCrcs, tSizes, trailers, end, bgzf);
    }
}
