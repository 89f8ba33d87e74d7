package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.Compression;
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
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ExtendingRangeStream;
import io.dataplug.core.util.Search;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Plain FASTQ: 4-line records ({@code @} header, sequence, {@code +} line, quality of the sequence's length),
 * LF or CRLF line endings. Preprocessed in parallel byte chunks (see {@link FastqChunkScanner} for how a
 * chunk finds record starts when quality lines begin with {@code @}); the index is a sparse table of
 * checkpoints (byte offset of a read start, read number). A slice part reads from the checkpoint at or
 * before its first read, skips to that read and writes exactly its reads. See docs/formats/fastq.md.
 */
public final class FastqFormat implements Format<FastqFormat.Index, FastqChunkScanner.Result, FastqCorrections> {

    public static final String NAME = "fastq";
    static final String SPAN = "checkpoint-span";
    static final String HINT = "a FASTQ record is exactly 4 lines: '@' header, sequence, '+' line, quality as long as "
            + "the sequence (wrapped multi-line FASTQ is not supported)";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "FASTQ reads (plain text, LF or CRLF), indexed in parallel chunks; slices hold whole reads";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(ParamSpec.optional(SPAN, ParamType.BYTES, "1MiB",
                "checkpoint spacing: the index records the first read starting in every span bytes; a slice reads at "
                        + "most this much before its first read"));
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    @Override
    public FormatTypes<Index, FastqChunkScanner.Result, FastqCorrections> types() {
        return FormatTypes.chunked(Index.class, FastqChunkScanner.Result.class, FastqCorrections.class);
    }

    static long span(Params options) {
        long span = options.getLong(SPAN);
        Params.requireAtLeast(SPAN, span, 1, "format " + NAME);
        return span;
    }

    @Override
    public FastqChunkScanner.Result indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        long span = span(ctx.options());
        long size = ctx.source().size();
        FastqChunkScanner.Result result;
        if (size == 0) {
            result = new FastqChunkScanner.Result(0, emptyPhases());
        } else {
            InputStream data = ExtendingRangeStream.lookingPast(ctx::open, Math.max(0, start - 1), end, size);
            if (start == 0) { // checked on the first bytes the scan reads anyway
                data = Compression.requireUncompressed(data, ctx, "FASTQ", c -> c == Compression.GZIP
                        || c == Compression.BGZF ? "use format fastq-gzip"
                        : "decompress it, or recompress it with gzip and use fastq-gzip");
            }
            try (InputStream in = data) {
                result = FastqChunkScanner.scan(in, start, end, span, ctx.progress());
            }
        }
        return result;
    }

    private static List<FastqChunkScanner.Phase> emptyPhases() {
        List<FastqChunkScanner.Phase> p = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            p.add(new FastqChunkScanner.Phase(true, 0, 0, List.of(), null, 0, 0, 0));
        }
        return p;
    }

    /** Chains the chunks' phases from chunk 0 (phase 0) and merges their counts and checkpoints. */
    @Override
    public ObjectIndex<Index> buildIndex(IndexingContext ctx, List<FastqChunkScanner.Result> chunkResults) {
        String uri = ctx.source().location().toUri();
        long span = span(ctx.options());
        int phase = 0;
        long lines = 0;
        long reads = 0;
        long bases = 0;
        long lastBucket = -1;
        List<long[]> checkpoints = new ArrayList<>();
        for (int i = 0; i < chunkResults.size(); i++) {
            FastqChunkScanner.Result r = chunkResults.get(i);
            if (r.phases().size() != 4) {
                throw new IllegalStateException(uri + ": chunk " + i + " has " + r.phases().size() + " phases, expected 4");
            }
            FastqChunkScanner.Phase p = r.phases().get(phase);
            if (!p.ok()) {
                String problem = p.error().replace(FastqChunkScanner.RECORD_LINE,
                        Long.toString(lines + p.errorRecordLine() + 1));
                throw new DataFormatException(uri, p.errorOffset(), lines + p.errorLine() + 1, problem, HINT);
            }
            if (r.lines() < 0) {
                throw new IllegalStateException(uri + ": chunk " + i + " stopped early although phase " + phase + " is valid");
            }
            for (long[] cp : p.checkpoints()) {
                long bucket = cp[0] / span;
                if (bucket != lastBucket) {
                    checkpoints.add(new long[] {cp[0], reads + cp[1]});
                    lastBucket = bucket;
                }
            }
            reads += p.reads();
            bases += p.bases();
            lines += r.lines();
            phase = (int) ((phase + r.lines()) & 3);
        }
        if (phase != 0) {
            throw new DataFormatException(uri, ctx.source().size(), lines, "the data ends inside a record (the file has 4n+"
                    + phase + " lines)", HINT);
        }
        return new ObjectIndex<>(new Index(reads, bases, span, checkpoints), Map.of("reads", reads, "bases", bases));
    }

    /** The index.json of one object: counts, and checkpoints {@code [offset, read]} in read order. */
    record Index(long reads, long bases, long span, List<long[]> checkpoints) {

        /** Index of the last checkpoint whose read is at or before {@code read}. */
        int atOrBefore(long read) {
            return Search.lastAtOrBelow(checkpoints.size(), i -> checkpoints.get(i)[1], read);
        }
    }

    @Override
    public List<StrategySpec> strategies() {
        return ReadSlicing.STRATEGIES;
    }

    @Override
    public OptionalLong sliceCount(PartitionRequest<Index> request) {
        return OptionalLong.of(ReadSlicing.count(request, o -> o.index().reads()));
    }

    @Override
    public List<List<SlicePart<FastqCorrections>>> partition(PartitionRequest<Index> request) {
        return ReadSlicing.partition(request, o -> o.index().reads(),
                (o, first, n) -> {
                    Index index = o.index();
                    List<long[]> cps = index.checkpoints();
                    long[] cp = cps.get(index.atOrBefore(first));
                    // the range ends at the first checkpoint at or after the read following the part
                    int to = index.atOrBefore(first + n);
                    long end;
                    if (cps.get(to)[1] == first + n) {
                        end = cps.get(to)[0];
                    } else if (to + 1 < cps.size()) {
                        end = cps.get(to + 1)[0];
                    } else {
                        end = o.source().size();
                    }
                    return new SlicePart<>(o.source(), cp[0], end, new FastqCorrections(first, n, first - cp[1]));
                });
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        for (SlicePart<FastqCorrections> part : slice.parts(FastqCorrections.class)) {
            long skip = part.corrections().skip();
            long reads = part.corrections().reads();
            try (InputStream in = ctx.open(part.object(), part.start(), part.end())) {
                ReadCopier.copy(in, skip, reads, out, part.object().uri(), part.start(), part.end() == part.object().size(),
                        part.length());
            }
        }
    }

    @Override
    public Optional<RecordFraming> records() {
        return Optional.of(FastqRecords.FRAMING);
    }
}
