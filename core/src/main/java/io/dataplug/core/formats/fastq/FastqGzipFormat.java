package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.InvalidRequestException;
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
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.gzip.GzipIndexer;
import io.dataplug.core.gzip.GzipRangeResult;
import io.dataplug.core.gzip.PipelinedSink;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gzip-compressed FASTQ: any gzip stream (single member from gzip or pigz, concatenated members, BGZF).
 * Preprocessing (by default one task per object; with {@code decode=ranges} map tasks over compressed byte ranges
 * and a finalize, {@link FastqGzipChunked}: speculative block search, placeholder decoding, windows resolved range
 * by range — when that does not apply: one range, several members, no block start found) decompresses once
 * with {@link GzipIndexer}, validating the FASTQ records as they come out, and keeps checkpoints at deflate
 * block boundaries or member starts about every {@code span} uncompressed bytes ({@link GzipReadIndex}); the
 * 32 KiB windows, compressed, go into the side file {@value #WINDOWS}. For BGZF with a {@code .gzi} beside the
 * object, {@link GziImport} builds the same index from the block table, decompressing in parallel (a {@code .gzi}
 * that does not match is ignored and the object scanned). {@link GzipReadSlicer} cuts slices of reads;
 * {@link GzipReadEvaluator} evaluates them, every byte covered by a CRC-32. See docs/formats/fastq.md.
 */
public final class FastqGzipFormat implements Format<GzipReadIndex, GzipRangeResult, GzipReadCorrections> {

    public static final String NAME = "fastq-gzip";
    public static final String DECODE = "decode";
    public static final String DECODE_SEQUENTIAL = "sequential";
    public static final String DECODE_RANGES = "ranges";

    /*
     * Opt-in because the finalize decodes every range again (on its own cores) to validate reads and compute CRCs:
     * map pods spread the placeholder decoding, but the total work is about twice one sequential decode, so it can only
     * win when map pods run elsewhere and the finalize pod has many cores (docs/formats/fastq.md).
     */
    static final ParamSpec DECODE_OPTION = ParamSpec.optional(DECODE, ParamType.STRING, DECODE_SEQUENTIAL,
            "'sequential': one task per object decodes it once; 'ranges': map tasks over compressed byte ranges of one"
                    + " object (chunk size) decode in parallel pods and the finalize decodes every range again on its"
                    + " cores to validate reads (about twice the work in all: slower than 'sequential' on 2 cores; meant"
                    + " for map pods on other machines and a finalize pod with many cores)");
    private static final Logger LOG = LoggerFactory.getLogger(FastqGzipFormat.class);
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
                        + "slice decompresses at most about this much before its first read"),
                DECODE_OPTION);
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    @Override
    public Preprocessing preprocessing(Params options) {
        return switch (options.getString(DECODE)) {
            case DECODE_SEQUENTIAL -> Preprocessing.PER_OBJECT;
            case DECODE_RANGES -> Preprocessing.CHUNKED;
            default -> throw new InvalidRequestException("option '" + DECODE + "' of format " + NAME + " must be '"
                    + DECODE_SEQUENTIAL + "' or '" + DECODE_RANGES + "', got '" + options.getString(DECODE) + "'");
        };
    }

    @Override
    public FormatTypes<GzipReadIndex, GzipRangeResult, GzipReadCorrections> types() {
        return FormatTypes.chunked(GzipReadIndex.class, GzipRangeResult.class, GzipReadCorrections.class);
    }

    /** Map task over one compressed byte range: see {@link FastqGzipChunked}. */
    @Override
    public GzipRangeResult indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        return FastqGzipChunked.map(ctx, start, end);
    }

    @Override
    public ObjectIndex<GzipReadIndex> buildIndex(IndexingContext ctx, List<GzipRangeResult> chunkResults)
            throws IOException {
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
                return GziImport.index(ctx, uri, span, gzi.get());
            } catch (GziImport.StaleGzi e) {
                LOG.warn("{}: ignoring {}.gzi, it does not match the object ({}); scanning the object instead",
                        uri, uri, e.getMessage());
            }
        }
        if (!chunkResults.isEmpty()) {
            Optional<ObjectIndex<GzipReadIndex>> joined = FastqGzipChunked.join(ctx, span, chunkResults, WINDOWS);
            if (joined.isPresent()) {
                return joined.get();
            }
        }
        return scan(ctx, uri, span);
    }

    /** Today's path: one sequential decompression with {@link GzipIndexer}, which finds the checkpoints itself. */
    private static ObjectIndex<GzipReadIndex> scan(IndexingContext ctx, String uri, long span) throws IOException {
        FastqStreamValidator fastq = new FastqStreamValidator(uri, "byte offset and line in the uncompressed data");
        List<Long> awaited = new ArrayList<>();
        // FASTQ validation on a second thread, overlapping decompression; it catches up at each checkpoint
        PipelinedSink validation = new PipelinedSink(fastq::accept);
        CheckpointPolicy policy = new CheckpointPolicy() {
            @Override
            public long attachment(long uncompressedOffset) {
                try {
                    validation.drain();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                long read = fastq.readsStartedSoFar();
                fastq.await(read);
                awaited.add(read);
                return read;
            }
        };
        GzipIndexer.Result result;
        try {
            try (InputStream in = new ProgressStream(ctx.open(0, ctx.source().size()), ctx.progress())) {
                result = GzipIndexer.builder().span(span).sink(validation).policy(policy).build().index(in);
                validation.drain();
            } catch (GzipFormatException e) {
                validation.drain(); // bad FASTQ before the bad gzip data is reported first, as when checked in line
                throw gzipError(uri, e);
            }
        } finally {
            validation.close();
        }
        fastq.finish();
        GzipIndex gz = result.index();
        if (result.windows().length > 0) {
            ctx.writeSideFile(WINDOWS, result.windows());
        }
        return GzipReadIndex.of(fastq, awaited, gz, span, result.windows().length > 0 ? WINDOWS : null, Checkpoint::attachment);
    }

    static DataFormatException gzipError(String uri, GzipFormatException e) {
        DataFormatException d = new DataFormatException(uri, e.compressedOffset(), 0, "invalid gzip data: "
                + e.kind().description() + " (" + e.getMessage() + ")", GZIP_HINT);
        d.initCause(e);
        return d;
    }

    @Override
    public List<StrategySpec> strategies() {
        return ReadSlicing.STRATEGIES;
    }

    @Override
    public OptionalLong sliceCount(PartitionRequest<GzipReadIndex> request) {
        return OptionalLong.of(ReadSlicing.count(request, o -> o.index().reads()));
    }

    @Override
    public List<List<SlicePart<GzipReadCorrections>>> partition(PartitionRequest<GzipReadIndex> request) {
        return GzipReadSlicer.partition(request);
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        for (SlicePart<GzipReadCorrections> part : slice.parts(GzipReadCorrections.class)) {
            GzipReadEvaluator.evaluate(ctx, part, out);
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
