package io.dataplug.core.gzip;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The finalize's decode of one {@link RangeChain.Piece}: from its block start with the window before it (now
 * known), fast, as an {@link InputStream} of the range's uncompressed bytes that runs past the range's end for as
 * long as a reader wants (a record straddling the end). On the way it records, at each checkpoint the chain chose
 * in this range, the CRC-32 of the range's bytes before it and the checkpoint's window (only the bytes the next
 * 32 KiB reference, deflated, as {@link GzipIndexer} stores them). Decoding takes the same path through the data as
 * the sequential indexer, so its boundaries, CRCs and windows are the sequential ones; any disagreement with what
 * the map tasks reported throws {@link Diverged}, and the caller indexes the object sequentially.
 */
public final class ResumedRange extends InputStream {

    /** The range did not decode as the map tasks said (a false start, or data that changed meaning). */
    public static final class Diverged extends IOException {
        Diverged(String message) {
            super(message);
        }
    }

    /** What {@link #finish} returns: per chosen checkpoint, the CRC of the range before it and its window. */
    public record Outcome(int[] checkpointCrcs, byte[][] windows, int rangeCrc, int trailerCrc, int trailerSize,
                          long compressedEnd) {
    }

    private final RangeChain.Piece piece;
    private final GzipDecoder d;
    private final int windowLevel;
    private final CRC32 crc = new CRC32();
    private final int[] crcs;
    private final byte[][] windows;
    private final byte[][] fullWindows;
    private final WindowUse[] uses;
    private int taken;
    private boolean reachedEnd;
    private boolean memberEnded;
    private boolean eof;
    private int rangeCrc;
    private int trailerCrc;
    private int trailerSize;
    private long compressedEnd;

    /**
     * @param compressed the object's bytes from {@code piece.startBit() / 8} on, as far as the decoder reads
     */
    public ResumedRange(InputStream compressed, RangeChain.Piece piece, int windowLevel) throws IOException {
        this.piece = piece;
        this.windowLevel = windowLevel;
        int n = piece.checkpointBits().length;
        this.crcs = new int[n];
        this.windows = new byte[n][];
        this.fullWindows = new byte[n][];
        this.uses = new WindowUse[n];
        d = new GzipDecoder(compressed, piece.startBit() >>> 3, 1 << 20, 1 << 20);
        if (piece.uncompressedStart() == 0) {
            d.startAtMember(0, false);
        } else {
            d.startInMember((int) (piece.startBit() & 7), piece.window(), piece.uncompressedStart(),
                    piece.uncompressedStart(), 0);
        }
        d.uncheckedTrailers(); // the member's CRC is checked by the caller, from the ranges' CRCs
        d.candidateAt(0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (d.flushPos == d.outPos) {
            if (eof) {
                return -1;
            }
            step();
        }
        int n = Math.min(len, d.outPos - d.flushPos);
        System.arraycopy(d.out, d.flushPos, b, off, n);
        d.flushPos += n;
        return n;
    }

    /**
     * Decodes on until the range's end is reached and every window is known (the last range: to the end of the
     * stream, whose compressed size the index records); the outcome.
     */
    public Outcome finish() throws IOException {
        while (!eof && !(reachedEnd && windowsComplete() && !piece.last())) {
            d.flushPos = d.outPos;
            step();
        }
        if (!reachedEnd || taken != crcs.length || !windowsComplete()) {
            throw new Diverged("range at bit " + piece.startBit() + " ended before its end or a checkpoint");
        }
        try (WindowDeflater wd = new WindowDeflater(windowLevel)) {
            for (int k = 0; k < uses.length; k++) {
                int n = wd.deflate(uses[k].sparse(fullWindows[k]));
                windows[k] = Arrays.copyOf(wd.buffer(), n);
            }
        }
        return new Outcome(crcs, windows, rangeCrc, trailerCrc, trailerSize, compressedEnd);
    }

    private boolean windowsComplete() {
        for (int k = 0; k < taken; k++) {
            if (!uses[k].isComplete()) {
                return false;
            }
        }
        return true;
    }

    /** One call of the decoder (the previous output consumed); new output goes into the range's CRC. */
    private void step() throws IOException {
        int r = d.decode();
        int n = d.outPos - d.flushPos;
        long at = d.uncompressedPosition() - n;
        long inRange = Math.min(n, piece.uncompressedEnd() - at);
        if (inRange > 0) {
            crc.update(d.out, d.flushPos, (int) inRange);
        }
        switch (r) {
            case GzipDecoder.CANDIDATE -> candidate();
            case GzipDecoder.MEMBER_END -> {
                if (!piece.last()) {
                    if (!reachedEnd) {
                        throw new Diverged("member ends at " + d.uncompressedPosition() + ", inside a range");
                    }
                    return; // decoding on for the windows' use reached the member's end: that completes them
                }
                if (d.uncompressedPosition() != piece.uncompressedEnd()) {
                    throw new Diverged("member ends at " + d.uncompressedPosition() + ", not at " + piece.uncompressedEnd());
                }
                memberEnded = true;
                reachedEnd = true;
                rangeCrc = (int) crc.getValue();
                trailerCrc = d.trailerCrc();
                trailerSize = d.trailerSize();
            }
            case GzipDecoder.END -> {
                eof = true;
                if (piece.last()) {
                    if (!memberEnded || d.memberCount() != 1) {
                        throw new Diverged("not one member");
                    }
                    compressedEnd = d.compressedPosition();
                }
            }
            default -> {
            }
        }
    }

    private void candidate() throws Diverged {
        if (d.candidateIsMemberStart()) {
            if (d.uncompressedPosition() != 0) {
                throw new Diverged("a second member at " + d.uncompressedPosition());
            }
            return;
        }
        if (reachedEnd) {
            return;
        }
        long b = d.bitPosition();
        long u = d.uncompressedPosition();
        if (taken < crcs.length && b >= piece.checkpointBits()[taken]) {
            if (b != piece.checkpointBits()[taken] || u != piece.checkpointOffsets()[taken]) {
                throw new Diverged("no block boundary at checkpoint bit " + piece.checkpointBits()[taken]);
            }
            crcs[taken] = (int) crc.getValue();
            fullWindows[taken] = d.window();
            uses[taken] = new WindowUse(u, fullWindows[taken].length);
            d.track(uses[taken]);
            taken++;
        }
        if (!piece.last() && b >= piece.endBit()) {
            if (b != piece.endBit() || u != piece.uncompressedEnd()) {
                throw new Diverged("range stopped at bit " + b + ", offset " + u + ", expected bit " + piece.endBit());
            }
            reachedEnd = true;
            rangeCrc = (int) crc.getValue();
        }
    }
}
