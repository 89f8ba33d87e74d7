package io.dataplug.core.gzip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;

/**
 * Indexes one gzip object with several threads and produces the same {@link GzipIndexer.Result} (table and
 * windows blob, byte for byte) as {@link GzipIndexer} without a sink or policy.
 *
 * <p>The compressed object is cut into byte ranges, the first longer ({@link #boundary}). Each range but the first
 * looks for a place to start ({@link BlockFinder}: a member header or a deflate block that decodes), then every
 * range decodes from its start to the next range's start ({@link RangeDecoder}), those inside a member with
 * placeholders for the 32 KiB window they do not know yet; the first range starts at once, before the searches. As
 * each range is decoded (and all before it), it is joined to them ({@link RangeStitch}): placed at its
 * uncompressed offset, given the previous 32 KiB to resolve its placeholders with as they are read
 * ({@link ResolvedRange}), and its checkpoints chosen by the sequential rule; the CRCs of its pieces and its
 * checkpoints' windows are then computed on the pool while later ranges still decode. At the end the piece CRCs
 * are combined and every member's trailer (CRC-32 and ISIZE) is checked. Whenever the ranges do not meet exactly
 * (a false start, a range with no start is simply decoded by the range before it), the data is not a plain gzip
 * stream, or it is BGZF, the object is indexed sequentially instead, so the answer is always the sequential one,
 * errors included. One range (one thread by {@link #of}) is the sequential indexer. Holds the object and its
 * decoded ranges in memory, in arrays reused by the next index build ({@link OutputArrays}).
 */
public final class ParallelGzipIndexer {

    /** The result, and whether the parallel path produced it (false: the sequential fallback did). */
    public record Outcome(GzipIndexer.Result result, boolean parallel, int ranges) {
    }

    /** The first range's length over the others', from measured decode times of FASTQ (see {@link #boundary}). */
    static final double FIRST_RANGE_WEIGHT = 1.35;

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
        if (ranges == 1) {
            return sequential(gz); // one range is the sequential decode, without the parallel path's bookkeeping
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("gzip-index-", 0).factory());
        try {
            Outcome o = indexInRanges(gz, pool);
            if (o != null) {
                return o;
            }
        } catch (RangeDecoder.Mismatch | GzipFormatException e) {
            // not what it looked like from the middle: the sequential indexer gives the exact answer or error
        } finally {
            pool.shutdownNow();
        }
        return sequential(gz);
    }

    private Outcome sequential(byte[] gz) throws IOException {
        GzipIndexer seq = GzipIndexer.builder().span(span).windowCompressionLevel(windowLevel).build();
        return new Outcome(seq.index(new ByteArrayInputStream(gz)), false, 1);
    }

    /**
     * Decodes the ranges on the pool and joins each, in order, as soon as it is decoded.
     *
     * @return the outcome, or null for "index sequentially"
     */
    private Outcome indexInRanges(byte[] gz, ExecutorService pool) throws IOException, RangeDecoder.Mismatch {
        BlockFinder.Start memberStart = new BlockFinder.Start(0, 0, true);
        // the first range needs no search: given a thread of its own it starts now, and asks where to stop (the
        // second range's start) only once it reaches the second range, long after the searches have finished
        CompletableFuture<BlockFinder.Start> secondStart = new CompletableFuture<>();
        Future<RangeDecoder.Result> first = threads < 2 ? null : pool.submit(() -> new RangeDecoder(gz, 1 << 20)
                .decode(memberStart, boundary(gz.length, ranges, 1) * 8, () -> get(secondStart)));
        List<Future<BlockFinder.Start>> found = new ArrayList<>();
        for (int i = 0; i < ranges; i++) {
            long from = boundary(gz.length, ranges, i);
            long to = boundary(gz.length, ranges, i + 1);
            found.add(i == 0 ? null : pool.submit(() -> new BlockFinder(gz).find(from * 8, to * 8)));
        }
        List<BlockFinder.Start> starts = new ArrayList<>();
        starts.add(memberStart);
        for (int i = 1; i < ranges; i++) {
            BlockFinder.Start s = get(found.get(i));
            if (s != null && s.bit() > starts.get(starts.size() - 1).latestBit()) {
                starts.add(s);
            }
        }
        secondStart.complete(starts.size() > 1 ? starts.get(1) : null);
        List<Future<RangeDecoder.Result>> decoded = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            BlockFinder.Start s = starts.get(i);
            BlockFinder.Start next = i + 1 < starts.size() ? starts.get(i + 1) : null;
            decoded.add(i == 0 && first != null ? first
                    : pool.submit(() -> new RangeDecoder(gz, 1 << 20).decode(s, next)));
        }
        RangeStitch stitch = new RangeStitch(gz, span, windowLevel, pool);
        List<RangeDecoder.Result> parts = new ArrayList<>();
        for (Future<RangeDecoder.Result> f : decoded) {
            RangeDecoder.Result r = get(f);
            if (r.bgzf()) {
                return null; // BGZF: every member start is a checkpoint candidate of its own; index sequentially
            }
            stitch.add(r);
            parts.add(r);
        }
        GzipIndexer.Result r = stitch.finish();
        if (r == null) {
            return null; // tasks may still read the ranges: their arrays are left to the GC
        }
        parts.forEach(OutputArrays::recycle); // every task that read them has finished
        return new Outcome(r, true, decoded.size());
    }

    /**
     * Where range {@code i} of {@code ranges} starts in an object of {@code size} bytes ({@code size} for
     * {@code i == ranges}). The first range is {@link #FIRST_RANGE_WEIGHT} times as long as the others: it is
     * the only one that starts with a known window, so it decodes to plain bytes with the fast decoder and needs
     * no search, while each other range searches for its start, decodes with placeholders (16-bit symbols, on
     * FASTQ for the whole range) and has them resolved when its CRCs are computed.
     */
    static long boundary(long size, int ranges, int i) {
        if (i == 0 || i == ranges) {
            return i == 0 ? 0 : size;
        }
        double units = FIRST_RANGE_WEIGHT + ranges - 1;
        return Math.min(size, (long) (size * (FIRST_RANGE_WEIGHT + i - 1) / units));
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
}
