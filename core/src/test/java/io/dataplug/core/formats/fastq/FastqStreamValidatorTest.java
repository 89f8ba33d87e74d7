package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The push-mode validator used while decompressing: same verdicts as the chunk scanner, whatever the pieces. */
class FastqStreamValidatorTest {

    static FastqStreamValidator push(byte[] data, Random rnd, long[] awaitAt, List<Long> awaitedReads) {
        FastqStreamValidator v = new FastqStreamValidator("mem.fq.gz", "in the uncompressed data");
        int pos = 0;
        int a = 0;
        while (pos < data.length) {
            int n = 1 + rnd.nextInt(Math.min(data.length - pos, 300));
            // stop exactly at requested offsets, as a gzip checkpoint would
            while (a < awaitAt.length && awaitAt[a] <= pos) {
                if (awaitAt[a] == pos) {
                    awaitedReads.add(v.readsStartedSoFar());
                    v.await(v.readsStartedSoFar());
                }
                a++;
            }
            if (a < awaitAt.length && awaitAt[a] < pos + n) {
                n = (int) (awaitAt[a] - pos);
            }
            v.accept(data, pos, n, pos);
            pos += n;
        }
        v.finish();
        return v;
    }

    @Test
    void countsReadsAndResolvesReadStartsAfterArbitraryOffsets() {
        byte[] data = new FastqGenerator(31).reads(300).lengths(0, 50).atQuality(0.8).crlf(true).finalNewline(false).generate();
        List<Long> starts = new ArrayList<>();
        String s = new String(data, StandardCharsets.US_ASCII);
        for (int i = 0, line = 0; i < s.length(); line++) {
            if (line % 4 == 0) {
                starts.add((long) i);
            }
            int nl = s.indexOf('\n', i);
            i = nl < 0 ? s.length() : nl + 1;
        }
        long[] offsets = new Random(1).longs(40, 1, data.length).sorted().distinct().toArray();
        List<Long> awaited = new ArrayList<>();
        FastqStreamValidator v = push(data, new Random(2), offsets, awaited);
        assertThat(v.reads()).isEqualTo(300);
        long[] got = v.awaitedOffsets();
        assertThat(got).hasSize(offsets.length);
        assertThat(awaited).hasSize(offsets.length);
        for (int k = 0; k < got.length; k++) {
            long n = awaited.get(k);
            long at = offsets[k];
            // the first read starting at or after the offset
            assertThat(n).isEqualTo(starts.stream().filter(x -> x < at).count());
            assertThat(got[k]).isEqualTo(n < starts.size() ? starts.get((int) n) : data.length);
        }
    }

    @Test
    void errorsMatchTheChunkScanner() {
        String good = "@r1\nACGT\n+\n@III\n@r2\nAC\n+r2\nII\n";
        String[] bad = {good + "@r3\n", good + "@r3\nACG\n+\nII\n", good + "@r3\nACG\nIII\nIII\n", good + "r3\nACG\n+\nIII\n",
            good + "\n"};
        for (String b : bad) {
            byte[] data = b.getBytes(StandardCharsets.US_ASCII);
            Throwable chunked = org.assertj.core.api.Assertions.catchThrowable(() -> FastqChunkingTest.index(data, 7, "1MiB"));
            assertThatThrownBy(() -> push(data, new Random(3), new long[0], new ArrayList<>()))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageStartingWith("mem.fq.gz" + chunked.getMessage().substring("file:///mem.fq".length(),
                            chunked.getMessage().indexOf(';')))
                    .hasMessageContaining("(in the uncompressed data)");
        }
    }
}
