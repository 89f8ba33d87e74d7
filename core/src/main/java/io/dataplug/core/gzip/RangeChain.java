package io.dataplug.core.gzip;

import io.dataplug.core.gzip.GzipRangeResult.Outcome;
import io.dataplug.core.util.LongList;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The finalize's first, cheap step over the map tasks' {@link GzipRangeResult}s: checks that the decoded ranges
 * meet exactly and tile the member, replaces each range's final-window placeholders with the bytes before the range
 * (known once the previous range's window is), which gives every range the 32 KiB window it starts with, and chooses
 * the checkpoints by the sequential rule (the first block boundary at least {@code span} bytes after the previous
 * checkpoint). Only windows are resolved here; the ranges themselves are decoded again from their now known windows
 * ({@link ResumedRange}).
 */
public final class RangeChain {

    /** One decoded range: where it starts and ends, the window before it, and its checkpoints (bit, offset pairs). */
    public record Piece(long startBit, long endBit, long uncompressedStart, long length, byte[] window, boolean last,
                        long[] checkpointBits, long[] checkpointOffsets) {

        public long uncompressedEnd() {
            return uncompressedStart + length;
        }
    }

    private RangeChain() {
    }

    /**
     * @return the pieces in order, or null when the ranges do not join into one member (the object is then indexed
     * sequentially, which gives the exact answer or error)
     */
    public static List<Piece> join(List<GzipRangeResult> ranges, long span) {
        List<GzipRangeResult> decoded = new ArrayList<>();
        for (GzipRangeResult r : ranges) {
            if (r.outcome() == Outcome.SEQUENTIAL) {
                return null;
            }
            if (r.outcome() == Outcome.DECODED) {
                decoded.add(r);
            }
        }
        if (decoded.size() < 2 || ranges.get(0).outcome() != Outcome.DECODED || !decoded.get(decoded.size() - 1).last()) {
            return null;
        }
        for (int i = 0; i + 1 < decoded.size(); i++) {
            GzipRangeResult a = decoded.get(i);
            GzipRangeResult b = decoded.get(i + 1);
            if (a.last() || a.endBit() < b.startBit() || a.endBit() > b.latestStartBit() || a.length() == 0) {
                return null;
            }
        }
        List<Piece> out = new ArrayList<>();
        byte[] window = new byte[0];
        long u = 0;
        long nextCheckpoint = span; // the first checkpoint, at the member start, is offset 0
        for (GzipRangeResult r : decoded) {
            char[] tail = symbols(r.window());
            if (tail == null || tail.length != (int) Math.min(GzipDecoder.WINDOW, r.length())) {
                return null;
            }
            LongList chosenBits = new LongList();
            LongList chosenOffsets = new LongList();
            for (int c = 0; c < r.candidateBits().length; c++) {
                long at = u + r.candidateOffsets()[c];
                if (at >= nextCheckpoint) {
                    chosenBits.add(r.candidateBits()[c]);
                    chosenOffsets.add(at);
                    nextCheckpoint = at + span;
                }
            }
            out.add(new Piece(r.startBit(), r.endBit(), u, r.length(), window, r.last(), chosenBits.toArray(), chosenOffsets.toArray()));
            window = nextWindow(window, u, tail, r.length());
            if (window == null) {
                return null;
            }
            u += r.length();
        }
        dropCheckpointAtEnd(out, u);
        return out;
    }

    /**
     * The index from the pieces and their decodes ({@link ResumedRange#finish}): checkpoint CRCs made member CRCs,
     * windows in checkpoint order, the member's trailer checked. Attachments stay 0 (the caller's to set).
     *
     * @return null when the member's CRC or size does not match its trailer (the sequential indexer reports it)
     */
    public static GzipIndexer.Result assemble(long span, List<Piece> pieces, List<ResumedRange.Outcome> outcomes) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        checkpoints.add(Checkpoint.atMemberStart(0, 0, 0));
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        int crcBefore = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            ResumedRange.Outcome o = outcomes.get(i);
            for (int k = 0; k < p.checkpointBits().length; k++) {
                long bit = p.checkpointBits()[k];
                long u = p.checkpointOffsets()[k];
                int crc = Crc32s.combine(crcBefore, o.checkpointCrcs()[k], u - p.uncompressedStart());
                byte[] w = o.windows()[k];
                checkpoints.add(new Checkpoint(bit >>> 3, (int) (bit & 7), u, false, u, crc, blob.size(), w.length, 0));
                blob.write(w, 0, w.length);
            }
            crcBefore = Crc32s.combine(crcBefore, o.rangeCrc(), p.length());
        }
        Piece last = pieces.get(pieces.size() - 1);
        ResumedRange.Outcome end = outcomes.get(outcomes.size() - 1);
        long total = last.uncompressedEnd();
        if (crcBefore != end.trailerCrc() || (int) total != end.trailerSize()) {
            return null;
        }
        GzipIndex index = new GzipIndex(span, end.compressedEnd(), total, 1, false, blob.size(), checkpoints);
        return new GzipIndexer.Result(index, blob.toByteArray());
    }

    /** As the sequential indexer: a checkpoint at the very end of the data (before an empty last block) is dropped. */
    private static void dropCheckpointAtEnd(List<Piece> pieces, long total) {
        for (int i = pieces.size() - 1; i >= 0; i--) {
            Piece p = pieces.get(i);
            int n = p.checkpointOffsets().length;
            if (n == 0) {
                continue;
            }
            if (p.checkpointOffsets()[n - 1] == total) {
                pieces.set(i, new Piece(p.startBit(), p.endBit(), p.uncompressedStart(), p.length(), p.window(), p.last(),
                        Arrays.copyOf(p.checkpointBits(), n - 1), Arrays.copyOf(p.checkpointOffsets(), n - 1)));
            }
            return;
        }
    }

    /** The 32 KiB (fewer near the start) before the next range: this range's tail, placeholders replaced. */
    private static byte[] nextWindow(byte[] before, long u, char[] tail, long length) {
        long end = u + length;
        int n = (int) Math.min(GzipDecoder.WINDOW, end);
        byte[] w = new byte[n];
        int fromBefore = n - tail.length; // bytes of the previous window still in the new one
        System.arraycopy(before, before.length - fromBefore, w, 0, fromBefore);
        for (int i = 0; i < tail.length; i++) {
            char c = tail[i];
            if (c < MarkerInflater.MARKER) {
                w[fromBefore + i] = (byte) c;
            } else {
                int j = c - MarkerInflater.MARKER - (GzipDecoder.WINDOW - before.length);
                if (j < 0) {
                    return null; // refers to bytes before the member start: invalid data
                }
                w[fromBefore + i] = before[j];
            }
        }
        return w;
    }

    private static char[] symbols(byte[] deflated) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(deflated);
            ByteArrayOutputStream raw = new ByteArrayOutputStream(2 * GzipDecoder.WINDOW);
            byte[] b = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(b);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return null;
                }
                raw.write(b, 0, n);
                if (raw.size() > 2 * GzipDecoder.WINDOW) {
                    return null;
                }
            }
            byte[] r = raw.toByteArray();
            char[] c = new char[r.length / 2];
            for (int i = 0; i < c.length; i++) {
                c[i] = (char) ((r[2 * i] & 0xff) | (r[2 * i + 1] & 0xff) << 8);
            }
            return r.length % 2 == 0 ? c : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }
}
