package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.gzip.GzipIndexer;
import io.dataplug.core.gzip.GzipRangeResult;
import io.dataplug.core.gzip.RangeChain;
import io.dataplug.core.gzip.ResumedRange;
import io.dataplug.core.gzip.SpeculativeRange;
import io.dataplug.core.storage.ExtendingRangeStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;

/**
 * fastq-gzip preprocessed as map tasks over compressed byte ranges of one object plus a finalize.
 *
 * <p>Map task ({@link #map}): {@link SpeculativeRange} finds the range's first deflate block and decodes with
 * placeholders to the next range's start; its result is the block boundaries it passed and its final window,
 * placeholders included. Nothing of the FASTQ is validated there: bytes behind placeholders are unknown (in FASTQ,
 * read names copy from the previous name, so placeholders last through the whole range).
 *
 * <p>Finalize ({@link #join}): {@link RangeChain} resolves the windows range by range, which gives every range its
 * starting window, and chooses the checkpoints by the sequential rule; then every range is decoded again from its
 * now known window, in parallel ({@link ResumedRange}), and its bytes go through {@link FastqChunkScanner} under all
 * four line phases; phases chain from range 0 as for plain FASTQ chunks, so every record is validated, exactly
 * once, with the bytes the sequential path would see. Any disagreement (a false start, bad gzip or bad FASTQ)
 * gives an empty answer: the caller indexes the object sequentially, which gives the exact index or error.
 */
final class FastqGzipChunked {

    private FastqGzipChunked() {
    }

    static GzipRangeResult map(IndexingContext ctx, long start, long end) throws IOException {
        long size = ctx.source().size();
        SpeculativeRange range = new SpeculativeRange((from, to) -> {
            try (InputStream in = ctx.open(from, to)) {
                return in.readAllBytes();
            }
        }, size, end - start);
        GzipRangeResult r = range.map(start);
        ctx.progress().accept(end - start);
        return r;
    }

    /** The index from the map results, or empty for "index sequentially". */
    static Optional<ObjectIndex<GzipReadIndex>> join(IndexingContext ctx, long span, List<GzipRangeResult> results,
                                                     String windowsFile) throws IOException {
        List<RangeChain.Piece> pieces = RangeChain.join(results, span);
        if (pieces == null) {
            return Optional.empty();
        }
        int threads = Math.min(pieces.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().daemon().name("fastq-gzip-finalize-", 0).factory());
        List<Decoded> decoded = new ArrayList<>();
        try {
            List<Future<Decoded>> fs = new ArrayList<>();
            for (RangeChain.Piece p : pieces) {
                fs.add(pool.submit(() -> decode(ctx, p, span)));
            }
            for (Future<Decoded> f : fs) {
                decoded.add(f.get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResumedRange.Diverged || e.getCause() instanceof GzipFormatException) {
                return Optional.empty();
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return combine(ctx, span, pieces, decoded, windowsFile);
    }

    /** One range decoded again, with its reads validated under the four phases. */
    private record Decoded(ResumedRange.Outcome gzip, FastqChunkScanner.Result fastq, ReadMarks marks) {
    }

    private static Decoded decode(IndexingContext ctx, RangeChain.Piece p, long span) throws IOException {
        long size = ctx.source().size();
        long first = p.startBit() >>> 3;
        long firstEnd = p.last() ? size : Math.min(size, (p.endBit() >>> 3) + 1);
        try (InputStream compressed = new ExtendingRangeStream(ctx::open, first, firstEnd, size)) {
            ResumedRange range = new ResumedRange(compressed, p, Deflater.BEST_COMPRESSION);
            long u = p.uncompressedStart();
            // the scanner reads from the byte before the range (to tell whether a line starts right at it)
            InputStream bytes = u == 0 ? range
                    : new SequenceInputStream(new ByteArrayInputStream(p.window(), p.window().length - 1, 1), range);
            long[] at = new long[p.checkpointOffsets().length + 1];
            at[0] = u;
            System.arraycopy(p.checkpointOffsets(), 0, at, 1, at.length - 1);
            ReadMarks marks = new ReadMarks(at);
            FastqChunkScanner.Result fastq = FastqChunkScanner.scan(bytes, u, p.uncompressedEnd(), span, b -> { }, marks);
            return new Decoded(range.finish(), fastq, marks);
        }
    }

    private static Optional<ObjectIndex<GzipReadIndex>> combine(IndexingContext ctx, long span, List<RangeChain.Piece> pieces,
                                                                List<Decoded> decoded, String windowsFile) {
        GzipIndexer.Result gz = RangeChain.assemble(span, pieces, decoded.stream().map(Decoded::gzip).toList());
        if (gz == null) {
            return Optional.empty();
        }
        int n = gz.index().checkpoints().size();
        long total = gz.index().uncompressedSize();
        long[] readOf = new long[n];
        long[] readOffsetOf = new long[n];
        List<Integer> waiting = new ArrayList<>(); // checkpoints whose first read starts in a later range
        int phase = 0;
        long reads = 0;
        long bases = 0;
        int cp = 1; // checkpoint 0 is the member start: read 0, at the first read of range 0
        waiting.add(0);
        for (int i = 0; i < pieces.size(); i++) {
            Decoded d = decoded.get(i);
            FastqChunkScanner.Phase p = d.fastq().phases().get(phase);
            if (d.fastq().lines() < 0 || !p.ok()) {
                return Optional.empty(); // invalid FASTQ: the sequential path reports it with its line number
            }
            long first = d.marks().firstAtOrAfter(phase, 0);
            if (first >= 0) {
                for (int w : waiting) {
                    readOffsetOf[w] = first;
                }
                waiting.clear();
            }
            for (int k = 1; k <= pieces.get(i).checkpointOffsets().length; k++, cp++) {
                readOf[cp] = reads + d.marks().before(phase, k);
                long at = d.marks().firstAtOrAfter(phase, k);
                if (at >= 0) {
                    readOffsetOf[cp] = at;
                } else {
                    waiting.add(cp);
                }
            }
            reads += p.reads();
            bases += p.bases();
            phase = (int) ((phase + d.fastq().lines()) & 3);
        }
        if (phase != 0 || cp != n) {
            return Optional.empty();
        }
        for (int w : waiting) {
            readOffsetOf[w] = total;
        }
        byte[] windows = gz.windows();
        if (windows.length > 0) {
            ctx.writeSideFile(windowsFile, windows);
        }
        GzipIndex index = gz.index();
        return Optional.of(GzipReadIndex.of(reads, bases, index, span, windows.length > 0 ? windowsFile : null, readOf,
                readOffsetOf));
    }
}
