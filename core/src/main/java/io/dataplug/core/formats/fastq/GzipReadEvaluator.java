package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.gzip.Checkpoint;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.gzip.GzipResume;
import io.dataplug.core.gzip.Until;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ExtendingRangeStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Evaluation of a fastq-gzip slice part: resume decompression at its checkpoint (window from the metadata store),
 * write exactly its reads, and decode on to its stop checkpoint, so that a CRC-32 recorded at indexing covers every
 * byte written (see docs/formats/fastq.md).
 */
final class GzipReadEvaluator {

    private GzipReadEvaluator() {
    }

    static void evaluate(SliceContext ctx, SlicePart<GzipReadCorrections> part, OutputStream out) throws IOException {
        GzipReadCorrections c = part.corrections();
        String uri = part.object().uri();
        long skip = c.skip();
        long reads = c.reads();
        long skipBytes = c.skipBytes();
        long uncompressed = c.uncompressed();
        Checkpoint cp = c.checkpoint(part.start()); // consistent: checked when the manifest was read
        Until until = c.verifyAt() != null ? c.verifyAt().until() : Until.memberEndFrom(part.end());
        byte[] window = null;
        if (cp.hasWindow()) {
            GzipReadCorrections.Window w = c.window();
            window = GzipIndex.inflateWindow(cp, ctx.readMetadata(c.windowFile(), w.offset(), w.length()), 0);
        }
        // Without a checkpoint to stop at (slices written before there was one), decoding goes on past the range
        // to the end of the member, whose trailer then covers the part's bytes.
        InputStream compressed = until instanceof Until.MemberEnd && part.end() < part.object().size()
                ? new ExtendingRangeStream((s, e) -> ctx.open(part.object(), s, e), part.start(), part.end(),
                        part.object().size())
                : ctx.open(part.object(), part.start(), part.end());
        try (InputStream data = GzipResume.open(cp, window, compressed, until)) {
            data.skipNBytes(skipBytes);
            ReadCopier.copy(data, skip, reads, out, uri, uncompressed + skipBytes, part.end() == part.object().size(),
                    4 * part.length());
            // decode on to where the CRC-32 check is, so that every byte written above has been checked
            data.transferTo(OutputStream.nullOutputStream());
        } catch (GzipFormatException e) {
            throw error(uri, e);
        }
    }

    private static DataFormatException error(String uri, GzipFormatException e) {
        boolean changed = e.kind() == GzipFormatException.Kind.CRC_MISMATCH
                || e.kind() == GzipFormatException.Kind.INDEX_MISMATCH;
        if (!changed) {
            return FastqGzipFormat.gzipError(uri, e);
        }
        DataFormatException d = new DataFormatException(uri, e.compressedOffset(), 0, "the gzip data does not match "
                + "its index: " + e.kind().description() + " (" + e.detail() + ")", "the object changed without a "
                + "new ETag, or is damaged ('gzip -t' checks it), or the slice's checkpoints were edited; preprocess "
                + "the object again");
        d.initCause(e);
        return d;
    }
}
