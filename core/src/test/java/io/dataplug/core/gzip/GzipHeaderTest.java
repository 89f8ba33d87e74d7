package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Optional gzip header fields are parsed and skipped; BGZF members are recognised. */
class GzipHeaderTest {

    /** A gzip member with FEXTRA (two subfields), FNAME, FCOMMENT and optionally FHCRC. */
    static byte[] withAllHeaderFields(byte[] data, boolean headerCrc) {
        byte[] plain = GzipTestData.javaGzip(data); // 10-byte header, no optional fields
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) (0x04 | 0x08 | 0x10 | (headerCrc ? 0x02 : 0)),
            1, 2, 3, 4, 0, 3});
        byte[] sub1 = {'A', 'p', 3, 0, 'x', 'y', 'z'};
        byte[] sub2 = {'Z', 'Z', 0, 0};
        int xlen = sub1.length + sub2.length;
        h.write(xlen);
        h.write(xlen >>> 8);
        h.writeBytes(sub1);
        h.writeBytes(sub2);
        h.writeBytes("reads.fastq\0".getBytes(StandardCharsets.ISO_8859_1));
        h.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        if (headerCrc) {
            CRC32 crc = new CRC32();
            crc.update(h.toByteArray());
            h.write((int) crc.getValue());
            h.write((int) crc.getValue() >>> 8);
        }
        h.write(plain, 10, plain.length - 10);
        return h.toByteArray();
    }

    static int headerLength(byte[] gzWithAllFields) {
        int xlen = (gzWithAllFields[10] & 0xff) | (gzWithAllFields[11] & 0xff) << 8;
        int p = 12 + xlen;
        while (gzWithAllFields[p++] != 0) { }
        while (gzWithAllFields[p++] != 0) { }
        return (gzWithAllFields[3] & 0x02) != 0 ? p + 2 : p;
    }

    @Test
    void optionalHeaderFields() throws IOException {
        byte[] data = GzipTestData.fastq(21, 200_000);
        for (boolean hcrc : new boolean[] {false, true}) {
            byte[] gz = withAllHeaderFields(data, hcrc);
            if (GzipTestData.hasTool("gzip")) {
                assertThat(GzipTestData.pipe(gz, "gzip", "-dc")).isEqualTo(data);
            }
            GzipIndexer.Result r = GzipIndexer.builder().span(50_000).build().index(new ByteArrayInputStream(gz));
            assertThat(r.index().uncompressedSize()).isEqualTo(data.length);
            assertThat(r.index().bgzf()).isFalse();
            for (Checkpoint cp : r.index().checkpoints()) {
                byte[] got = GzipTestData.readAll(GzipResume.open(cp, GzipIndex.windowFromBlob(cp, r.windows()),
                        new ByteArrayInputStream(gz, (int) cp.compressedOffset(), gz.length)));
                assertThat(got).hasSize(data.length - (int) cp.uncompressedOffset());
            }
        }
    }

    @Test
    void bgzfIsRecognisedAndCheckpointsAreMemberStarts() throws IOException {
        assumeTrue(GzipTestData.hasTool("bgzip"), "bgzip is not installed");
        byte[] data = GzipTestData.fastq(22, 700_000);
        byte[] gz = GzipTestData.pipe(data, "bgzip", "-c");
        GzipIndexer.Result r = GzipIndexer.builder().span(100_000).build().index(new ByteArrayInputStream(gz));
        assertThat(r.index().bgzf()).isTrue();
        assertThat(r.index().memberCount()).isGreaterThan(10); // data blocks + the empty EOF block
        assertThat(r.windows()).isEmpty();
        assertThat(r.index().checkpoints()).allMatch(Checkpoint::memberStart);
        assertThat(r.index().checkpoints().get(r.index().checkpoints().size() - 1).uncompressedOffset())
                .isLessThan(data.length);
    }
}
