package io.dataplug.core.gzip;

/** CRC-32 (gzip polynomial) arithmetic that {@link java.util.zip.CRC32} lacks: combining two CRCs. */
final class Crc32s {

    private static final int POLY = 0xedb88320; // reflected
    /** X2N[k] = x^(2^k) mod p(x), reflected. */
    private static final int[] X2N = new int[32];

    static {
        int p = 1 << 30; // x^1
        X2N[0] = p;
        for (int n = 1; n < 32; n++) {
            p = multModP(p, p);
            X2N[n] = p;
        }
    }

    private Crc32s() {
    }

    /** a(x) * b(x) mod p(x), reflected representation. */
    private static int multModP(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        for (;;) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return p;
    }

    /** x^(n * 2^k) mod p(x). */
    private static int x2nModP(long n, int k) {
        int p = 1 << 31; // x^0 == 1
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multModP(X2N[k & 31], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }

    /** CRC-32 of A followed by B, given crc(A), crc(B) and the length of B in bytes. */
    static int combine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        return multModP(x2nModP(lengthB, 3), crcA) ^ crcB;
    }
}
