package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinedSinkTest {

    @Test
    void everyByteInOrderAndDrainWaitsForAll() throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        List<Long> offsets = new ArrayList<>();
        byte[] data = GzipTestData.fastq(3, 3_000_000);
        byte[] buf = new byte[70_000];
        try (PipelinedSink sink = new PipelinedSink((b, off, len, u) -> {
            offsets.add(u);
            seen.write(b, off, len);
        })) {
            long u = 0;
            for (int p = 0; p < data.length; p += buf.length) {
                int n = Math.min(buf.length, data.length - p);
                System.arraycopy(data, p, buf, 0, n);
                sink.accept(buf, 0, n, u);
                java.util.Arrays.fill(buf, (byte) 0); // the decoder reuses its buffer at once
                u += n;
                if (p % (10 * buf.length) == 0) {
                    sink.drain();
                    assertThat(seen.size()).isEqualTo(u); // everything handed over has been seen
                }
            }
            sink.drain();
        }
        assertThat(seen.toByteArray()).isEqualTo(data);
        assertThat(offsets).isSorted().hasSize((data.length + buf.length - 1) / buf.length);
    }

    @Test
    void theCheckersFailureIsRethrownAsTheSameObject() throws IOException {
        IllegalStateException boom = new IllegalStateException("bad record");
        try (PipelinedSink sink = new PipelinedSink((b, off, len, u) -> {
            if (u >= 200) {
                throw boom;
            }
        })) {
            sink.accept(new byte[100], 0, 100, 0);
            sink.accept(new byte[100], 0, 100, 100);
            sink.drain(); // fine so far
            sink.accept(new byte[100], 0, 100, 200);
            assertThatThrownBy(sink::drain).isSameAs(boom);
            assertThatThrownBy(() -> sink.accept(new byte[1], 0, 1, 300)).isSameAs(boom);
        }
        IOException io = new IOException("disk");
        try (PipelinedSink sink = new PipelinedSink((b, off, len, u) -> {
            throw io;
        })) {
            sink.accept(new byte[1], 0, 1, 0);
            assertThatThrownBy(sink::drain).isSameAs(io);
        }
    }
}
