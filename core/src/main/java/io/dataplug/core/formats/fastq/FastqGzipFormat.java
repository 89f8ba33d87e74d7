package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.RecordFraming;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.gzip.Checkpoint;
import io.dataplug.core.gzip.CheckpointPolicy;
import io.dataplug.core.gzip.Gzi;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.gzip.GzipIndexer;
import io.dataplug.core.gzip.GzipResume;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.util.OptionalField;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gzip-compressed FASTQ: any gzip stream (single member from gzip or pigz, concatenated members, BGZF).
 * Preprocessing (one task per object: a gzip stream cannot be split without an index) decompresses once
 * with {@link GzipIndexer}, validating the FASTQ records as they come out, and keeps checkpoints at deflate
 * block boundaries or member starts about every {@code span} uncompressed bytes. Each checkpoint also knows
 * the number and uncompressed offset of the first read starting at or after it. The checkpoint table goes
 * into index.json; the 32 KiB windows, compressed, into the side file {@value #WINDOWS}. A slice part
 * resumes decompression at the checkpoint at or before its first read (window fetched with one ranged
 * read of the side file), skips to that read and writes exactly its reads. For BGZF with a {@code .gzi}
 * beside the object, the block table replaces the scan for member starts and the blocks are decompressed in
 * parallel inside the task (same index; a {@code .gzi} that does not match is ignored and the object scanned).
 * See docs/formats/fastq.md.
 */
public final class FastqGzipFormat implements Format<FastqGzipFormat.Index, Void, GzipReadCorrections> {

    public static final String NAME = "fastq-gzip";
    private static final Logger LOG = LoggerFactory.getLogger(FastqGzipFormat.class);
    /** Uncompressed bytes per parallel decode task when a {@code .gzi} gives the BGZF block starts. */
    static final long GZI_BATCH = 4 << 20;
    static final int GZI_THREADS = 4;
    /** Largest uncompressed size of one BGZF block. */
    private static final int BGZF_BLOCK = 65536;
    static final String WINDOWS = "windows.bin";
    private static final String GZIP_HINT = "the object is not valid gzip (truncated or damaged; 'gzip -t' tells the "
            + "same), or not gzip at all (plain FASTQ is format 'fastq')";

    @Override
    public Set<String> companionSuffixes() {
        return Set.of(".gzi");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "gzip-compressed FASTQ reads (gzip, pigz, concatenated members, BGZF); slices hold whole reads";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(ParamSpec.optional(FastqFormat.SPAN, ParamType.BYTES, "4MiB",
                "checkpoint spacing in uncompressed bytes; each checkpoint stores a compressed 32 KiB window, and a "
                        + "slice decompresses at most about this much before its first read"));
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.PER_OBJECT;
    }

    @Override
    public FormatTypes<Index, Void, GzipReadCorrections> types() {
        return FormatTypes.perObject(Index.class, GzipReadCorrections.class);
    }

    /**
     * The index.json of one object. Each checkpoint is {@code [compressedOffset, bitOffset, uncompressedOffset,
     * memberStart (0/1), memberPrefixLength, memberPrefixCrc, windowOffset, windowLength, read, readOffset]}:
     * the gzip resume point, then the number and uncompressed offset of the first read starting at or after it.
     */
    record Index(long reads, long bases, long span, long uncompressed, long members, boolean bgzf,
                 @OptionalField String windows, List<long[]> checkpoints) {

        static final int C = 0;
        static final int BIT = 1;
        static final int U = 2;
        static final int MEMBER = 3;
        static final int PREFIX = 4;
        static final int CRC = 5;
        static final int W_OFF = 6;
        static final int W_LEN = 7;
        static final int READ = 8;
        static final int READ_OFFSET = 9;

        /** Index of the last checkpoint whose first read is at or before {@code read}. */
        int atOrBefore(long read) {
            int lo = 0;
            int hi = checkpoints.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (checkpoints.get(mid)[READ] <= read) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }
    }

    @Override
    public ObjectIndex<Index> buildIndex(IndexingContext ctx, List<Void> chunkResults) throws IOException {
        String uri = ctx.source().location().toUri();
        long span = ctx.options().getLong(FastqFormat.SPAN);
        Params.requireAtLeast(FastqFormat.SPAN, span, 1, "format " + NAME);
        Optional<byte[]> gzi;
        try {
            gzi = ctx.readBeside(".gzi");
        } catch (ObjectChangedException e) {
            throw e;
        } catch (StorageException e) {
            // like a .tbi for bgzip-vcf: an unreadable companion is not a reason to fail, the scan needs none
            LOG.warn("{}: cannot read {}.gzi, scanning the object instead: {}", uri, uri, e.getMessage());
            gzi = Optional.empty();
        }
        if (gzi.isPresent()) {
            try {
                return fromGzi(ctx, uri, span, gzi.get());
            } catch (StaleGzi e) {
                LOG.warn("{}: ignoring {}.gzi, it does not match the object ({}); scanning the object instead",
                        uri, uri, e.getMessage());
            }
        }
        return scan(ctx, uri, span);
    }

    /** Today's path: one sequential decompression with {@link GzipIndexer}, which finds the checkpoints itself. */
    private static ObjectIndex<Index> scan(IndexingContext ctx, String uri, long span) throws IOException {
        FastqStreamValidator fastq = new FastqStreamValidator(uri, "byte offset and line in the uncompressed data");
        List<Long> awaited = new ArrayList<>();
        CheckpointPolicy policy = new CheckpointPolicy() {
            @Override
            public long attachment(long uncompressedOffset) {
                long read = fastq.readsStartedSoFar();
                fastq.await(read);
                awaited.add(read);
                return read;
            }
        };
        GzipIndexer.Result result;
        try (InputStream in = new ProgressStream(ctx.open(0, ctx.source().size()), ctx.progress())) {
            result = GzipIndexer.builder().span(span).sink(fastq::accept).policy(policy).build().index(in);
        } catch (GzipFormatException e) {
            throw gzipError(uri, e);
        }
        fastq.finish();
        GzipIndex gz = result.index();
        if (result.windows().length > 0) {
            ctx.writeSideFile(WINDOWS, result.windows());
        }
        return objectIndex(fastq, awaited, gz, span, result.windows().length > 0 ? WINDOWS : null, Checkpoint::attachment);
    }

    private static ObjectIndex<Index> objectIndex(FastqStreamValidator fastq, List<Long> awaited, GzipIndex gz, long span,
                                           String windows, java.util.function.ToLongFunction<Checkpoint> readOf) {
        long[] offsets = fastq.awaitedOffsets();
        Map<Long, Long> readStart = new HashMap<>();
        for (int i = 0; i < offsets.length; i++) {
            readStart.put(awaited.get(i), offsets[i]);
        }
        List<long[]> table = new ArrayList<>(gz.checkpoints().size());
        for (Checkpoint cp : gz.checkpoints()) {
            long read = readOf.applyAsLong(cp);
            table.add(new long[] {cp.compressedOffset(), cp.bitOffset(), cp.uncompressedOffset(), cp.memberStart() ? 1 : 0,
                cp.memberPrefixLength(), cp.memberPrefixCrc(), cp.windowOffset(), cp.windowLength(), read,
                readStart.getOrDefault(read, fastq.length())});
        }
        Index index = new Index(fastq.reads(), fastq.bases(), span, gz.uncompressedSize(), gz.memberCount(), gz.bgzf(),
                windows, table);
        return new ObjectIndex<>(index, Map.of("reads", fastq.reads(), "bases", fastq.bases(),
                "uncompressedBytes", gz.uncompressedSize()));
    }

    /** A {@code .gzi} beside the object that does not describe it (corrupt, stale, or another file's). */
    private static final class StaleGzi extends Exception {
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
     * order, so its results, errors included, are exactly those of {@link #scan}. Each run's block headers must
     * match the {@code .gzi} ({@link #checkBlocks}) and the run must decompress to exactly what they say, the
     * last run ending at the object's end; otherwise the {@code .gzi} is {@link StaleGzi stale} (and a damaged
     * object looks the same: the caller then scans, which reports the damage as usual). Memory: at most
     * {@code 2 * threads} runs (compressed and uncompressed) at a time.
     */
    private static ObjectIndex<Index> fromGzi(IndexingContext ctx, String uri, long span, byte[] gziBytes)
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
            if (k > 0 && e.uncompressedOffset() - entries.get(k - 1).uncompressedOffset() > BGZF_BLOCK
                    || cNext - e.compressedOffset() > (k + 1 < entries.size() ? BGZF_BLOCK : 2 * BGZF_BLOCK)) {
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
            return objectIndex(fastq, awaited, withCounts, span, null, cp -> readAt.get(cp.uncompressedOffset()));
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
            long expected = checkBlocks(compressed, entries, from, to, r + 1 == runs.size());
            Checkpoint cp = Checkpoint.atMemberStart(first.compressedOffset(), first.uncompressedOffset(), 0);
            try (InputStream in = GzipResume.open(cp, null, new java.io.ByteArrayInputStream(compressed))) {
                byte[] data = in.readNBytes((int) expected + 1);
                if (data.length != expected) {
                    throw new GzipFormatException(GzipFormatException.Kind.LENGTH_MISMATCH, first.compressedOffset(),
                            "the blocks hold " + data.length + " uncompressed bytes, their headers say " + expected);
                }
                return new Decoded(data, GzipResume.membersCompleted(in), GzipResume.bgzfMembers(in));
            }
        };
    }

    /**
     * Walks the BGZF block headers of one run (its compressed bytes, from entry {@code from}'s offset on): every
     * block must start where a {@code .gzi} entry says, in order, and hold (trailer ISIZE) what the next entry's
     * uncompressed offset says; blocks the {@code .gzi} does not list may only be empty (BGZF's EOF block).
     * Decompression later checks every block's data against its ISIZE and CRC-32.
     *
     * @return the run's uncompressed length
     */
    static long checkBlocks(byte[] b, List<Gzi.Entry> entries, int from, int to, boolean last) throws GzipFormatException {
        long c0 = entries.get(from).compressedOffset();
        int q = 0;
        int k = from;
        long total = 0;
        while (q < b.length) {
            long at = c0 + q;
            if (b.length - q < 18 || (b[q] & 0xff) != 0x1f || (b[q + 1] & 0xff) != 0x8b || b[q + 2] != 8 || (b[q + 3] & 4) == 0) {
                throw new GzipFormatException(GzipFormatException.Kind.BAD_HEADER, at, "no BGZF block header here");
            }
            int xlen = u16(b, q + 10);
            int bsize = -1;
            for (int x = q + 12; x + 4 <= q + 12 + xlen && x + 4 <= b.length; x += 4 + u16(b, x + 2)) {
                if (b[x] == 'B' && b[x + 1] == 'C' && u16(b, x + 2) == 2 && x + 6 <= b.length) {
                    bsize = u16(b, x + 4);
                }
            }
            int length = bsize + 1;
            if (bsize < 0 || length > b.length - q || length < 12 + xlen + 8) {
                throw new GzipFormatException(GzipFormatException.Kind.BAD_HEADER, at, "not a BGZF block (no or a wrong "
                        + "BC size field)");
            }
            long isize = (u16(b, q + length - 4) | (long) u16(b, q + length - 2) << 16);
            if (isize > BGZF_BLOCK) {
                throw new GzipFormatException(GzipFormatException.Kind.LENGTH_MISMATCH, at, "a BGZF block of " + isize
                        + " uncompressed bytes (at most " + BGZF_BLOCK + ")");
            }
            if (k < to && entries.get(k).compressedOffset() == at) {
                long next = k + 1 < entries.size() ? entries.get(k + 1).uncompressedOffset() - entries.get(k).uncompressedOffset() : -1;
                if (next >= 0 && isize != next) {
                    throw new GzipFormatException(GzipFormatException.Kind.LENGTH_MISMATCH, at, "the block holds " + isize
                            + " uncompressed bytes, the .gzi says " + next);
                }
                k++;
            } else if (isize != 0 || k < to && entries.get(k).compressedOffset() < at) {
                throw new GzipFormatException(GzipFormatException.Kind.BAD_HEADER, at, "a block the .gzi does not list"
                        + (k < to ? " (it lists one at " + entries.get(k).compressedOffset() + ")" : ""));
            }
            total += isize;
            q += length;
        }
        if (k != to) {
            throw new GzipFormatException(GzipFormatException.Kind.BAD_HEADER, c0 + q, "the .gzi lists a block at "
                    + entries.get(k).compressedOffset() + " that is not a block start");
        }
        if (!last && total != entries.get(to).uncompressedOffset() - entries.get(from).uncompressedOffset()) {
            throw new GzipFormatException(GzipFormatException.Kind.LENGTH_MISMATCH, c0, "blocks hold " + total
                    + " uncompressed bytes, the .gzi says otherwise");
        }
        return total;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static Decoded await(Future<Decoded> f, long compressedOffset) throws IOException, StaleGzi {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while decompressing BGZF blocks");
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

    static DataFormatException gzipError(String uri, GzipFormatException e) {
        return new DataFormatException(uri, e.compressedOffset(), 0, "invalid gzip data: " + e.kind().description()
                + " (" + e.getMessage() + ")", GZIP_HINT);
    }

    @Override
    public List<StrategySpec> strategies() {
        return ReadSlicing.STRATEGIES;
    }

    @Override
    public List<List<SlicePart<GzipReadCorrections>>> partition(PartitionRequest<Index> request) {
        return ReadSlicing.partition(request, o -> o.index().reads(), (o, first, n) -> part(o, o.index(), first, n));
    }

    /** The part holding reads {@code [first, first + n)} of one object. */
    static SlicePart<GzipReadCorrections> part(IndexedObject<Index> o, Index index, long first, long n) {
        List<long[]> cps = index.checkpoints();
        long[] cp = cps.get(index.atOrBefore(first));
        // The part ends where read first + n starts. The first checkpoint whose first read comes after that
        // one lies beyond that start (its read count says read first + n started before it), so compressed
        // data up to it is enough.
        int next = index.atOrBefore(first + n) + 1;
        long end = next < cps.size() ? cps.get(next)[Index.C] + (cps.get(next)[Index.BIT] > 0 ? 1 : 0) : o.source().size();
        boolean member = cp[Index.MEMBER] != 0;
        GzipReadCorrections.Window window = cp[Index.W_LEN] > 0
                ? new GzipReadCorrections.Window(o.metadataDir(), index.windows(), cp[Index.W_OFF], (int) cp[Index.W_LEN]) : null;
        GzipReadCorrections c = new GzipReadCorrections(first, n, first - cp[Index.READ], cp[Index.READ_OFFSET] - cp[Index.U],
                (int) cp[Index.BIT], cp[Index.U], member ? Boolean.TRUE : null, member ? null : cp[Index.PREFIX],
                member ? null : (int) cp[Index.CRC], window);
        return new SlicePart<>(o.source(), cp[Index.C], end, c);
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        for (SlicePart<GzipReadCorrections> part : slice.parts(GzipReadCorrections.class)) {
            evaluate(ctx, part, out);
        }
    }

    private static void evaluate(SliceContext ctx, SlicePart<GzipReadCorrections> part, OutputStream out) throws IOException {
        GzipReadCorrections c = part.corrections();
        String uri = part.object().uri();
        long skip = c.skip();
        long reads = c.reads();
        long skipBytes = c.skipBytes();
        long uncompressed = c.uncompressed();
        Checkpoint cp = c.checkpoint(part.start()); // consistent: checked when the manifest was read
        byte[] window = null;
        if (cp.hasWindow()) {
            GzipReadCorrections.Window w = c.window();
            window = GzipIndex.inflateWindow(cp, ctx.readMetadata(c.windowFile(), w.offset(), w.length()), 0);
        }
        try (InputStream data = GzipResume.open(cp, window, ctx.open(part.object(), part.start(), part.end()))) {
            data.skipNBytes(skipBytes);
            ReadCopier.copy(data, skip, reads, out, uri, uncompressed + skipBytes, part.end() == part.object().size(),
                    4 * part.length());
        } catch (GzipFormatException e) {
            throw gzipError(uri, e);
        }
    }

    /** Reports compressed bytes read as preprocessing progress. */
    private static final class ProgressStream extends FilterInputStream {
        private final LongConsumer progress;

        ProgressStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.accept(n);
            }
            return n;
        }
    }

    @Override
    public Optional<RecordFraming> records() {
        return Optional.of(FastqRecords.FRAMING);
    }
}
