package io.dataplug.core.formats.lidar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A slice's header: the source header's bytes with the point data offset, VLR count, point format byte,
 * point counts, return counts, bounds and EVLR/waveform positions rewritten for the slice's points.
 */
final class LasHeaderPatch {

    private static final long U32 = 0xffffffffL;

    private LasHeaderPatch() {
    }

    /**
     * @param formatByte     the point data format byte to write (with the LAZ bits for LAZ output)
     * @param evlrStart      where the EVLRs start in the slice (LAS 1.4), 0 when none
     * @param waveformStart  where the waveform data packet record starts in the slice, 0 when none
     */
    static byte[] patch(byte[] source, LasHeader h, PointStats s, long offsetToPoints, long vlrCount, int formatByte,
                        long evlrStart, long evlrCount, long waveformStart) {
        if (offsetToPoints > U32) {
            throw new IllegalStateException("VLRs too large for a LAS header");
        }
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(source, h.headerSize())).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(96, (int) offsetToPoints);
        b.putInt(100, (int) vlrCount);
        b.put(104, (byte) formatByte);
        boolean v14 = h.versionMinor() >= 4;
        boolean legacy = !v14 || (!h.extendedPoints() && s.count <= U32);
        if (!v14 && s.count > U32) {
            throw new IllegalStateException(s.count + " points do not fit a LAS " + h.version() + " header");
        }
        b.putInt(107, legacy ? (int) s.count : 0);
        for (int i = 0; i < 5; i++) {
            b.putInt(111 + 4 * i, legacy && s.returns[i] <= U32 ? (int) s.returns[i] : 0);
        }
        boolean any = s.count > 0;
        for (int k = 0; k < 3; k++) {
            double max = any ? s.max[k] * h.scale()[k] + h.offset()[k] : 0;
            double min = any ? s.min[k] * h.scale()[k] + h.offset()[k] : 0;
            b.putDouble(179 + 16 * k, max);
            b.putDouble(187 + 16 * k, min);
        }
        if (h.versionMinor() >= 3) {
            b.putLong(227, waveformStart);
        }
        if (v14) {
            b.putLong(235, evlrStart);
            b.putInt(243, (int) evlrCount);
            b.putLong(247, s.count);
            for (int i = 0; i < 15; i++) {
                b.putLong(255 + 8 * i, s.returns[i]);
            }
        }
        return b.array();
    }
}
