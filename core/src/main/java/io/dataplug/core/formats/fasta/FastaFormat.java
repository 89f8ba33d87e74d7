package io.dataplug.core.formats.fasta;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.LineStarts;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.RecordFraming;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.RecordBoundaryException;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.PendingRead;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.OptionalLong;

/**
 * FASTA (plain text): {@code >name description} header lines, each followed by the sequence's lines.
 * Preprocessed in parallel byte chunks (see {@link FastaChunkScanner}, {@link FastaIndexBuilder}); the index
 * lists every record and a samtools-compatible {@code source.fai} is stored beside it. Strategies:
 * {@code sequences} (whole records) and {@code chunks} (line-aligned byte ranges; a slice that starts inside
 * a sequence begins with that sequence's header line plus {@code " offset=<residues before>"}).
 * See docs/formats/fasta.md.
 */
public final class FastaFormat implements Format<FastaIndex, FastaChunk, FastaCorrections> {

    public static final String NAME = "fasta";
    public static final String FAI = "source.fai";

    private static final int WRITE_BLOCK = 1 << 20;

    private static final List<ParamSpec> COUNT = List.of(ParamSpec.required("count", ParamType.INT,
            "number of slices wanted; fewer are made when there are not enough places to cut"));

    @Override
    public Set<String> companionSuffixes() {
        return Set.of(".fai");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "FASTA sequences (uncompressed), indexed in parallel chunks; writes a samtools-compatible .fai";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of();
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.CHUNKED;
    }

    @Override
    public FormatTypes<FastaIndex, FastaChunk, FastaCorrections> types() {
        return FormatTypes.chunked(FastaIndex.class, FastaChunk.class, FastaCorrections.class);
    }

    @Override
    public FastaChunk indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        return new FastaChunkScanner(ctx, start, end).scan();
    }

    @Override
    public ObjectIndex<FastaIndex> buildIndex(IndexingContext ctx, List<FastaChunk> chunkResults) throws IOException {
        List<FastaChunk> chunks = chunkResults;
        if (chunks.isEmpty()) { // indexed as one object: scan it whole
            chunks = List.of(indexChunk(ctx, 0, ctx.source().size()));
        }
        FastaIndexBuilder builder = new FastaIndexBuilder(ctx.source().location().toUri(), ctx.source().size(), (from, to) -> {
            try (InputStream in = ctx.open(from, to)) {
                return in.readNBytes((int) (to - from));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        FastaIndex index = builder.build(chunks);
        ctx.writeSideFile(FAI, builder.fai());
        return new ObjectIndex<>(index, Map.of("sequences", (long) index.records(), "residues", index.residues()));
    }

    @Override
    public List<StrategySpec> strategies() {
        return List.of(
                new StrategySpec("chunks", "line-aligned byte ranges balanced by size; sequences are split between "
                        + "lines, and a slice starting inside a sequence begins with its header plus ' offset=<n>'", COUNT),
                new StrategySpec("sequences", "whole records (header and all its lines), balanced by size; "
                        + "a record is never split", COUNT));
    }

    @Override
    public List<List<SlicePart<FastaCorrections>>> partition(PartitionRequest<FastaIndex> request) {
        return partitioner(request).partition(count(request));
    }

    @Override
    public OptionalLong sliceCount(PartitionRequest<FastaIndex> request) {
        return OptionalLong.of(partitioner(request).slices(count(request)));
    }

    private static int count(PartitionRequest<FastaIndex> request) {
        int count = request.params().getInt("count");
        Params.requireAtLeast("count", count, 1, "strategy " + request.strategy() + " of format " + NAME);
        return count;
    }

    private static FastaPartitioner partitioner(PartitionRequest<FastaIndex> request) {
        boolean withinSequences = switch (request.strategy()) {
            case "chunks" -> true;
            case "sequences" -> false;
            default -> throw new IllegalArgumentException("unknown strategy " + request.strategy());
        };
        return new FastaPartitioner(request.objects(), withinSequences);
    }

    @Override
    public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        BlockWriter w = new BlockWriter(out);
        for (SlicePart<FastaCorrections> part : slice.parts(FastaCorrections.class)) {
            FastaCorrections c = part.corrections();
            if (part.length() > 0) {
                copyPart(ctx, part, w);
            }
            if (c.appendEol() != null) {
                w.write(eol(c.appendEol()));
            }
        }
        w.flush();
    }

    @Override
    public Optional<RecordFraming> records() {
        return Optional.of(FastaRecords.FRAMING);
    }

    private static void copyPart(SliceContext ctx, SlicePart<FastaCorrections> part, BlockWriter w) throws IOException {
        FastaCorrections c = part.corrections();
        // The part's end check and the repeated header are read while the body is opened (one round trip of
        // waiting, not three), and both are settled before anything is written.
        PendingRead<Boolean> endCheck = part.end() < part.object().size() ? PendingRead.start(() -> {
            LineStarts.require(ctx, part.object(), part.end(), "the part's end");
            return true;
        }) : null;
        PendingRead<byte[]> header = c.repeatsHeader() ? PendingRead.start(() -> header(ctx, part.object(), c)) : null;
        try (InputStream body = LineStarts.open(ctx, part.object(), part.start(), part.end(), "the part's start")) {
            if (endCheck != null) {
                endCheck.join();
            }
            int first = body.read();
            if (first < 0) {
                throw new EOFException(part.object().uri() + ": range ended " + part.length() + " bytes early");
            }
            // a part begins at a record ('>') unless it repeats the header of the sequence it begins inside
            if (first == '>' == c.repeatsHeader() && (c.repeatsHeader() || part.start() > 0)) {
                throw new RecordBoundaryException(part.object().uri(), part.start(), c.repeatsHeader()
                        ? "the part repeats a header but starts at a record" : "the part starts inside a record");
            }
            if (header != null) {
                w.write(header.join());
                w.write((" offset=" + c.offset()).getBytes(StandardCharsets.US_ASCII));
                w.write(eol(c.eol()));
            }
            w.write(new byte[] {(byte) first});
            w.copy(body, part.length() - 1, part.object().uri());
        } finally {
            if (endCheck != null) {
                endCheck.cancel();
            }
            if (header != null) {
                header.cancel();
            }
        }
    }

    /** The header line of the sequence a part begins inside (without its line end), checked to be one. */
    private static byte[] header(SliceContext ctx, SourceObject object, FastaCorrections c) throws IOException {
        long hs = c.headerStart();
        long he = c.headerEnd();
        byte[] header;
        try (InputStream in = ctx.open(object, hs, he)) {
            header = in.readNBytes((int) (he - hs));
        }
        if (header.length != he - hs || header[0] != '>') {
            throw new IOException(object.uri() + ": no header line at byte " + hs);
        }
        return header;
    }

    private static byte[] eol(String eol) {
        return switch (eol) {
            case "\n" -> new byte[] {'\n'};
            case "\r\n" -> new byte[] {'\r', '\n'};
            default -> throw new IllegalArgumentException("bad line terminator in slice corrections");
        };
    }

    /** Gathers output into large blocks so the sink sees few, big writes. */
    private static final class BlockWriter {
        private final OutputStream out;
        private final byte[] buf = new byte[WRITE_BLOCK];
        private int pos;

        BlockWriter(OutputStream out) {
            this.out = out;
        }

        void write(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                int n = Math.min(b.length - off, buf.length - pos);
                System.arraycopy(b, off, buf, pos, n);
                pos += n;
                off += n;
                if (pos == buf.length) {
                    flushBuffer();
                }
            }
        }

        void copy(InputStream in, long length, String uri) throws IOException {
            long left = length;
            while (left > 0) {
                int n = in.read(buf, pos, (int) Math.min(buf.length - pos, left));
                if (n < 0) {
                    throw new EOFException(uri + ": range ended " + left + " bytes early");
                }
                pos += n;
                left -= n;
                if (pos == buf.length) {
                    flushBuffer();
                }
            }
        }

        private void flushBuffer() throws IOException {
            if (pos > 0) {
                out.write(buf, 0, pos);
                pos = 0;
            }
        }

        void flush() throws IOException {
            flushBuffer();
            out.flush();
        }
    }
}
