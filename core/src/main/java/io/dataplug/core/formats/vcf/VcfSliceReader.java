package io.dataplug.core.formats.vcf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.VirtualOffset;
import io.dataplug.core.io.Bytes;
import io.dataplug.core.io.LineReader;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Evaluates a VCF slice: the header, then the data lines the slice owns, byte for byte as in the object
 * (uncompressed for BGZF). Reading starts at a checkpoint, a known line start, and stops at the first line
 * starting at or beyond {@code to}, or, for a POS window, past the window.
 */
final class VcfSliceReader {

    private VcfSliceReader() {
    }

    static void evaluate(SliceContext ctx, Slice slice, OutputStream out, boolean bgzf) throws IOException {
        for (SlicePart part : slice.parts()) {
            evaluate(ctx, part, out, bgzf);
        }
    }

    private static void evaluate(SliceContext ctx, SlicePart part, OutputStream out, boolean bgzf) throws IOException {
        ObjectNode c = part.corrections();
        String uri = part.object().uri();
        long from = required(c, "from", uri).asLong();
        long to = required(c, "to", uri).asLong();
        int headerLength = required(c, "headerLength", uri).asInt();
        out.write(ctx.readMetadata(required(c, "header", uri).asText(), 0, headerLength));
        String contigName = c.hasNonNull("contig") ? c.get("contig").asText() : null;
        byte[] contig = contigName == null ? null : contigName.getBytes(StandardCharsets.UTF_8);
        long first = c.path("first").asLong(Long.MIN_VALUE);
        long last = c.hasNonNull("last") ? c.get("last").asLong() : Long.MAX_VALUE;
        InputStream in = ctx.open(part.object(), part.start(), part.end());
        try (LineReader r = bgzf ? LineReader.bgzf(in, VirtualOffset.of(from)) : LineReader.plain(in, part.start())) {
            while (true) {
                long p = r.peek();
                if (p < 0 || p >= to) {
                    break;
                }
                r.next();
                byte[] b = r.buffer();
                int o = r.offset();
                int n = r.length();
                if (p == from && b[o] == '#') {
                    throw stale(uri, bgzf, p, "a header line where the index has a data line");
                }
                if (contig != null) {
                    int tab = Bytes.indexOf(b, o, o + n, (byte) '\t');
                    if (tab < 0 || !Arrays.equals(b, o, tab, contig, 0, contig.length)) {
                        throw stale(uri, bgzf, p, "a line of contig '" + new String(b, o, Math.max(0, (tab < 0 ? n : tab - o)),
                                StandardCharsets.UTF_8).strip() + "' where the index has contig " + contigName);
                    }
                    if (first != Long.MIN_VALUE) {
                        long pos = parsePos(b, tab + 1, o + n);
                        if (pos < first) {
                            continue;
                        }
                        if (pos > last) {
                            break; // sorted: nothing further belongs to the window
                        }
                    }
                }
                out.write(b, o, n);
                if (!r.terminated()) {
                    out.write('\n');
                }
            }
        } catch (GzipFormatException e) {
            throw Positions.bgzfError(uri, e);
        }
    }

    private static JsonNode required(ObjectNode c, String field, String uri) {
        JsonNode n = c == null ? null : c.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException(uri + ": slice part lacks the vcf correction '" + field + "'");
        }
        return n;
    }

    private static DataFormatException stale(String uri, boolean bgzf, long position, String what) {
        return Positions.error(uri, bgzf, position, 0, "found " + what,
                "the index does not match the object (a stale .tbi/.csi?); preprocess again");
    }

    private static long parsePos(byte[] b, int from, int to) {
        long pos = 0;
        for (int i = from; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
            pos = pos * 10 + (b[i] - '0');
        }
        return pos;
    }
}
