package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeptHeadTest {

    /** Streams that return fewer bytes than asked, as network reads do. */
    private static InputStream shortReads(byte[] data, Random rnd) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(5000)));
            }
        };
    }

    /**
     * Whatever way the first stream is read (single bytes, short reads, a skip, closed early), exactly the bytes it
     * returned before any skip are served again, and nothing past them.
     */
    @Test
    void servesExactlyTheBytesTheFirstStreamReturned() throws IOException {
        Random rnd = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] data = new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(100) : 1 + rnd.nextInt(3 * KeptHead.LIMIT)];
            rnd.nextBytes(data);
            KeptHead head = new KeptHead();
            int seen = 0;
            boolean skipped = false;
            int stopAt = rnd.nextBoolean() ? data.length : rnd.nextInt(data.length + 1);
            try (InputStream in = head.keep(shortReads(data, rnd), data.length)) {
                while (seen < stopAt) {
                    int pick = rnd.nextInt(20);
                    if (pick == 0) {
                        int c = in.read();
                        assertThat(c).isEqualTo(data[seen] & 0xff);
                        seen++;
                    } else if (pick == 1 && !skipped) {
                        skipped = true;
                        int kept = Math.min(seen, KeptHead.LIMIT);
                        long n = in.skip(1 + rnd.nextInt(100));
                        assertThat(head.open(0, kept)).as("bytes before a skip").isNotNull();
                        seen += (int) n;
                        stopAt = Math.max(stopAt, seen);
                        check(head, data, kept, round);
                        break;
                    } else {
                        byte[] b = new byte[1 + rnd.nextInt(9000)];
                        int off = rnd.nextInt(b.length);
                        int n = in.read(b, off, Math.min(b.length - off, stopAt - seen));
                        assertThat(Arrays.copyOfRange(b, off, off + n)).isEqualTo(Arrays.copyOfRange(data, seen, seen + n));
                        seen += n;
                    }
                }
            }
            if (!skipped) {
                check(head, data, Math.min(seen, KeptHead.LIMIT), round);
            }
        }
    }

    private static void check(KeptHead head, byte[] data, int kept, int round) throws IOException {
        for (int i = 0; i < 20; i++) {
            int start = kept == 0 ? 0 : new Random(round * 31L + i).nextInt(kept + 1);
            int end = start + (kept == start ? 0 : new Random(i).nextInt(kept - start + 1));
            try (InputStream in = head.open(start, end)) {
                assertThat(in).as("round %d: [%d, %d) of %d kept", round, start, end, kept).isNotNull();
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, start, end));
            }
        }
        assertThat(head.open(0, kept + 1)).as("round %d: one byte past the %d kept", round, kept).isNull();
    }

    /** A second stream from offset 0 that goes further adds what the first did not keep. */
    @Test
    void aLongerSecondReadKeepsMore() throws IOException {
        byte[] data = new byte[KeptHead.LIMIT * 2];
        new Random(3).nextBytes(data);
        KeptHead head = new KeptHead();
        try (InputStream in = head.keep(new ByteArrayInputStream(data, 0, 100), 100)) {
            in.readAllBytes();
        }
        assertThat(head.open(0, 101)).isNull();
        try (InputStream in = head.keep(new ByteArrayInputStream(data), data.length)) {
            in.readAllBytes();
        }
        assertThat(head.open(0, KeptHead.LIMIT).readAllBytes()).isEqualTo(Arrays.copyOf(data, KeptHead.LIMIT));
        assertThat(head.open(0, KeptHead.LIMIT + 1)).as("never more than the limit").isNull();
        assertThat(head.open(5, 4)).as("an empty range backwards").isNull();
    }
}
