package io.dataplug.core.gzip;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Indexes one gzip object with several threads and produces the same {@link GzipIndexer.Result} (table and
 * windows blob, byte for byte) as {@link GzipIndexer} without a sink or policy.
 *
 * <p>The compressed object is cut into equal byte ranges. Each range but the first looks for a place to
 * start ({@link BlockFinder}: a member header or a deflate block that decodes), then every range decodes
 * from its start to the next range's start ({@link RangeDecoder}), those inside a member with placeholders
 * for the 32 KiB window they do not know yet. Then, in order, each range's placeholders are replaced from
 * the previous range's last 32 KiB; checkpoints are chosen among the recorded block boundaries and member
 * starts by the sequential rule; CRCs are computed per range in parallel and combined, and every member's
 * trailer (CRC-32 and ISIZE) is checked. Whenever the ranges do not meet exactly (a false start, a range
 * with no start is simply decoded by the range before it), the data is not a plain gzip stream, or it is
 * BGZF, the object is indexed sequentially instead, so the answer is always the sequential one, errors
 * included. Holds the object and its uncompressed data in memory.
 */
public final class ParallelGzipIndexer {

    /** The result, and whether the parallel path produced it (false: the sequential fallback did). */
    public record Outcome(GzipIndexer.Result result, boolean parallel, int ranges) {
    }

    private final long span;
    private final int threads;
    private final int ranges;
    private final int windowLevel;

    public ParallelGzipIndexer(long span, int threads, int ranges, int windowLevel) {
        if (span < 1 || threads < 1 || ranges < 1) {
            throw new IllegalArgumentException("span, threads and ranges must be positive");
        }
        this.span = span;
        this.threads = threads;
        this.ranges = ranges;
        this.windowLevel = windowLevel;
    }

    /** {@code threads} threads over as many ranges, default span and window level. */
    public static ParallelGzipIndexer of(int threads) {
        return new ParallelGzipIndexer(GzipIndex.DEFAULT_SPAN, threads, threads, Deflater.BEST_COMPRESSION);
    }

    public Outcome index(byte[] gz) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("gzip-index-", 0).factory());
        try {
            List<RangeDecoder.Result> parts = decodeRanges(gz, pool);
            if (parts != null) {
                GzipIndexer.Result r = new Assembly(gz, parts, pool).run();
                if (r != null) {
                    return new Outcome(r, true, parts.size());
                }
            }
        } catch (RangeDecoder.Mismatch | GzipFormatException e) {
            // not what it looked like from the middle: the sequential indexer gives the exact answer or error
        } finally {
            pool.shutdownNow();
        }
        GzipIndexer seq = GzipIndexer.builder().span(span).windowCompressionLevel(windowLevel).build();
        return new Outcome(seq.index(new ByteArrayInputStream(gz)), false, 1);
    }

    /** @return the decoded ranges in order, or null for "index sequentially" */
    private List<RangeDecoder.Result> decodeRanges(byte[] gz, ExecutorService pool)
            throws IOException, RangeDecoder.Mismatch {
        long size = gz.length;
        List<Future<BlockFinder.Start>> found = new ArrayList<>();
        for (int i = 0; i < ranges; i++) {
            long from = size * i / ranges;
            long to = size * (i + 1) / ranges;
            found.add(i == 0 ? null : pool.submit(() -> new BlockFinder(gz).find(from * 8, to * 8)));
        }
        List<BlockFinder.Start> starts = new ArrayList<>();
        starts.add(new BlockFinder.Start(0, 0, true));
        for (int i = 1; i < ranges; i++) {
            BlockFinder.Start s = get(found.get(i));
            if (s != null && s.bit() > starts.get(starts.size() - 1).latestBit()) {
                starts.add(s);
            }
        }
        List<Future<RangeDecoder.Result>> decoded = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            BlockFinder.Start s = starts.get(i);
            BlockFinder.Start next = i + 1 < starts.size() ? starts.get(i + 1) : null;
            decoded.add(pool.submit(() -> new RangeDecoder(gz, 1 << 20).decode(s, next)));
        }
        List<RangeDecoder.Result> out = new ArrayList<>();
        for (Future<RangeDecoder.Result> f : decoded) {
            RangeDecoder.Result r = get(f);
            if (r.bgzf()) {
                return null; // BGZF: every member start is a checkpoint candidate of its own; index sequentially
            }
            out.add(r);
        }
        return out;
    }

    static <T> T get(Future<T> f) throws IOException, RangeDecoder.Mismatch {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RangeDecoder.Mismatch m) {
                throw m;
            }
            if (c instanceof GzipFormatException g) {
                throw g;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Resolves placeholders, chooses checkpoints, checks CRCs and builds the windows blob. */
    private final class Assembly {
        final byte[] gz;
        final List<RangeDecoder.Result> parts;
        final ExecutorService pool;
        final long[] starts;
        final byte[][] resolved;
        long total;

        Assembly(byte[] gz, List<RangeDecoder.Result> parts, ExecutorService pool) {
            this.gz = gz;
            this.parts = parts;
            this.pool = pool;
            this.starts = new long[parts.size()];
            this.resolved = new byte[parts.size()][];
        }

        GzipIndexer.Result run() throws IOException, RangeDecoder.Mismatch {
            for (int i = 0; i < parts.size(); i++) {
                starts[i] = total;
                total += parts.get(i).length();
            }
            // members: {start, end, crc, size}; starts from the candidates (deduplicated by bit), ends from trailers
            List<Long> memberStarts = new ArrayList<>();
            List<long[]> ends = new ArrayList<>();
            long lastBit = -1;
            for (int i = 0; i < parts.size(); i++) {
                RangeDecoder.Result p = parts.get(i);
                for (int c = 0; c < p.candidates(); c++) {
                    if (p.candidateBits()[c] > lastBit) {
                        lastBit = p.candidateBits()[c];
                        if (p.candidateIsMember()[c]) {
                            memberStarts.add(starts[i] + p.candidateOffsets()[c]);
                        }
                    }
                }
                for (int t = 0; t < p.trailers(); t++) {
                    ends.add(new long[] {starts[i] + p.trailerOffsets()[t], p.trailerCrcs()[t], p.trailerSizes()[t]});
                }
            }
            if (memberStarts.size() != ends.size()) {
                return null;
            }
            List<long[]> members = new ArrayList<>();
            for (int k = 0; k < ends.size(); k++) {
                long[] e = ends.get(k);
                if (e[0] < memberStarts.get(k) || k + 1 < ends.size() && memberStarts.get(k + 1) != e[0]) {
                    return null;
                }
                members.add(new long[] {memberStarts.get(k), e[0], e[1], e[2]});
            }
            if (members.isEmpty()) {
                return null;
            }
            // placeholders: each range's last 32 KiB in order (the next range's window), then the rest in parallel
            byte[][] windows = new byte[parts.size()][];
            long[] memberStartOf = new long[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                int n = parts.get(i).markerLength();
                resolved[i] = new byte[n];
                memberStartOf[i] = memberStartAt(members, starts[i] - 1);
                windows[i] = n == 0 ? null : bytes(starts[i] - GzipDecoder.WINDOW, GzipDecoder.WINDOW, i);
                resolve(i, windows[i], memberStartOf[i], Math.max(0, n - GzipDecoder.WINDOW), n);
            }
            List<Future<?>> rest = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                int ii = i;
                int to = Math.max(0, parts.get(i).markerLength() - GzipDecoder.WINDOW);
                rest.add(pool.submit(() -> {
                    resolve(ii, windows[ii], memberStartOf[ii], 0, to);
                    return null;
                }));
            }
            for (Future<?> f : rest) {
                get(f);
            }
            List<Checkpoint> chosen = choose(members);
            return finish(members, chosen);
        }

        /** Start of the member holding byte {@code u} (or, for u = -1 or past the members, u + 1). */
        long memberStartAt(List<long[]> members, long u) {
            for (long[] m : members) {
                if (m[0] <= u && u < m[1]) {
                    return m[0];
                }
            }
            return u + 1;
        }

        /** Replaces range i's placeholders in {@code [from, to)} using the 32 KiB before the range. */
        void resolve(int i, byte[] window, long memberStart, int from, int to) throws RangeDecoder.Mismatch {
            RangeDecoder.Result p = parts.get(i);
            byte[] r = resolved[i];
            long u0 = starts[i];
            char[] m = p.markers();
            for (int k = from; k < to; k++) {
                char c = m[k];
                if (c >= MarkerInflater.MARKER) {
                    int j = c - MarkerInflater.MARKER;
                    if (u0 - GzipDecoder.WINDOW + j < memberStart) {
                        throw new RangeDecoder.Mismatch("reference before the member start");
                    }
                    r[k] = window[j];
                } else {
                    r[k] = (byte) c;
                }
            }
        }

        /** {@code n} uncompressed bytes from {@code u} (zeros before 0), from ranges before {@code limit}. */
        byte[] bytes(long u, int n, int limit) {
            byte[] b = new byte[n];
            for (int i = 0; i < limit; i++) {
                long a = starts[i];
                copy(resolved[i], a, u, b, resolved[i].length);
                copy(parts.get(i).bytes(), a + parts.get(i).markerLength(), u, b, parts.get(i).byteLength());
            }
            return b;
        }

        private void copy(byte[] src, long srcStart, long u, byte[] dst, int srcLen) {
            long lo = Math.max(srcStart, u);
            long hi = Math.min(srcStart + srcLen, u + dst.length);
            if (lo < hi) {
                System.arraycopy(src, (int) (lo - srcStart), dst, (int) (lo - u), (int) (hi - lo));
            }
        }

        /** The sequential rule: the first candidate at or after the previous checkpoint + span. */
        List<Checkpoint> choose(List<long[]> members) {
            List<Checkpoint> out = new ArrayList<>();
            long next = 0;
            long lastBit = -1;
            for (RangeDecoder.Result p : parts) {
                long base = starts[parts.indexOf(p)];
                for (int c = 0; c < p.candidates(); c++) {
                    long bit = p.candidateBits()[c];
                    long u = base + p.candidateOffsets()[c];
                    if (bit <= lastBit) {
                        continue; // the previous range already recorded its stop
                    }
                    lastBit = bit;
                    if (u < next) {
                        continue;
                    }
                    if (p.candidateIsMember()[c]) {
                        out.add(Checkpoint.atMemberStart(bit >>> 3, u, 0));
                    } else {
                        long prefix = u - memberStartAt(members, u - 1);
                        // window offset/length filled in later; 0/-1 placeholders only for prefix 0
                        out.add(new Checkpoint(bit >>> 3, (int) (bit & 7), u, false, prefix, 0,
                                prefix > 0 ? 0 : -1, prefix > 0 ? 1 : 0, 0));
                    }
                    next = u + span;
                }
            }
            if (out.size() > 1 && out.get(out.size() - 1).uncompressedOffset() == total) {
                out.remove(out.size() - 1);
            }
            return out;
        }

        GzipIndexer.Result finish(List<long[]> members, List<Checkpoint> chosen)
                throws IOException, RangeDecoder.Mismatch {
            // CRC-32 of each piece between cut points, per range in parallel
            java.util.TreeSet<Long> cuts = new java.util.TreeSet<>();
            for (long[] m : members) {
                cuts.add(m[0]);
                cuts.add(m[1]);
            }
            for (Checkpoint c : chosen) {
                cuts.add(c.uncompressedOffset());
            }
            cuts.add(total);
            long[] cut = cuts.stream().mapToLong(Long::longValue).toArray();
            int[] pieceCrc = new int[cut.length];
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k + 1 < cut.length; k++) {
                int kk = k;
                fs.add(pool.submit(() -> {
                    pieceCrc[kk] = crc(cut[kk], cut[kk + 1]);
                }));
            }
            for (Future<?> f : fs) {
                get(f);
            }
            // walk the pieces: running member CRC, checkpoint prefix CRCs, trailer checks
            java.util.Map<Long, Integer> crcAt = new java.util.HashMap<>();
            int mi = 0;
            int running = 0;
            for (int k = 0; k < cut.length; k++) {
                long u = cut[k];
                crcAt.put(u, running);
                while (mi < members.size() && members.get(mi)[1] == u) {
                    long[] m = members.get(mi++);
                    if (running != (int) m[2] || (int) (m[1] - m[0]) != (int) m[3]) {
                        return null; // the sequential indexer reports the mismatch with its context
                    }
                    running = 0;
                }
                if (k + 1 < cut.length) {
                    running = Crc32s.combine(running, pieceCrc[k], cut[k + 1] - u);
                }
            }
            if (mi != members.size()) {
                return null;
            }
            // windows: which bytes the next 32 KiB use, deflated; per checkpoint in parallel
            List<Future<byte[]>> windows = new ArrayList<>();
            List<Checkpoint> withCrc = new ArrayList<>();
            for (Checkpoint c : chosen) {
                if (c.memberStart() || c.memberPrefixLength() == 0) {
                    withCrc.add(c);
                    windows.add(null);
                    continue;
                }
                Checkpoint cp = new Checkpoint(c.compressedOffset(), c.bitOffset(), c.uncompressedOffset(), false,
                        c.memberPrefixLength(), crcAt.get(c.uncompressedOffset()), 0, 1, 0);
                withCrc.add(cp);
                byte[] window = bytes(cp.uncompressedOffset() - cp.windowSize(), cp.windowSize(), parts.size());
                windows.add(pool.submit(() -> {
                    try (WindowDeflater wd = new WindowDeflater(windowLevel)) {
                        int n = wd.deflate(WindowUse.sparseWindow(gz, cp, window));
                        return java.util.Arrays.copyOf(wd.buffer(), n);
                    }
                }));
            }
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            List<Checkpoint> done = new ArrayList<>();
            for (int i = 0; i < withCrc.size(); i++) {
                Checkpoint c = withCrc.get(i);
                if (windows.get(i) == null) {
                    done.add(c);
                    continue;
                }
                byte[] w = get(windows.get(i));
                done.add(new Checkpoint(c.compressedOffset(), c.bitOffset(), c.uncompressedOffset(), false,
                        c.memberPrefixLength(), c.memberPrefixCrc(), blob.size(), w.length, 0));
                blob.write(w, 0, w.length);
            }
            RangeDecoder.Result last = parts.get(parts.size() - 1);
            GzipIndex index = new GzipIndex(span, last.compressedEnd(), total, members.size(), false, blob.size(), done);
            return new GzipIndexer.Result(index, blob.toByteArray());
        }

        int crc(long from, long to) {
            CRC32 c = new CRC32();
            for (int i = 0; i < parts.size(); i++) {
                RangeDecoder.Result p = parts.get(i);
                update(c, resolved[i], starts[i], resolved[i].length, from, to);
                update(c, p.bytes(), starts[i] + p.markerLength(), p.byteLength(), from, to);
            }
            return (int) c.getValue();
        }

        private void update(CRC32 c, byte[] src, long srcStart, int len, long from, long to) {
            long lo = Math.max(srcStart, from);
            long hi = Math.min(srcStart + len, to);
            if (lo < hi) {
                c.update(src, (int) (lo - srcStart), (int) (hi - lo));
            }
        }
    }
}
