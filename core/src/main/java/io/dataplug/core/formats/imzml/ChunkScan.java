package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.storage.ExtendingRangeStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunked preprocessing of one .imzML. Chunk 0 parses from the first byte. Chunk {@code i > 0} resynchronises on
 * the first {@code <spectrum} start tag at or after its start and parses the spectra that begin inside it. Such a
 * byte match can lie in a comment or CDATA section; so finalize ({@link #stitch}) accepts a chunk only when it began
 * exactly where the previous chunk's parse saw the next spectrum begin, and parses it again from there otherwise.
 * The result is always the sequential parse, and chunks that agree (all of them, for ordinary files) are not read
 * twice.
 */
final class ChunkScan {

    private static final byte[] TAG = "<spectrum".getBytes(StandardCharsets.US_ASCII);

    private ChunkScan() {
    }

    /** The map task: the spectra whose start tag begins in {@code [start, end)}. */
    static ImzmlChunk scan(IndexingContext ctx, long start, long end) throws IOException {
        ImzmlChunk result = parse(ctx, start, end);
        ctx.progress().accept(end - start);
        return result;
    }

    private static ImzmlChunk parse(IndexingContext ctx, long start, long end) throws IOException {
        String uri = ctx.source().location().toUri();
        if (start == 0) {
            try (InputStream in = stream(ctx, 0, end)) {
                return ChunkParser.document(in, end, uri);
            }
        }
        try (InputStream in = stream(ctx, start, end)) {
            Found found = find(in, start);
            if (found == null || found.offset() >= end) {
                return empty(start, end, found == null ? -1 : found.offset());
            }
            try {
                return ChunkParser.fragment(found.rest(), found.offset(), start, end, uri);
            } catch (DataFormatException | IllegalStateException e) {
                // maybe not a real spectrum: finalize parses this chunk again from where the previous one stopped
                return new ImzmlChunk(start, end, found.offset(), -1, false, e.getMessage(), found.offset(), null, List.of(), 0,
                        new byte[0], null, null);
            }
        }
    }

    /** A {@code <spectrum} start tag found at {@code offset}, and the stream from there on. */
    private record Found(long offset, InputStream rest) {
    }

    /** Joins the chunk results in order, parsing again any chunk that did not begin where its predecessor stopped. */
    static List<ImzmlChunk> stitch(IndexingContext ctx, List<ImzmlChunk> chunks) throws IOException {
        ImzmlChunk c0 = chunks.get(0);
        if (c0.start() != 0 || c0.header() == null) {
            throw new IllegalStateException(ctx.source().location() + ": chunk 0 has no header");
        }
        List<ImzmlChunk> out = new ArrayList<>(List.of(c0));
        long expected = c0.next();
        boolean ended = c0.listEnded();
        for (ImzmlChunk c : chunks.subList(1, chunks.size())) {
            if (ended) {
                continue;
            }
            if (c.error() != null || c.first() != expected) {
                if (expected < 0) {
                    throw new IllegalStateException(ctx.source().location() + ": the spectrum list neither continues nor ends at byte " + c.start());
                }
                c = expected >= c.end() ? empty(c.start(), c.end(), expected) : reparse(ctx, expected, c.start(), c.end());
            }
            out.add(c);
            expected = c.next();
            ended = c.listEnded();
        }
        if (!ended) {
            throw new DataFormatException(ctx.source().location().toUri(), ctx.source().size(), 0,
                    "the document ends inside the spectrum list", ChunkParser.XML_HINT);
        }
        return out;
    }

    private static ImzmlChunk reparse(IndexingContext ctx, long from, long start, long end) throws IOException {
        try (InputStream in = stream(ctx, from, end)) {
            return ChunkParser.fragment(in, from, start, end, ctx.source().location().toUri());
        }
    }

    private static ImzmlChunk empty(long start, long end, long next) {
        return new ImzmlChunk(start, end, next, next, false, null, -1, null, List.of(), 0, new byte[0], null, null);
    }

    /** Bytes from {@code from} on: the chunk and a little past it first, then only as much more as the parse reads. */
    private static InputStream stream(IndexingContext ctx, long from, long end) {
        return ExtendingRangeStream.lookingPast(ctx::open, from, end, ctx.source().size());
    }

    /** The first {@code <spectrum} start tag (not {@code <spectrumList}) in {@code in} (which starts at {@code from}), or null. */
    private static Found find(InputStream in, long from) throws IOException {
        byte[] buf = new byte[64 << 10];
        int keep = 0;
        long bufStart = from;
        while (true) {
            int n = in.read(buf, keep, buf.length - keep);
            if (n < 0) {
                return null;
            }
            int len = keep + n;
            for (int i = 0; i + TAG.length < len; i++) {
                if (matches(buf, i) && isTagEnd(buf[i + TAG.length])) {
                    return new Found(bufStart + i, new SequenceInputStream(new ByteArrayInputStream(buf, i, len - i), in));
                }
            }
            keep = Math.min(len, TAG.length);
            System.arraycopy(buf, len - keep, buf, 0, keep);
            bufStart += len - keep;
        }
    }

    private static boolean matches(byte[] b, int at) {
        for (int j = 0; j < TAG.length; j++) {
            if (b[at + j] != TAG[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTagEnd(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '>' || b == '/';
    }
}
