package io.dataplug.core.gzip;

import io.dataplug.core.gzip.GzipRangeResult.Outcome;
import io.dataplug.core.util.LongList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The map side of indexing one gzip stream in compressed byte ranges (after rapidgzip, HPDC'23): range {@code i}
 * of a tiling of {@code [0, size)} into ranges of {@code chunk} bytes finds its first deflate block start
 * ({@link BlockFinder}), decodes with placeholders for the unknown 32 KiB before it ({@link MarkerInflater}) up to
 * the start that the next range with a start finds, and keeps the block boundaries it passed and its final
 * window, placeholders included. It never needs another task's result: it runs the next ranges' search itself.
 * The search for range {@code r} sees exactly the bytes {@code [start(r), min(size, end(r) + SLACK))}, in this
 * task and in range r's own, so both find the same start.
 */
public final class SpeculativeRange {

    /** Bytes past a range's end that its block search may decode to confirm a start. */
    static final int SLACK = 1 << 20;
    /** Output symbols held before the decoder drops all but the window. */
    private static final int KEEP = 4 << 20;

    /** Reads {@code [from, to)} of the compressed object. */
    @FunctionalInterface
    public interface Source {
        byte[] read(long from, long to) throws IOException;
    }

    private final Source source;
    private final long size;
    private final long chunk;

    /**
     * @param size  the compressed object's size
     * @param chunk the ranges' length (the last one shorter)
     */
    public SpeculativeRange(Source source, long size, long chunk) {
        this.source = source;
        this.size = size;
        this.chunk = chunk;
    }

    /** Map task for the range starting at {@code start}. */
    public GzipRangeResult map(long start) throws IOException {
        long end = Math.min(size, start + chunk);
        if (start == 0 && end == size) {
            return GzipRangeResult.of(Outcome.SEQUENTIAL); // one range: nothing to split
        }
        long loaded = Math.min(size, end + chunk + SLACK);
        byte[] buf = source.read(start, loaded);
        BlockFinder.Start first;
        if (start == 0) {
            int h = GzipHeaders.end(buf, 0);
            if (h < 0) {
                return GzipRangeResult.of(Outcome.SEQUENTIAL);
            }
            first = new BlockFinder.Start(h * 8L, h * 8L, false);
        } else {
            first = find(buf, start, 0, end - start);
            if (first == null) {
                return GzipRangeResult.of(Outcome.NO_START);
            }
            if (first.member()) {
                return GzipRangeResult.of(Outcome.SEQUENTIAL);
            }
        }
        // the next range with a start: where this one stops
        BlockFinder.Start stop = null;
        for (long r = end; r < size && stop == null; r += chunk) {
            long rEnd = Math.min(size, r + chunk);
            long need = Math.min(size, rEnd + SLACK);
            if (need > start + buf.length) {
                buf = Arrays.copyOf(buf, (int) (need - start));
                byte[] more = source.read(loaded, need);
                System.arraycopy(more, 0, buf, (int) (loaded - start), more.length);
                loaded = need;
            }
            stop = find(buf, start, r - start, rEnd - start);
            if (stop != null && stop.member()) {
                return GzipRangeResult.of(Outcome.SEQUENTIAL);
            }
        }
        try {
            GzipRangeResult r = decode(buf, start, first, stop);
            if (start == 0 && r.outcome() == Outcome.DECODED) { // the first range starts at the member header
                r = new GzipRangeResult(r.outcome(), 0, 0, r.endBit(), r.last(), r.length(), r.candidateBits(),
                        r.candidateOffsets(), r.window());
            }
            return r;
        } catch (GzipFormatException e) {
            return GzipRangeResult.of(Outcome.SEQUENTIAL);
        }
    }

    /** The search of the range {@code [from, to)} (relative to {@code buf}, which starts at {@code base}). */
    private BlockFinder.Start find(byte[] buf, long base, long from, long to) {
        int limit = (int) Math.min(size - base, to + SLACK);
        return new BlockFinder(buf, limit).find(from * 8, to * 8);
    }

    private GzipRangeResult decode(byte[] buf, long base, BlockFinder.Start first, BlockFinder.Start stop)
            throws GzipFormatException {
        long baseBit = base * 8;
        MarkerInflater m = new MarkerInflater(buf);
        m.reset(first.bit());
        long dropped = 0;
        LongList bits = new LongList();
        LongList offsets = new LongList();
        for (;;) {
            boolean last = m.header();
            m.body();
            long b = m.bitPosition();
            if (last) {
                long trailerEnd = ((b + 7) >>> 3) + 8;
                if (stop != null || base + trailerEnd != size) {
                    return GzipRangeResult.of(Outcome.SEQUENTIAL); // another member follows, or a false start
                }
                return result(first, baseBit, base * 8 + b, true, dropped + m.outLen, bits, offsets, m);
            }
            bits.add(baseBit + b); // the boundary where the next range starts is this range's last candidate
            offsets.add(dropped + m.outLen);
            if (stop != null && b >= stop.bit()) {
                if (b > stop.latestBit()) {
                    return GzipRangeResult.of(Outcome.SEQUENTIAL); // the next range's start was a false one
                }
                return result(first, baseBit, baseBit + b, false, dropped + m.outLen, bits, offsets, m);
            }
            int before = m.outLen;
            m.compact(KEEP);
            dropped += before - m.outLen;
        }
    }

    private static GzipRangeResult result(BlockFinder.Start first, long baseBit, long endBit, boolean last, long length,
                                          LongList bits, LongList offsets, MarkerInflater m) {
        int n = (int) Math.min(GzipDecoder.WINDOW, length);
        byte[] raw = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            char c = m.out[m.outLen - n + i];
            raw[2 * i] = (byte) c;
            raw[2 * i + 1] = (byte) (c >>> 8);
        }
        return new GzipRangeResult(Outcome.DECODED, baseBit + first.bit(), baseBit + first.latestBit(), endBit, last,
                length, bits.toArray(), offsets.toArray(), deflate(raw));
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] b = new byte[8192];
            while (!d.finished()) {
                out.write(b, 0, d.deflate(b));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }
}
