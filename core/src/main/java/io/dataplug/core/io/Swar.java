package io.dataplug.core.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SIMD within a register: byte searches eight bytes at a time. A word is read little-endian through a
 * {@link VarHandle} (one unaligned load, no copy), so byte {@code k} of the word is {@code a[i + k]} and the
 * first match is {@code Long.numberOfTrailingZeros(mask) >>> 3}. Every mask here is exact per byte (no
 * borrow runs from one byte into the next), so masks can also be counted with {@link Long#bitCount}: each
 * matching byte contributes its bit 7 ({@code 0x80}).
 */
public final class Swar {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;

    private Swar() {
    }

    /** The eight bytes {@code a[i, i + 8)} as one little-endian word. */
    public static long word(byte[] a, int i) {
        return (long) LONGS.get(a, i);
    }

    /** {@code b} in every byte of a word, the pattern for {@link #eq}. */
    public static long broadcast(byte b) {
        return (b & 0xffL) * ONES;
    }

    /** Bit 7 set in each byte of {@code w} that equals the byte broadcast in {@code pattern}. */
    public static long eq(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /**
     * Bit 7 set in each byte of {@code w} outside {@code [0x21, 0x7e]}: controls (line feed, carriage return,
     * tab), space, DEL and every byte {@code >= 0x80}.
     */
    public static long notGraphic(long w) {
        long low = w & LOW7;
        long belowBang = ~(low + 0x5f5f5f5f5f5f5f5fL); // bit 7 clear iff low byte + 0x5f < 0x80, i.e. < 0x21
        long aboveTilde = low + ONES; // bit 7 set iff low byte >= 0x7f
        return (w | belowBang | aboveTilde) & HIGH;
    }

    /** How many of the word's bytes, from its first, are ASCII digits (0 to 8). */
    public static int leadingDigits(long w) {
        long t = w ^ 0x3030303030303030L; // a digit becomes 0..9 with nothing else set
        long notDigit = (((t & LOW7) + 0x7676767676767676L) | t) & HIGH; // bit 7 where the byte is not 0..9
        return notDigit == 0 ? Long.BYTES : first(notDigit);
    }

    /** The value of the first {@code n} bytes of {@code w} read as decimal digits, {@code 1 <= n <= 8}, all digits. */
    public static long parseDigits(long w, int n) {
        // The digits move to the word's top bytes, zeros (leading zeros) below them; then pairs, quads and halves
        // are combined with one multiply each.
        long v = ((w ^ 0x3030303030303030L) << (8 * (Long.BYTES - n)));
        v = (v * 10 + (v >>> 8)) & 0x00ff00ff00ff00ffL;
        v = (v * 100 + (v >>> 16)) & 0x0000ffff0000ffffL;
        return (v * 10000 + (v >>> 32)) & 0xffffffffL;
    }

    /** Index of the first matching byte of a non-zero mask, from the word's first byte. */
    public static int first(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }

    /** Index of the first {@code b} in {@code a[from, to)}, or -1. */
    public static int indexOf(byte[] a, int from, int to, byte b) {
        long pattern = broadcast(b);
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long m = eq(word(a, i), pattern);
            if (m != 0) {
                return i + first(m);
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first {@code b1} or {@code b2} in {@code a[from, to)}, or -1. */
    public static int indexOfEither(byte[] a, int from, int to, byte b1, byte b2) {
        long p1 = broadcast(b1);
        long p2 = broadcast(b2);
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long w = word(a, i);
            long m = eq(w, p1) | eq(w, p2);
            if (m != 0) {
                return i + first(m);
            }
        }
        for (; i < to; i++) {
            if (a[i] == b1 || a[i] == b2) {
                return i;
            }
        }
        return -1;
    }

    /** Receives match positions from {@link #forEach}. */
    @FunctionalInterface
    public interface IndexConsumer {
        void accept(int index);
    }

    /**
     * Calls {@code action} with the index of every {@code b} in {@code a[from, to)}, in order: all matches of
     * a word come from one mask (lowest set bit first), so short records cost no call and no restart each.
     */
    public static void forEach(byte[] a, int from, int to, byte b, IndexConsumer action) {
        long pattern = broadcast(b);
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            for (long m = eq(word(a, i), pattern); m != 0; m &= m - 1) {
                action.accept(i + first(m));
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                action.accept(i);
            }
        }
    }

    /**
     * Index of the {@code n}-th {@code b} (1-based) in {@code a[from, to)}, or -1 when there are fewer: a word's
     * matches are counted at once, so finding the fifth tab of a short line is one pass, not five searches.
     */
    public static int indexOfNth(byte[] a, int from, int to, byte b, int n) {
        long pattern = broadcast(b);
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long m = eq(word(a, i), pattern);
            int c = Long.bitCount(m);
            if (c >= n) {
                for (; n > 1; n--) {
                    m &= m - 1;
                }
                return i + first(m);
            }
            n -= c;
        }
        for (; i < to; i++) {
            if (a[i] == b && --n == 0) {
                return i;
            }
        }
        return -1;
    }

    /** How many {@code b} are in {@code a[from, to)}. */
    public static long count(byte[] a, int from, int to, byte b) {
        long pattern = broadcast(b);
        long n = 0;
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            n += Long.bitCount(eq(word(a, i), pattern));
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                n++;
            }
        }
        return n;
    }
}
