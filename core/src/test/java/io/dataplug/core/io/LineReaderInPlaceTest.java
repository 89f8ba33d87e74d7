package io.dataplug.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.gzip.Bgzf;
import io.dataplug.core.gzip.VirtualOffset;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The in-place walk of a plain reader's buffer: what is held, positions, and moving past whole lines. */
class LineReaderInPlaceTest {

    @Test
    void linesTakenInPlaceAreSkippedAndPositionsStayByteOffsets() throws IOException {
        byte[] data = "one\ntwo\nthree\nfour".getBytes(StandardCharsets.US_ASCII);
        try (LineReader r = LineReader.plain(new ByteArrayInputStream(data), 100)) {
            assertThat(r.next()).isTrue();
            assertThat(r.start()).isEqualTo(100);
            long base = r.linearBase();
            int k = r.pending();
            assertThat(base + k).as("the next line's position").isEqualTo(104);
            assertThat(r.held()).isEqualTo(data.length);
            // take "two\n" and "three\n" in place
            r.consumeTo(k + 10);
            assertThat(r.positionAfter()).isEqualTo(114);
            assertThat(r.next()).isTrue();
            assertThat(new String(r.buffer(), r.offset(), r.length(), StandardCharsets.US_ASCII)).isEqualTo("four");
            assertThat(r.terminated()).isFalse();
            assertThat(r.next()).isFalse();
            assertThatThrownBy(() -> r.consumeTo(r.held() + 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> r.consumeTo(r.pending() - 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void bgzfPositionsAreNotLinear() throws IOException {
        try (LineReader r = LineReader.bgzf(new ByteArrayInputStream(Bgzf.eofMarker()), new VirtualOffset(0, 0))) {
            assertThat(r.linearBase()).isEqualTo(-1);
        }
    }
}
