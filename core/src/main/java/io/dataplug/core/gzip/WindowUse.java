package io.dataplug.core.gzip;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Which bytes of a checkpoint's window the data after the checkpoint actually references.
 *
 * <p>A back-reference reaches at most 32 KiB back, so only matches in the {@link GzipDecoder#WINDOW} bytes
 * of output after the checkpoint can read its window; once the decoder has produced them (or the member
 * has ended) the set is complete. Bytes nobody references can be stored as zeros: resuming at the
 * checkpoint produces the same output, and runs of zeros cost next to nothing once deflated.
 */
final class WindowUse {

    /** Uncompressed offset of the checkpoint (the byte after the window). */
    private final long end;
    private final int size;
    private final BitSet used;
    private boolean complete;

    WindowUse(long checkpointOffset, int windowSize) {
        this.end = checkpointOffset;
        this.size = windowSize;
        this.used = new BitSet(windowSize);
    }

    /**
     * The window of a checkpoint with unreferenced bytes zeroed, found by decoding the 32 KiB after it again.
     * Checks no trailer (the checkpoint's prefix CRC may not be known yet): the caller checks every member.
     *
     * @param gz     the whole compressed object
     * @param window the checkpoint's full window; zeroed in place where unreferenced
     */
    static byte[] sparseWindow(byte[] gz, Checkpoint cp, byte[] window) throws java.io.IOException {
        WindowUse use = new WindowUse(cp.uncompressedOffset(), window.length);
        GzipDecoder d = new GzipDecoder(new java.io.ByteArrayInputStream(gz, (int) cp.compressedOffset(), gz.length),
                cp.compressedOffset(), 1 << 16, 1 << 12);
        d.startInMember(cp.bitOffset(), window.clone(), cp.uncompressedOffset(), cp.memberPrefixLength(),
                cp.memberPrefixCrc());
        d.uncheckedTrailers();
        d.track(use);
        while (!use.isComplete() && d.decode() != GzipDecoder.END) {
            d.flushPos = d.outPos;
        }
        return use.sparse(window);
    }

    /** Records a match copying {@code length} bytes from uncompressed offset {@code from}. */
    void reference(long from, int length) {
        long lo = Math.max(from, end - size);
        long hi = Math.min(from + length, end);
        if (lo < hi) {
            used.set((int) (lo - (end - size)), (int) (hi - (end - size)));
        }
    }

    /** Whether output up to {@code uncompressedPosition} can no longer reference the window. */
    boolean passedBy(long uncompressedPosition) {
        return uncompressedPosition >= end + GzipDecoder.WINDOW;
    }

    void complete() {
        complete = true;
    }

    boolean isComplete() {
        return complete;
    }

    /** Bytes of the window that are referenced (for statistics). */
    int referencedBytes() {
        return used.cardinality();
    }

    /** The window with every unreferenced byte set to zero, in place. */
    byte[] sparse(byte[] window) {
        if (window.length != size) {
            throw new IllegalArgumentException("window of " + window.length + " bytes, expected " + size);
        }
        int i = used.nextClearBit(0);
        while (i < size) {
            int j = used.nextSetBit(i);
            j = j < 0 ? size : j;
            Arrays.fill(window, i, j, (byte) 0);
            i = used.nextClearBit(j);
        }
        return window;
    }
}
