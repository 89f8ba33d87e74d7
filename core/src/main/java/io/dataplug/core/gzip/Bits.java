package io.dataplug.core.gzip;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Bit reads at any bit position of a compressed object in memory (deflate order: LSB first). */
final class Bits {

    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bits() {
    }

    /** The 64 bits of {@code src[0, length)} from bit position {@code bit}, LSB first, zeros past the end. */
    static long at(byte[] src, int length, long bit) {
        int byteIndex = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        if (byteIndex + 9 <= length) {
            long lo = (long) LE64.get(src, byteIndex);
            return shift == 0 ? lo : lo >>> shift | (src[byteIndex + 8] & 0xffL) << (64 - shift);
        }
        long v = 0;
        for (int i = 0; i < 8 && byteIndex + i < length; i++) {
            v |= (src[byteIndex + i] & 0xffL) << (8 * i);
        }
        return v >>> shift | (shift == 0 || byteIndex + 8 >= length ? 0 : (src[byteIndex + 8] & 0xffL) << (64 - shift));
    }
}
