package io.dataplug.core.formats.fasta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dataplug.core.io.SwarTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time sequence-line scan against a byte loop: line feed found, length, bad bytes, last CR. */
class FastaLineStatsTest {

    @Test
    void agreesWithAByteLoop() {
        Random rnd = new Random(5);
        byte[] residues = "ACGTNacgtn*-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int round = 0; round < 20_000; round++) {
            int len = rnd.nextInt(90);
            byte[] a = rnd.nextInt(4) == 0 ? SwarTest.random(rnd, len) : new byte[len];
            if (a.length > 0 && a[0] == 0 && rnd.nextBoolean()) {
                for (int i = 0; i < len; i++) {
                    a[i] = rnd.nextInt(40) == 0 ? (byte) "\n\r \t\u007f".charAt(rnd.nextInt(5)) : residues[rnd.nextInt(residues.length)];
                }
            }
            int from = rnd.nextInt(len + 1);
            LineStats fast = new LineStats();
            LineStats slow = new LineStats();
            if (rnd.nextBoolean()) { // a line continued from an earlier buffer
                fast.len = slow.len = 7;
                fast.bad = slow.bad = rnd.nextInt(2);
                fast.firstBad = slow.firstBad = fast.bad > 0 ? 3 : -1;
                fast.lastCr = slow.lastCr = rnd.nextBoolean();
            }
            int j = fast.scan(a, from, len, 1000);
            assertEquals(naive(slow, a, from, len, 1000), j);
            assertEquals(slow.len, fast.len);
            assertEquals(slow.bad, fast.bad);
            assertEquals(slow.firstBad, fast.firstBad);
            assertEquals(slow.firstBadByte, fast.firstBadByte);
            assertEquals(slow.lastCr, fast.lastCr);
        }
    }

    private static int naive(LineStats s, byte[] buf, int i, int n, long base) {
        int j = i;
        for (; j < n && buf[j] != '\n'; j++) {
            int c = buf[j] & 0xff;
            if (c < 0x21 || c > 0x7e) {
                if (s.bad == 0) {
                    s.firstBad = base + j;
                    s.firstBadByte = c;
                }
                s.bad++;
            }
        }
        if (j > i) {
            s.lastCr = buf[j - 1] == '\r';
            s.len += j - i;
        }
        return j;
    }
}
