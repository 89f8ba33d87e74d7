package io.dataplug.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time searches against plain byte loops, on random and adversarial inputs. */
public class SwarTest {

    /** Bytes that matter to the scanners, plus the edges of the signed and printable ranges. */
    private static final byte[] ALPHABET = {'\n', '\r', '"', ',', '\t', ' ', '!', '~', 0x7f, (byte) 0x80, (byte) 0xff,
            (byte) 0x8a, (byte) 0xa2, 0, 'A', 'C', 0x20, 0x21, 0x7e, 0x01};

    /** Random bytes, most from the alphabet the scanners care about. */
    public static byte[] random(Random rnd, int len) {
        byte[] a = new byte[len];
        for (int i = 0; i < len; i++) {
            a[i] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        return a;
    }

    @Test
    void searchesAgreeWithByteLoops() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] a = random(rnd, rnd.nextInt(70));
            int from = a.length == 0 ? 0 : rnd.nextInt(a.length + 1);
            int to = from + rnd.nextInt(a.length - from + 1);
            byte b = ALPHABET[rnd.nextInt(ALPHABET.length)];
            byte c = ALPHABET[rnd.nextInt(ALPHABET.length)];
            assertEquals(naiveIndexOf(a, from, to, b), Swar.indexOf(a, from, to, b), () -> "indexOf " + b);
            assertEquals(naiveIndexOf(a, from, to, (byte) '\n'), Bytes.indexOfNewline(a, from, to));
            assertEquals(naiveEither(a, from, to, b, c), Swar.indexOfEither(a, from, to, b, c));
            assertEquals(naiveCount(a, from, to, b), Swar.count(a, from, to, b), () -> "count " + b);
            for (int n = 1; n <= 9; n++) {
                int nth = n;
                assertEquals(naiveNth(a, from, to, b, n), Swar.indexOfNth(a, from, to, b, n), () -> "indexOfNth " + b + " " + nth);
            }
            java.util.List<Integer> all = new java.util.ArrayList<>();
            Swar.forEach(a, from, to, b, all::add);
            java.util.List<Integer> expected = new java.util.ArrayList<>();
            for (int i = from; i < to; i++) {
                if (a[i] == b) {
                    expected.add(i);
                }
            }
            assertEquals(expected, all, () -> "forEach " + b);
        }
    }

    @Test
    void everyByteValueInEveryLane() {
        for (int v = 0; v < 256; v++) {
            for (int lane = 0; lane < 8; lane++) {
                byte[] a = new byte[8];
                java.util.Arrays.fill(a, (byte) 'A');
                a[lane] = (byte) v;
                long w = Swar.word(a, 0);
                boolean graphic = v >= 0x21 && v <= 0x7e;
                assertEquals(graphic ? 0L : 0x80L << (8 * lane), Swar.notGraphic(w), "byte " + v + " lane " + lane);
                assertEquals(0x80L << (8 * lane), Swar.eq(w, Swar.broadcast((byte) v)) & (0x80L << (8 * lane)));
                assertEquals(v == 'A' ? 8 : 1, Long.bitCount(Swar.eq(w, Swar.broadcast((byte) v))), "byte " + v);
            }
        }
    }

    @Test
    void matchesRightAfterAWordBoundaryAndAtTheEnd() {
        for (int len = 0; len < 40; len++) {
            for (int at = 0; at < len; at++) {
                byte[] a = new byte[len];
                java.util.Arrays.fill(a, (byte) 0x80);
                a[at] = '\n';
                assertEquals(at, Swar.indexOf(a, 0, len, (byte) '\n'));
                assertEquals(at, Swar.indexOf(a, at, len, (byte) '\n'));
                assertEquals(-1, Swar.indexOf(a, at + 1, len, (byte) '\n'));
                assertEquals(-1, Swar.indexOf(a, 0, at, (byte) '\n'));
                assertEquals(1, Swar.count(a, 0, len, (byte) '\n'));
                assertEquals(len - 1, Swar.count(a, 0, len, (byte) 0x80));
            }
        }
    }

    /** Every byte value in every lane, and random runs of digits of every length with every tail. */
    @Test
    void leadingDigitsAndTheirValue() {
        for (int v = 0; v < 256; v++) {
            for (int lane = 0; lane < 8; lane++) {
                byte[] a = "12345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                a[lane] = (byte) v;
                int expected = v >= '0' && v <= '9' ? 8 : lane;
                assertEquals(expected, Swar.leadingDigits(Swar.word(a, 0)), "byte " + v + " lane " + lane);
            }
        }
        Random rnd = new Random(7);
        for (int round = 0; round < 200_000; round++) {
            byte[] a = random(rnd, 8);
            int n = 1 + rnd.nextInt(8);
            long value = 0;
            for (int i = 0; i < n; i++) {
                int d = rnd.nextInt(10);
                a[i] = (byte) ('0' + d);
                value = value * 10 + d;
            }
            long w = Swar.word(a, 0);
            assertEquals(value, Swar.parseDigits(w, n), () -> new String(a, java.nio.charset.StandardCharsets.ISO_8859_1));
            int leading = 0;
            while (leading < 8 && a[leading] >= '0' && a[leading] <= '9') {
                leading++;
            }
            assertEquals(leading, Swar.leadingDigits(w));
        }
    }

    private static int naiveNth(byte[] a, int from, int to, byte b, int n) {
        for (int i = from; i < to; i++) {
            if (a[i] == b && --n == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int naiveIndexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int naiveEither(byte[] a, int from, int to, byte b, byte c) {
        for (int i = from; i < to; i++) {
            if (a[i] == b || a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static long naiveCount(byte[] a, int from, int to, byte b) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += a[i] == b ? 1 : 0;
        }
        return n;
    }
}
