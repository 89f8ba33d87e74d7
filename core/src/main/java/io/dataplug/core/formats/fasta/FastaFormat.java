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
import io.dataplug.core.io.Bytes;
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
import java.util.Arrays;
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
        // The repeated header is read while the body is opened: two round trips waited for together. The checks
        // of both ends come with the body's own GET (the byte before it, and its last byte).
        PendingRead<byte[]> header = c.repeatsHeader() ? PendingRead.start(() -> headerLine(ctx, part.object(), c)) : null;
        try (InputStream body = LineStarts.open(ctx, part.object(), part.start(), part.end(), "the part's start")) {
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
                int text = c.headerStart() > 0 ? 1 : 0; // the line was read with the line feed before it
                w.write(header.join(), text, (int) (c.headerEnd() - c.headerStart()));
                w.write((" offset=" + c.offset()).getBytes(StandardCharsets.US_ASCII));
                w.write(eol(c.eol()));
            }
            w.write((byte) first);
            int last = part.length() == 1 ? first : w.copy(body, part.length() - 1, part.object().uri());
            // a part that ends before its object's end ends a line: refused before its last block is written
            if (part.end() < part.object().size() && last != '\n') {
                throw LineStarts.notAtLineStart(part.object(), part.end(), "the part's end");
            }
        } finally {
            if (header != null) {
                header.cancel();
            }
        }
    }

    /**
     * The header line that a part's corrections name, as a whole line: bytes {@code [headerStart - 1, headerEnd + eol)},
     * where a line feed (or the object's start) comes before a '>', no line feed inside, and the terminator after.
     * Shared by the slices that begin inside the same sequence.
     */
    private static byte[] headerLine(SliceContext ctx, SourceObject object, FastaCorrections c) throws IOException {
        long from = Math.max(0, c.headerStart() - 1);
        byte[] eol = eol(c.eol());
        long to = c.headerEnd() + eol.length;
        return ctx.readShared(object, from, (int) (to - from), bytes -> {
            int text = (int) (c.headerStart() - from);
            int textEnd = bytes.length - eol.length;
            boolean lineStart = text == 0 || bytes[0] == '\n';
            if (!lineStart || bytes[text] != '>' || Bytes.indexOf(bytes, text, textEnd, (byte) '\n') >= 0
                    || !Arrays.equals(bytes, textEnd, bytes.length, eol, 0, eol.length)) {
                throw new RecordBoundaryException(object.uri(), c.headerStart(), "no header line at [" + c.headerStart()
                        + ", " + c.headerEnd() + ") ending with the part's eol");
            }
        });
    }

    private static byte[] eol(String eol) {
        return switch (eol) {
            case "\n" -> new byte[] {'\n'};
            case "\r\n" -> new byte[] {'\r', '\n'};
            default -> throw new IllegalArgumentException("bad line terminator in slice corrections");
        };
    }

    /**
     * Gathers output into large blocks so the sink sees few, big writes. A full block is written only when more
     * output comes, so the last bytes copied are still held when the caller checks them.
     */
    private static final class BlockWriter {
        private final OutputStream out;
        private final byte[] buf = new byte[WRITE_BLOCK];
        private int pos;

        BlockWriter(OutputStream out) {
            this.out = out;
        }

        void write(byte[] b) throws IOException {
            write(b, 0, b.length);
        }

        void write(byte[] b, int off, int len) throws IOException {
            int end = off + len;
            while (off < end) {
                makeRoom();
                int n = Math.min(end - off, buf.length - pos);
                System.arraycopy(b, off, buf, pos, n);
                pos += n;
                off += n;
            }
        }

        void write(byte b) throws IOException {
            makeRoom();
            buf[pos++] = b;
        }

        /** Copies {@code length > 0} bytes of {@code in}; returns the last one. */
        int copy(InputStream in, long length, String uri) throws IOException {
            long left = length;
            while (left > 0) {
                makeRoom();
                int n = in.read(buf, pos, (int) Math.min(buf.length - pos, left));
                if (n < 0) {
                    throw new EOFException(uri + ": range ended " + left + " bytes early");
                }
                pos += n;
                left -= n;
            }
            return buf[pos - 1] & 0xff;
        }

        private void makeRoom() throws IOException {
            if (pos == buf.length) {
                flushBuffer();
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
