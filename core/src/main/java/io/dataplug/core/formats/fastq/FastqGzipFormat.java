package io.dataplug.core.formats.fastq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.gzip.Checkpoint;
import io.dataplug.core.gzip.CheckpointPolicy;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.gzip.GzipIndexer;
import io.dataplug.core.gzip.GzipResume;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Gzip-compressed FASTQ: any gzip stream (single member from gzip or pigz, concatenated members, BGZF).
 * Preprocessing (one task per object: a gzip stream cannot be split without an index) decompresses once
 * with {@link GzipIndexer}, validating the FASTQ records as they come out, and keeps checkpoints at deflate
 * block boundaries or member starts about every {@code span} uncompressed bytes. Each checkpoint also knows
 * the number and uncompressed offset of the first read starting at or after it. The checkpoint table goes
 * into index.json; the 32 KiB windows, compressed, into the side file {@value #WINDOWS}. A slice part
 * resumes decompression at the checkpoint at or before its first read (window fetched with one ranged
 * read of the side file), skips to that read and writes exactly its reads. See docs/formats/fastq.md.
 */
public final class FastqGzipFormat implements Format {

    public static final String NAME = "fastq-gzip";
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

    /**
     * The index.json of one object. Each checkpoint is {@code [compressedOffset, bitOffset, uncompressedOffset,
     * memberStart (0/1), memberPrefixLength, memberPrefixCrc, windowOffset, windowLength, read, readOffset]}:
     * the gzip resume point, then the number and uncompressed offset of the first read starting at or after it.
     */
    record Index(long reads, long bases, long span, long uncompressed, long members, boolean bgzf, String windows,
                 List<long[]> checkpoints) {

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
    public ObjectIndex buildIndex(IndexingContext ctx, List<JsonNode> chunkResults) throws IOException {
        String uri = ctx.source().location().toUri();
        long span = ctx.options().getLong(FastqFormat.SPAN);
        Params.requireAtLeast(FastqFormat.SPAN, span, 1, "format " + NAME);
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
        long[] offsets = fastq.awaitedOffsets();
        Map<Long, Long> readStart = new HashMap<>();
        for (int i = 0; i < offsets.length; i++) {
            readStart.put(awaited.get(i), offsets[i]);
        }
        GzipIndex gz = result.index();
        List<long[]> table = new ArrayList<>(gz.checkpoints().size());
        for (Checkpoint cp : gz.checkpoints()) {
            long read = cp.attachment();
            table.add(new long[] {cp.compressedOffset(), cp.bitOffset(), cp.uncompressedOffset(), cp.memberStart() ? 1 : 0,
                cp.memberPrefixLength(), cp.memberPrefixCrc(), cp.windowOffset(), cp.windowLength(), read,
                readStart.getOrDefault(read, fastq.length())});
        }
        if (result.windows().length > 0) {
            ctx.writeSideFile(WINDOWS, result.windows());
        }
        Index index = new Index(fastq.reads(), fastq.bases(), span, gz.uncompressedSize(), gz.memberCount(), gz.bgzf(),
                result.windows().length > 0 ? WINDOWS : null, table);
        return new ObjectIndex(Json.tree(index), Map.of("reads", fastq.reads(), "bases", fastq.bases(),
                "uncompressedBytes", gz.uncompressedSize()));
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
    public List<List<SlicePart>> partition(PartitionRequest request) {
        Map<IndexedObject, Index> cache = new IdentityHashMap<>();
        return ReadSlicing.partition(request,
                o -> cache.computeIfAbsent(o, x -> Json.convert(x.index(), Index.class)).reads(),
                (o, first, n) -> part(o, cache.computeIfAbsent(o, x -> Json.convert(x.index(), Index.class)), first, n));
    }

    /** The part holding reads {@code [first, first + n)} of one object. */
    static SlicePart part(IndexedObject o, Index index, long first, long n) {
        List<long[]> cps = index.checkpoints();
        long[] cp = cps.get(index.atOrBefore(first));
        // The part ends where read first + n starts. The first checkpoint whose first read comes after that
        // one lies beyond that start (its read count says read first + n started before it), so compressed
        // data up to it is enough.
        int next = index.atOrBefore(first + n) + 1;
        long end = next < cps.size() ? cps.get(next)[Index.C] + (cps.get(next)[Index.BIT] > 0 ? 1 : 0) : o.source().size();
        ObjectNode c = Json.object();
        c.put("read", first);
        c.put("reads", n);
        c.put("skip", first - cp[Index.READ]);
        c.put("skipBytes", cp[Index.READ_OFFSET] - cp[Index.U]);
        c.put("bit", cp[Index.BIT]);
        c.put("uncompressed", cp[Index.U]);
        if (cp[Index.MEMBER] != 0) {
            c.put("memberStart", true);
        } else {
            c.put("memberPrefixLength", cp[Index.PREFIX]);
            c.put("memberPrefixCrc", cp[Index.CRC]);
        }
        if (cp[Index.W_LEN] > 0) {
            ObjectNode w = c.putObject("window");
            w.put("dir", o.metadataDir());
            w.put("file", index.windows());
            w.put("offset", cp[Index.W_OFF]);
            w.put("length", cp[Index.W_LEN]);
        }
        return new SlicePart(o.source(), cp[Index.C], end, c);
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        for (SlicePart part : slice.parts()) {
            evaluate(ctx, slice, part, out);
        }
    }

    private static void evaluate(SliceContext ctx, Slice slice, SlicePart part, OutputStream out) throws IOException {
        JsonNode c = part.corrections();
        String uri = part.object().uri();
        long skip = c.path("skip").asLong(-1);
        long reads = c.path("reads").asLong(-1);
        long skipBytes = c.path("skipBytes").asLong(-1);
        long uncompressed = c.path("uncompressed").asLong(-1);
        if (skip < 0 || reads < 1 || skipBytes < 0 || uncompressed < 0) {
            throw new IllegalArgumentException("slice " + slice.index() + " of " + uri + ": corrections need 'skip', "
                    + "'skipBytes', 'uncompressed' >= 0 and 'reads' >= 1, got " + c);
        }
        boolean memberStart = c.path("memberStart").asBoolean(false);
        JsonNode w = c.path("window");
        long windowOffset = w.isObject() ? w.path("offset").asLong() : -1;
        int windowLength = w.isObject() ? w.path("length").asInt() : 0;
        Checkpoint cp;
        try {
            cp = new Checkpoint(part.start(), c.path("bit").asInt(0), uncompressed, memberStart,
                    memberStart ? 0 : c.path("memberPrefixLength").asLong(0), memberStart ? 0 : c.path("memberPrefixCrc").asInt(0),
                    windowOffset, windowLength, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("slice " + slice.index() + " of " + uri + ": inconsistent gzip checkpoint "
                    + c + ": " + e.getMessage(), e);
        }
        byte[] window = null;
        if (cp.hasWindow()) {
            String file = MetadataLayout.sideFile(ObjectLocation.parse(w.path("dir").asText()), w.path("file").asText()).toUri();
            window = GzipIndex.inflateWindow(cp, ctx.readMetadata(file, windowOffset, windowLength), 0);
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
}
