package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.gzip.Bgzf;
import io.dataplug.core.gzip.Checkpoint;
import io.dataplug.core.gzip.Gzi;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.gzip.GzipResume;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Indexing fastq-gzip that is BGZF with a {@code .gzi} beside it: from the block table, decompressed in parallel. */
final class GziImport {

    private static final Logger LOG = LoggerFactory.getLogger(GziImport.class);
    /** Uncompressed bytes per parallel decode task. */
    static final long GZI_BATCH = 4 << 20;
    static final int GZI_THREADS = 4;

    private GziImport() {
    }

    /** A {@code .gzi} beside the object that does not describe it (corrupt, stale, or another file's). */
    static final class StaleGzi extends Exception {
        StaleGzi(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What one decode task returns: the uncompressed bytes of a run of BGZF blocks. */
    private record Decoded(byte[] data, long members, long bgzfMembers) {
    }

    /**
     * BGZF with a {@code .gzi}: the block table gives the member starts, so no scan for them is needed. Runs of
     * blocks (about {@value #GZI_BATCH} uncompressed bytes each) are decompressed in parallel, each from its
     * own ranged read and with every member's CRC-32 and size verified; the FASTQ validator consumes them in
     * order, so its results, errors included, are exactly those of a scan. Each run's block headers must
     * match the {@code .gzi} ({@link Gzi#checkBlocks}) and the run must decompress to exactly what they say, the
     * last run ending at the object's end; otherwise the {@code .gzi} is {@link StaleGzi stale} (and a damaged
     * object looks the same: the caller then scans, which reports the damage as usual). Memory: at most
     * {@code 2 * threads} runs (compressed and uncompressed) at a time.
     */
    static ObjectIndex<GzipReadIndex> index(IndexingContext ctx, String uri, long span, byte[] gziBytes)
            throws IOException, StaleGzi {
        long size = ctx.source().size();
        List<Gzi.Entry> entries;
        try {
            entries = Gzi.read(gziBytes);
        } catch (IOException e) {
            throw new StaleGzi(e.getMessage(), e);
        }
        for (int k = 0; k < entries.size(); k++) {
            Gzi.Entry e = entries.get(k);
            if (e.compressedOffset() >= size) {
                throw new StaleGzi("block " + k + " at compressed offset " + e.compressedOffset()
                        + " is beyond the object's end (" + size + " bytes)", null);
            }
            long cNext = k + 1 < entries.size() ? entries.get(k + 1).compressedOffset() : size;
            if (k > 0 && e.uncompressedOffset() - entries.get(k - 1).uncompressedOffset() > Bgzf.MAX_BLOCK
                    || cNext - e.compressedOffset() > (k + 1 < entries.size() ? Bgzf.MAX_BLOCK : 2 * Bgzf.MAX_BLOCK)) {
                throw new StaleGzi("block " + k + " would be larger than a BGZF block (64 KiB), not a BGZF block index",
                        null);
            }
        }
        List<Integer> runs = new ArrayList<>();
        runs.add(0);
        for (int k = 1; k < entries.size(); k++) {
            if (entries.get(k).uncompressedOffset() - entries.get(runs.get(runs.size() - 1)).uncompressedOffset() >= GZI_BATCH) {
                runs.add(k);
            }
        }
        // candidate checkpoints, before the total size is known (only ones at the very end can drop out)
        List<Checkpoint> candidates = Gzi.toIndex(entries, span, size, -1).checkpoints();
        FastqStreamValidator fastq = new FastqStreamValidator(uri, "byte offset and line in the uncompressed data");
        List<Long> awaited = new ArrayList<>();
        Map<Long, Long> readAt = new HashMap<>();
        int threads = Math.max(1, Math.min(GZI_THREADS, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("fastq-gzi-", 0).factory());
        try {
            Deque<Future<Decoded>> inFlight = new ArrayDeque<>();
            int submitted = 0;
            long u = 0;
            long members = 0;
            long bgzfMembers = 0;
            int nextCp = 0;
            for (int r = 0; r < runs.size(); r++) {
                while (submitted < runs.size() && inFlight.size() < 2 * threads) {
                    inFlight.add(pool.submit(decodeRun(ctx, entries, runs, submitted++, size)));
                }
                Decoded d = await(inFlight.poll(), entries.get(runs.get(r)).compressedOffset());
                Gzi.Entry first = entries.get(runs.get(r));
                long expected = r + 1 < runs.size()
                        ? entries.get(runs.get(r + 1)).uncompressedOffset() - first.uncompressedOffset() : -1;
                if (expected >= 0 && d.data().length != expected) {
                    throw new StaleGzi("the blocks from compressed offset " + first.compressedOffset() + " hold "
                            + d.data().length + " uncompressed bytes, the .gzi says " + expected, null);
                }
                byte[] b = d.data();
                int off = 0;
                while (true) {
                    while (nextCp < candidates.size() && candidates.get(nextCp).uncompressedOffset() <= u + off) {
                        long read = fastq.readsStartedSoFar();
                        fastq.await(read);
                        awaited.add(read);
                        readAt.put(candidates.get(nextCp++).uncompressedOffset(), read);
                    }
                    if (off == b.length) {
                        break;
                    }
                    long stop = nextCp < candidates.size() ? candidates.get(nextCp).uncompressedOffset() - u : b.length;
                    int end = (int) Math.min(b.length, stop);
                    fastq.accept(b, off, end - off, u + off);
                    off = end;
                }
                u += b.length;
                members += d.members();
                bgzfMembers += d.bgzfMembers();
                long cEnd = r + 1 < runs.size() ? entries.get(runs.get(r + 1)).compressedOffset() : size;
                ctx.progress().accept(cEnd - first.compressedOffset());
            }
            fastq.finish();
            GzipIndex gz = Gzi.toIndex(entries, span, size, u);
            GzipIndex withCounts = new GzipIndex(span, size, u, members, members > 0 && bgzfMembers == members, 0,
                    gz.checkpoints());
            LOG.info("{}: indexed with the block table of {}.gzi ({} blocks, {} decode threads)", uri, uri,
                    entries.size(), threads);
            return GzipReadIndex.of(fastq, awaited, withCounts, span, null, cp -> readAt.get(cp.uncompressedOffset()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<Decoded> decodeRun(IndexingContext ctx, List<Gzi.Entry> entries, List<Integer> runs, int r,
                                               long size) {
        int from = runs.get(r);
        int to = r + 1 < runs.size() ? runs.get(r + 1) : entries.size();
        Gzi.Entry first = entries.get(from);
        long cEnd = r + 1 < runs.size() ? entries.get(to).compressedOffset() : size;
        return () -> {
            byte[] compressed;
            try (InputStream in = ctx.open(first.compressedOffset(), cEnd)) {
                compressed = in.readAllBytes();
            }
            long expected = Gzi.checkBlocks(compressed, entries, from, to, r + 1 == runs.size());
            Checkpoint cp = Checkpoint.atMemberStart(first.compressedOffset(), first.uncompressedOffset(), 0);
            try (InputStream in = GzipResume.open(cp, null, new ByteArrayInputStream(compressed))) {
                byte[] data = in.readNBytes((int) expected + 1);
                if (data.length != expected) {
                    throw new GzipFormatException(GzipFormatException.Kind.LENGTH_MISMATCH, first.compressedOffset(),
                            "the blocks hold " + data.length + " uncompressed bytes, their headers say " + expected);
                }
                return new Decoded(data, GzipResume.membersCompleted(in), GzipResume.bgzfMembers(in));
            }
        };
    }

    private static Decoded await(Future<Decoded> f, long compressedOffset) throws IOException, StaleGzi {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing BGZF blocks");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof GzipFormatException g) {
                throw new StaleGzi("no valid BGZF blocks at compressed offset " + compressedOffset + ": " + g.getMessage(), g);
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }
}
