package io.dataplug.core.formats.lines;

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
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongUnaryOperator;

/**
 * Shared machinery of formats whose records are lines, or CSV records that may hold quoted line breaks:
 * chunked preprocessing into a sparse checkpoint index, byte-balanced strategies, exact evaluation.
 */
public abstract class LinesFormat implements Format<LineIndex, LineChunk, LineCorrections> {

    public static final String CHUNKS = "chunks";
    public static final String CHUNK_SIZE = "chunk-size";
    public static final String CHECKPOINT_SPAN = "checkpoint-span";
    /** An object's index never holds more checkpoints than this (the span grows for huge objects). */
    public static final long MAX_CHECKPOINTS = 16384;

    static final ParamSpec SPAN_OPTION = ParamSpec.optional(CHECKPOINT_SPAN, ParamType.BYTES, "1MiB",
            "spacing of the index's record checkpoints; a slice reads at most about this much before its first record"
                    + " (raised automatically so that an object has at most " + MAX_CHECKPOINTS + " checkpoints)");

    public static final String INDEX = "index";
    public static final String INDEX_CHECKPOINTS = "checkpoints";
    public static final String INDEX_HEADER_ONLY = "header-only";

    static final ParamSpec INDEX_OPTION = ParamSpec.optional(INDEX, ParamType.STRING, INDEX_CHECKPOINTS,
            "'checkpoints': preprocessing reads the whole object and records where records start (record count, slices"
                    + " read at most one checkpoint span past their own bytes); 'header-only': preprocessing reads no data"
                    + " and each slice finds its first record at evaluation (no record count, slices may be empty)");

    private static final List<StrategySpec> STRATEGIES = List.of(
            new StrategySpec(CHUNKS, "a given number of slices of about equal size in bytes, each made of whole records",
                    List.of(ParamSpec.required("count", ParamType.INT, "number of slices (at most one per record)"))),
            new StrategySpec(CHUNK_SIZE, "slices of at most about the given size in bytes, each made of whole records",
                    List.of(ParamSpec.required("bytes", ParamType.BYTES, "nominal slice size, e.g. 64MiB"))));

    /** How records end, from the dataset's options. */
    protected abstract LineSyntax syntax(Params options);

    /** Whether each object starts with a header record. */
    protected abstract boolean header(Params options);

    /**
     * Whether the index holds no checkpoints: slice boundaries are resolved at evaluation by the record boundary
     * rule, which is exact only where a line feed always ends a record (no quoting).
     */
    protected boolean headerOnly(Params options) {
        return false;
    }

    /** Parses the {@link #INDEX} option: true for header-only (text and vcf share it). */
    public static boolean indexMode(Params options) {
        return switch (options.getString(INDEX)) {
            case INDEX_CHECKPOINTS -> false;
            case INDEX_HEADER_ONLY -> true;
            default -> throw new InvalidRequestException("option '" + INDEX + "' must be '" + INDEX_CHECKPOINTS + "' or '"
                    + INDEX_HEADER_ONLY + "', got '" + options.getString(INDEX) + "'");
        };
    }

    /** The attributes recorded for one indexed object. */
    protected abstract Map<String, Long> attributes(LineIndex index, Params options);

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    /** A header-only index reads no data: one task per object, no map tasks. */
    @Override
    public Preprocessing preprocessing(Params options) {
        return headerOnly(options) ? Preprocessing.PER_OBJECT : Preprocessing.CHUNKED;
    }

    @Override
    public FormatTypes<LineIndex, LineChunk, LineCorrections> types() {
        return FormatTypes.chunked(LineIndex.class, LineChunk.class, LineCorrections.class);
    }

    /** The checkpoint span for an object of {@code size} bytes. */
    static long span(Params options, long size) {
        long span = options.getLong(CHECKPOINT_SPAN);
        Params.requireAtLeast(CHECKPOINT_SPAN, span, 1, "format options");
        return Math.max(span, Math.max(1, (size + MAX_CHECKPOINTS - 1) / MAX_CHECKPOINTS));
    }

    @Override
    public LineChunk indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        if (headerOnly(ctx.options())) {
            return new LineChunk(start, end, span(ctx.options(), ctx.source().size()), 0, List.of()); // reads nothing
        }
        return ChunkIndexer.index(syntax(ctx.options()), ctx, start, end, span(ctx.options(), ctx.source().size()));
    }

    @Override
    public ObjectIndex<LineIndex> buildIndex(IndexingContext ctx, List<LineChunk> chunkResults) throws IOException {
        long span = span(ctx.options(), ctx.source().size());
        LineIndex index = headerOnly(ctx.options()) ? LineIndex.headerOnly(ctx.source().size(), span)
                : IndexBuilder.build(ctx, chunkResults, header(ctx.options()), span);
        return new ObjectIndex<>(index, attributes(index, ctx.options()));
    }

    @Override
    public List<StrategySpec> strategies() {
        return STRATEGIES;
    }

    @Override
    public List<List<SlicePart<LineCorrections>>> partition(PartitionRequest<LineIndex> request) {
        return LinePartitioner.partition(request, header(request.options()), selfSync(request), slicesFor(request));
    }

    @Override
    public OptionalLong sliceCount(PartitionRequest<LineIndex> request) {
        return OptionalLong.of(LinePartitioner.count(request, header(request.options()), selfSync(request), slicesFor(request)));
    }

    /** Whether a line feed always ends a record (no quoting); refuses bad options before any slice is made. */
    private boolean selfSync(PartitionRequest<LineIndex> request) {
        return !syntax(request.options()).quoting();
    }

    /** How many slices the request's strategy asks for, given the dataset's data bytes. */
    private LongUnaryOperator slicesFor(PartitionRequest<LineIndex> request) {
        String what = "strategy " + request.strategy() + " of format " + name();
        return switch (request.strategy()) {
            case CHUNKS -> {
                int count = request.params().getInt("count");
                Params.requireAtLeast("count", count, 1, what);
                yield dataBytes -> count;
            }
            case CHUNK_SIZE -> {
                long bytes = request.params().getLong("bytes");
                Params.requireAtLeast("bytes", bytes, 1, what);
                yield dataBytes -> Math.max(1, (dataBytes + bytes - 1) / bytes);
            }
            default -> throw new IllegalArgumentException("strategy " + request.strategy() + " not handled by " + name());
        };
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        Params options = Params.parse(options(), slice.options(), "format " + name());
        SliceReader.evaluate(syntax(options), ctx, slice, out);
    }

    @Override
    public Optional<RecordFraming> records() {
        return Optional.of(new LineRecords(this));
    }
}
