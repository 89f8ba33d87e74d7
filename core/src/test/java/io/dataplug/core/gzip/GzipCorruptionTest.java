package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dataplug.core.gzip.GzipFormatException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Corrupt, truncated and non-gzip input fails with a {@link GzipFormatException} that names the offset. */
class GzipCorruptionTest {

    static final byte[] DATA = GzipTestData.fastq(11, 60_000);
    static final byte[] GZ = GzipTestData.javaGzip(DATA);

    static GzipFormatException indexFails(byte[] gz) {
        GzipFormatException e = catchThrowableOfType(GzipFormatException.class,
                () -> GzipIndexer.builder().inputBufferSize(8192).outputChunkSize(8192).build()
                        .index(new ByteArrayInputStream(gz)));
        assertThat(e).as("expected a GzipFormatException").isNotNull();
        assertThat(e.getMessage()).contains("compressed byte offset " + e.compressedOffset());
        return e;
    }

    @Test
    void everyTruncationIsReportedAtTheEndOfTheInput() {
        byte[] gz = GzipTestData.javaGzip(GzipTestData.fastq(12, 3000));
        for (int cut = 0; cut < gz.length; cut++) {
            GzipFormatException e = indexFails(Arrays.copyOf(gz, cut));
            assertThat(e.kind()).as("cut at %d", cut).isEqualTo(Kind.TRUNCATED);
            assertThat(e.compressedOffset()).as("cut at %d", cut).isEqualTo(cut);
        }
    }

    @Test
    void truncatedMultiMemberAndStoredStreams() {
        byte[] stored = GzipTestData.deflaterGzip(GzipTestData.random(1, 100_000), 0, Deflater.DEFAULT_STRATEGY,
                1 << 20, Deflater.NO_FLUSH);
        for (int cut : new int[] {5, 10, 12, 14, 15, 5000, 65_550, stored.length - 9, stored.length - 1}) {
            GzipFormatException e = indexFails(Arrays.copyOf(stored, cut));
            assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(e.compressedOffset()).isEqualTo(cut);
        }
        byte[] multi = GzipTestData.multiMember(java.util.List.of(new byte[100], new byte[0], DATA));
        GzipFormatException e = indexFails(Arrays.copyOf(multi, multi.length - 3));
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.getMessage()).contains("member 3");
    }

    @Test
    void emptyInputIsTruncated() {
        GzipFormatException e = indexFails(new byte[0]);
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.compressedOffset()).isZero();
    }

    @Test
    void flippedBitsInDeflateDataAreDetected() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            byte[] gz = GZ.clone();
            int pos = 10 + r.nextInt(gz.length - 18);
            gz[pos] ^= (byte) (1 << r.nextInt(8));
            GzipFormatException e = indexFails(gz);
            assertThat(e.compressedOffset()).isBetween(0L, (long) gz.length);
            // errors inside deflate data are found at or after the flipped byte
            assertThat(e.compressedOffset()).as("flip at %d: %s", pos, e.getMessage()).isGreaterThanOrEqualTo(pos);
        }
    }

    @Test
    void crcAndLengthMismatch() {
        byte[] gz = GZ.clone();
        gz[gz.length - 7] ^= 1;
        GzipFormatException e = indexFails(gz);
        assertThat(e.kind()).isEqualTo(Kind.CRC_MISMATCH);
        assertThat(e.compressedOffset()).isEqualTo(gz.length - 8);
        assertThat(e.getMessage()).contains("CRC mismatch");

        gz = GZ.clone();
        gz[gz.length - 2] ^= 1;
        e = indexFails(gz);
        assertThat(e.kind()).isEqualTo(Kind.LENGTH_MISMATCH);
        assertThat(e.compressedOffset()).isEqualTo(gz.length - 4);
    }

    @Test
    void crcMismatchIsAlsoFoundWhenResumingInsideTheMember() throws IOException {
        byte[] data = GzipTestData.fastq(13, 400_000);
        byte[] gz = GzipTestData.pipeOrJava(data);
        GzipIndexer.Result ok = GzipIndexer.builder().span(100_000).build().index(new ByteArrayInputStream(gz));
        Checkpoint cp = ok.index().checkpoints().get(2);
        assertThat(cp.memberStart()).isFalse();
        byte[] window = GzipIndex.windowFromBlob(cp, ok.windows());
        byte[] bad = gz.clone();
        bad[bad.length - 5] ^= (byte) 0x80;
        InputStream in = GzipResume.open(cp, window, new ByteArrayInputStream(bad, (int) cp.compressedOffset(),
                bad.length));
        // all data is delivered, then the trailer check fails
        assertThat(in.readNBytes(data.length - (int) cp.uncompressedOffset()))
                .isEqualTo(Arrays.copyOfRange(data, (int) cp.uncompressedOffset(), data.length));
        GzipFormatException e = catchThrowableOfType(GzipFormatException.class, in::read);
        assertThat(e.kind()).isEqualTo(Kind.CRC_MISMATCH);
        assertThat(e.compressedOffset()).isEqualTo(gz.length - 8);
    }

    @Test
    void truncatedRangeDeliversEverythingBeforeTheCut() throws IOException {
        byte[] data = GzipTestData.fastq(14, 300_000);
        byte[] gz = GzipTestData.javaGzip(data);
        int cut = gz.length / 2;
        InputStream in = GzipResume.open(new ByteArrayInputStream(gz, 0, cut));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[777];
        GzipFormatException e = null;
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (GzipFormatException ex) {
            e = ex;
        }
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.compressedOffset()).isEqualTo(cut);
        assertThat(got.size()).isGreaterThan(data.length / 3);
        assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(data, got.size()));
        // the failure sticks
        assertThatThrownBy(in::read).isSameAs(e);
    }

    @Test
    void badMagicAndHeader() {
        byte[] gz = GZ.clone();
        gz[0] = 0x1e;
        GzipFormatException e = indexFails(gz);
        assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC);
        assertThat(e.compressedOffset()).isZero();
        assertThat(e.getMessage()).contains("bad magic");

        e = indexFails("plain text, not gzip".getBytes());
        assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC);

        gz = GZ.clone();
        gz[2] = 7;
        e = indexFails(gz);
        assertThat(e.kind()).isEqualTo(Kind.BAD_HEADER);
        assertThat(e.compressedOffset()).isEqualTo(2);

        gz = GZ.clone();
        gz[3] = (byte) 0x80;
        e = indexFails(gz);
        assertThat(e.kind()).isEqualTo(Kind.BAD_HEADER);
        assertThat(e.compressedOffset()).isEqualTo(3);
    }

    @Test
    void garbageAfterAMemberIsBadMagicButZeroPaddingIsIgnored() throws IOException {
        byte[] gz = Arrays.copyOf(GZ, GZ.length + 5);
        gz[GZ.length + 2] = 'x';
        GzipFormatException e = indexFails(gz);
        assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC);
        assertThat(e.compressedOffset()).isEqualTo(GZ.length + 2);

        byte[] garbage = Arrays.copyOf(GZ, GZ.length + 3);
        garbage[GZ.length] = 'P';
        e = indexFails(garbage);
        assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC);
        assertThat(e.compressedOffset()).isEqualTo(GZ.length);
        assertThat(e.getMessage()).contains("after member 1");

        byte[] padded = Arrays.copyOf(GZ, GZ.length + 1000);
        GzipIndex index = GzipIndexer.create().index(new ByteArrayInputStream(padded)).index();
        assertThat(index.uncompressedSize()).isEqualTo(DATA.length);
        assertThat(index.compressedSize()).isEqualTo(padded.length);
    }

    // ---- hand-made deflate streams ----

    /** LSB-first bit writer; Huffman codes are written MSB first as RFC 1951 says. */
    static final class Bits {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int acc;
        int n;

        Bits bits(int value, int count) {
            for (int i = 0; i < count; i++) {
                acc |= ((value >>> i) & 1) << n;
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
            return this;
        }

        Bits code(int code, int len) {
            for (int i = len - 1; i >= 0; i--) {
                bits((code >>> i) & 1, 1);
            }
            return this;
        }

        byte[] bytes() {
            if (n > 0) {
                out.write(acc);
            }
            return out.toByteArray();
        }
    }

    /** A gzip member around raw deflate data, with the trailer of {@code data}. */
    static byte[] member(byte[] deflate, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
        b.writeBytes(deflate);
        CRC32 crc = new CRC32();
        crc.update(data);
        GzipTestData.writeIntLE(b, (int) crc.getValue());
        GzipTestData.writeIntLE(b, data.length);
        return b.toByteArray();
    }

    static final int FIXED_EOB = 0; // 7-bit code 0000000

    @Test
    void handMadeFixedBlockDecodes() throws IOException {
        // 'a' (8-bit code 0x30 + 97), then length 3 / distance 1, EOB -> "aaaa"
        byte[] deflate = new Bits().bits(1, 1).bits(1, 2).code(0x30 + 'a', 8).code(1, 7).code(0, 5)
                .code(FIXED_EOB, 7).bytes();
        byte[] gz = member(deflate, "aaaa".getBytes());
        assertThat(GzipTestData.readAll(GzipResume.open(new ByteArrayInputStream(gz)))).isEqualTo("aaaa".getBytes());
    }

    @Test
    void invalidBlockType() {
        byte[] gz = member(new Bits().bits(1, 1).bits(3, 2).bits(0, 5).bytes(), new byte[0]);
        GzipFormatException e = indexFails(gz);
        assertThat(e.kind()).isEqualTo(Kind.INVALID_BLOCK_TYPE);
        assertThat(e.compressedOffset()).isEqualTo(10);
        assertThat(e.getMessage()).contains("invalid block type");
    }

    @Test
    void invalidStoredLengths() {
        byte[] deflate = new Bits().bits(1, 1).bits(0, 2).bits(0, 5).bits(5, 16).bits(5, 16).bytes();
        GzipFormatException e = indexFails(member(deflate, new byte[0]));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_STORED_LENGTH);
        assertThat(e.compressedOffset()).isEqualTo(11);
    }

    @Test
    void invalidLiteralLengthCode() {
        // literal/length symbol 286 (8-bit code 0xc0 + 6) does not exist
        byte[] deflate = new Bits().bits(1, 1).bits(1, 2).code(0x30 + 'a', 8).code(0xc0 + 6, 8).code(FIXED_EOB, 7)
                .bytes();
        GzipFormatException e = indexFails(member(deflate, "a".getBytes()));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_HUFFMAN_CODE);
        assertThat(e.compressedOffset()).isEqualTo(11); // bits 11..18 of the deflate data
        assertThat(e.getMessage()).contains("invalid Huffman code");
    }

    @Test
    void invalidDistanceCode() {
        byte[] deflate = new Bits().bits(1, 1).bits(1, 2).code(0x30 + 'a', 8).code(1, 7).code(30, 5)
                .code(FIXED_EOB, 7).bytes();
        GzipFormatException e = indexFails(member(deflate, "aaaa".getBytes()));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_HUFFMAN_CODE);
        assertThat(e.getMessage()).contains("distance");
    }

    @Test
    void distanceTooFarBack() {
        // 'a', then length 3 / distance 2 with only one byte of output
        byte[] deflate = new Bits().bits(1, 1).bits(1, 2).code(0x30 + 'a', 8).code(1, 7).code(1, 5)
                .code(FIXED_EOB, 7).bytes();
        GzipFormatException e = indexFails(member(deflate, "aaaa".getBytes()));
        assertThat(e.kind()).isEqualTo(Kind.DISTANCE_TOO_FAR);
        assertThat(e.compressedOffset()).isEqualTo(12);
        assertThat(e.getMessage()).contains("distance too far back");
    }

    @Test
    void distanceIntoThePreviousMemberIsTooFar() {
        // a member whose deflate data refers to a preset dictionary: gzip members cannot
        byte[] dict = GzipTestData.fastq(15, 20_000);
        Deflater def = new Deflater(6, true);
        def.setDictionary(dict);
        def.setInput(Arrays.copyOfRange(dict, 1000, 9000));
        def.finish();
        byte[] buf = new byte[20_000];
        int n = def.deflate(buf);
        def.end();
        byte[] gz = GzipTestData.multiMember(java.util.List.of(dict));
        byte[] bad = member(Arrays.copyOf(buf, n), Arrays.copyOfRange(dict, 1000, 9000));
        byte[] both = Arrays.copyOf(gz, gz.length + bad.length);
        System.arraycopy(bad, 0, both, gz.length, bad.length);
        GzipFormatException e = indexFails(both);
        assertThat(e.kind()).isEqualTo(Kind.DISTANCE_TOO_FAR);
        assertThat(e.compressedOffset()).isGreaterThan(gz.length);
    }

    @Test
    void tooManyCodeLengthSymbols() {
        // dynamic block with HLIT = 287
        byte[] deflate = new Bits().bits(1, 1).bits(2, 2).bits(30, 5).bits(0, 5).bits(0, 4).bits(0, 16).bytes();
        GzipFormatException e = indexFails(member(deflate, new byte[0]));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_CODE_LENGTHS);
        assertThat(e.compressedOffset()).isEqualTo(10);
    }

    @Test
    void overSubscribedCodeLengthCode() {
        // dynamic block, HCLEN = 4 + 4: all eight code-length code lengths 1 -> over-subscribed
        Bits b = new Bits().bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(4, 4);
        for (int i = 0; i < 8; i++) {
            b.bits(1, 3);
        }
        GzipFormatException e = indexFails(member(b.bits(0, 16).bytes(), new byte[0]));
        assertThat(e.kind()).isEqualTo(Kind.INVALID_CODE_LENGTHS);
    }

    @Test
    void headerCrcIsChecked() throws IOException {
        byte[] gz = GzipHeaderTest.withAllHeaderFields(DATA, true);
        assertThat(GzipTestData.readAll(GzipResume.open(new ByteArrayInputStream(gz)))).isEqualTo(DATA);
        byte[] bad = gz.clone();
        int hcrcAt = GzipHeaderTest.headerLength(gz) - 2;
        bad[hcrcAt] ^= 1;
        GzipFormatException e = indexFails(bad);
        assertThat(e.kind()).isEqualTo(Kind.BAD_HEADER);
        assertThat(e.compressedOffset()).isEqualTo(hcrcAt);
    }
}
