package io.dataplug.core.gzip;

import io.dataplug.core.util.LongList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Joins the ranges of {@link ParallelGzipIndexer} in order, each as soon as it and those before it are
 * decoded, so that the work a range leaves (CRCs of its pieces, its checkpoints' windows) runs on the pool
 * while later ranges are still decoding. Adding a range places it at its uncompressed offset, gives it the
 * previous 32 KiB as its window, and chooses its checkpoints by the sequential rule (the first candidate at
 * or after the previous checkpoint + span); {@link #finish} checks every member's CRC-32 and size from the
 * combined piece CRCs and builds the index. Not thread-safe: one caller adds the ranges.
 */
final class RangeStitch {

    /** A chosen checkpoint; {@code window} is the compressed sparse window, or null if it needs none. */
    private record Chosen(long bit, long offset, boolean member, long prefix, Future<byte[]> window) {
    }

    /** CRC-32 of the uncompressed bytes {@code [from, to)}, all inside one range. */
    private record Piece(long from, long to, Future<Integer> crc) {
    }

    private final byte[] gz;
    private final long span;
    private final int windowLevel;
    private final ExecutorService pool;

    private final List<ResolvedRange> ranges = new ArrayList<>();
    private long total;
    private long lastBit = -1;
    private long next;
    private final LongList memberStarts = new LongList();
    private final LongList trailerOffsets = new LongList();
    private final LongList trailerCrcs = new LongList();
    private final LongList trailerSizes = new LongList();
    private final List<Chosen> chosen = new ArrayList<>();
    private final List<Piece> pieces = new ArrayList<>();

    RangeStitch(byte[] gz, long span, int windowLevel, ExecutorService pool) {
        this.gz = gz;
        this.span = span;
        this.windowLevel = windowLevel;
        this.pool = pool;
    }

    /** Places the next range after those added so far and starts its CRC and window work on the pool. */
    void add(RangeDecoder.Result p) throws RangeDecoder.Mismatch {
        long start = total;
        byte[] window = null;
        if (p.markerLength() > 0) {
            // a placeholder before the member start means the range did not start where it seemed to
            if (start - GzipDecoder.WINDOW + p.lowestMarker() < memberStartBefore(start)) {
                throw new RangeDecoder.Mismatch("reference before the member start");
            }
            window = bytes(start - GzipDecoder.WINDOW, GzipDecoder.WINDOW);
        }
        ResolvedRange r = new ResolvedRange(p, start, window);
        ranges.add(r);
        total = r.end();
        LongList cuts = new LongList();
        cuts.add(start);
        for (int c = 0; c < p.candidates(); c++) {
            long bit = p.candidateBits()[c];
            if (bit <= lastBit) {
                continue; // the previous range already recorded its stop
            }
            lastBit = bit;
            long u = start + p.candidateOffsets()[c];
            boolean member = p.candidateIsMember()[c];
            if (member) {
                memberStarts.add(u);
                cuts.add(u);
            }
            if (u >= next) {
                choose(bit, u, member);
                cuts.add(u);
                next = u + span;
            }
        }
        for (int t = 0; t < p.trailers(); t++) {
            long u = start + p.trailerOffsets()[t];
            trailerOffsets.add(u);
            trailerCrcs.add(p.trailerCrcs()[t]);
            trailerSizes.add(p.trailerSizes()[t]);
            cuts.add(u);
        }
        cuts.add(total);
        long[] cut = cuts.toArray();
        Arrays.sort(cut);
        for (int k = 0; k + 1 < cut.length; k++) {
            long from = cut[k];
            long to = cut[k + 1];
            if (from < to) {
                pieces.add(new Piece(from, to, pool.submit(() -> r.crc(from, to))));
            }
        }
    }

    private void choose(long bit, long u, boolean member) {
        long prefix = member ? 0 : u - memberStartBefore(u);
        Future<byte[]> window = null;
        if (prefix > 0) {
            // the window is copied now (the ranges list grows meanwhile); found sparse and deflated on the pool
            byte[] w = bytes(u - Math.min(GzipDecoder.WINDOW, prefix), (int) Math.min(GzipDecoder.WINDOW, prefix));
            Checkpoint cp = new Checkpoint(bit >>> 3, (int) (bit & 7), u, false, prefix, 0, 0, 1, 0);
            window = pool.submit(() -> {
                try (WindowDeflater wd = new WindowDeflater(windowLevel)) {
                    int n = wd.deflate(WindowUse.sparseWindow(gz, cp, w));
                    return Arrays.copyOf(wd.buffer(), n);
                }
            });
        }
        chosen.add(new Chosen(bit, u, member, prefix, window));
    }

    /** Start of the member holding byte {@code u - 1}: the last member start before {@code u} ({@code u} if none). */
    private long memberStartBefore(long u) {
        for (int i = memberStarts.size() - 1; i >= 0; i--) {
            if (memberStarts.get(i) < u) {
                return memberStarts.get(i);
            }
        }
        return u;
    }

    /** {@code n} uncompressed bytes from {@code u} (zeros before 0), from the ranges added so far. */
    private byte[] bytes(long u, int n) {
        byte[] b = new byte[n];
        for (int i = ranges.size() - 1; i >= 0 && ranges.get(i).end() > u; i--) {
            ranges.get(i).copyTo(u, b);
        }
        return b;
    }

    /**
     * Checks the members and builds the index once every range is added.
     *
     * @return the index, or null when the members do not add up (the sequential indexer reports why)
     */
    GzipIndexer.Result finish() throws IOException, RangeDecoder.Mismatch {
        int members = memberStarts.size();
        if (members == 0 || members != trailerOffsets.size()) {
            return null;
        }
        for (int k = 0; k < members; k++) {
            long end = trailerOffsets.get(k);
            if (end < memberStarts.get(k) || k + 1 < members && memberStarts.get(k + 1) != end) {
                return null;
            }
        }
        if (chosen.size() > 1 && chosen.get(chosen.size() - 1).offset() == total) {
            chosen.remove(chosen.size() - 1);
        }
        int[] prefixCrc = new int[chosen.size()];
        if (!walk(prefixCrc)) {
            return null;
        }
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        List<Checkpoint> done = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Chosen c = chosen.get(i);
            if (c.member()) {
                done.add(Checkpoint.atMemberStart(c.bit() >>> 3, c.offset(), 0));
            } else if (c.window() == null) {
                done.add(new Checkpoint(c.bit() >>> 3, (int) (c.bit() & 7), c.offset(), false, 0, 0, -1, 0, 0));
            } else {
                byte[] w = ParallelGzipIndexer.get(c.window());
                done.add(new Checkpoint(c.bit() >>> 3, (int) (c.bit() & 7), c.offset(), false, c.prefix(), prefixCrc[i],
                        blob.size(), w.length, 0));
                blob.write(w, 0, w.length);
            }
        }
        long compressedEnd = ranges.get(ranges.size() - 1).part().compressedEnd();
        GzipIndex index = new GzipIndex(span, compressedEnd, total, members, false, blob.size(), done);
        return new GzipIndexer.Result(index, blob.toByteArray());
    }

    /**
     * Walks the pieces in order with the running member CRC: records it at each chosen checkpoint, checks it and
     * the size against each member's trailer.
     *
     * @return whether every member's CRC-32 and size match its trailer
     */
    private boolean walk(int[] prefixCrc) throws IOException, RangeDecoder.Mismatch {
        Walk w = new Walk(prefixCrc);
        for (Piece piece : pieces) {
            if (!w.at(piece.from())) {
                return false;
            }
            w.running = Crc32s.combine(w.running, ParallelGzipIndexer.get(piece.crc()), piece.to() - piece.from());
        }
        return w.at(total) && w.nextTrailer == trailerOffsets.size() && w.nextChosen == chosen.size();
    }

    /** The state of {@link #walk}. */
    private final class Walk {
        final int[] prefixCrc;
        int running;
        int nextChosen;
        int nextTrailer;

        Walk(int[] prefixCrc) {
            this.prefixCrc = prefixCrc;
        }

        /**
         * At uncompressed offset {@code u}: the running CRC is the prefix CRC of a checkpoint there; then each
         * member ending there is checked and the CRC restarts.
         *
         * @return false on a member whose CRC or size does not match its trailer
         */
        boolean at(long u) {
            while (nextChosen < chosen.size() && chosen.get(nextChosen).offset() == u) {
                prefixCrc[nextChosen++] = running;
            }
            while (nextTrailer < trailerOffsets.size() && trailerOffsets.get(nextTrailer) == u) {
                int k = nextTrailer++;
                if (running != (int) trailerCrcs.get(k)
                        || (int) (u - memberStarts.get(k)) != (int) trailerSizes.get(k)) {
                    return false;
                }
                running = 0;
            }
            return true;
        }
    }
}
