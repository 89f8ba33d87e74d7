package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Index every kind of gzip stream, then resume from every checkpoint using only a slice of the compressed
 * bytes and compare with what zcat (tool-made files) or the original data (our own files) gives.
 */
class GzipIndexRoundTripTest {

    record Compressor(String name, String tool, Function<byte[], byte[]> fn) {
    }

    static final Map<String, byte[]> DATA = new LinkedHashMap<>();

    static {
        DATA.put("fastq", GzipTestData.fastq(1, 600_000));
        DATA.put("repetitive", GzipTestData.repetitive(2, 400_000));
        DATA.put("random", GzipTestData.random(3, 150_000));
        DATA.put("mixed", GzipTestData.mixed(4, 400_000));
        DATA.put("empty", new byte[0]);
        DATA.put("one-byte", new byte[] {'x'});
    }

    static final List<Compressor> COMPRESSORS = List.of(
            new Compressor("gzip -1", "gzip", d -> GzipTestData.pipe(d, "gzip", "-1", "-c")),
            new Compressor("gzip -6", "gzip", d -> GzipTestData.pipe(d, "gzip", "-6", "-c")),
            new Compressor("gzip -9", "gzip", d -> GzipTestData.pipe(d, "gzip", "-9", "-c")),
            new Compressor("pigz -p 2", "pigz", d -> GzipTestData.pipe(d, "pigz", "-p", "2", "-c")),
            new Compressor("bgzip", "bgzip", d -> GzipTestData.pipe(d, "bgzip", "-c")),
            new Compressor("GZIPOutputStream", null, GzipTestData::javaGzip),
            new Compressor("Deflater stored", null,
                    d -> GzipTestData.deflaterGzip(d, 0, Deflater.DEFAULT_STRATEGY, 1 << 20, Deflater.NO_FLUSH)),
            new Compressor("Deflater fixed (sync flush)", null,
                    d -> GzipTestData.deflaterGzip(d, 6, Deflater.DEFAULT_STRATEGY, 197, Deflater.SYNC_FLUSH)),
            new Compressor("Deflater huffman-only, full flush", null,
                    d -> GzipTestData.deflaterGzip(d, 6, Deflater.HUFFMAN_ONLY, 70_000, Deflater.FULL_FLUSH)),
            new Compressor("Deflater level 5 filtered", null,
                    d -> GzipTestData.deflaterGzip(d, 5, Deflater.FILTERED, 1 << 20, Deflater.NO_FLUSH)),
            new Compressor("multi-member with empty members", null,
                    d -> GzipTestData.multiMember(GzipTestData.pieces(d, 7))));

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Compressor c : COMPRESSORS) {
            for (String data : DATA.keySet()) {
                list.add(Arguments.of(c.name(), data));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void resumesFromEveryCheckpoint(String compressorName, String dataName) throws IOException {
        Compressor c = COMPRESSORS.stream().filter(x -> x.name().equals(compressorName)).findFirst().orElseThrow();
        assumeTrue(c.tool() == null || GzipTestData.hasTool(c.tool()), c.tool() + " is not installed");
        assumeTrue(c.tool() == null || GzipTestData.hasTool("gzip"), "gzip (zcat) is not installed");
        byte[] data = DATA.get(dataName);
        byte[] gz = c.fn().apply(data);
        byte[] expected = c.tool() == null ? data : GzipTestData.pipe(gz, "gzip", "-dc");
        assertThat(expected).isEqualTo(data);

        long span = Math.max(1, data.length / 12);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        GzipIndexer.Result result = GzipIndexer.builder().span(span)
                .sink((b, off, len, u) -> {
                    assertThat(u).isEqualTo(seen.size());
                    seen.write(b, off, len);
                })
                .build().index(new ByteArrayInputStream(gz));
        GzipIndex index = result.index();

        assertThat(seen.toByteArray()).isEqualTo(expected);
        assertThat(index.uncompressedSize()).isEqualTo(expected.length);
        assertThat(index.compressedSize()).isEqualTo(gz.length);
        assertThat(index.memberCount()).isGreaterThanOrEqualTo(1);
        assertThat(index.windowsLength()).isEqualTo(result.windows().length);
        assertThat(index.checkpoints().get(0)).isEqualTo(Checkpoint.atMemberStart(0, 0, 0));
        if (compressorName.equals("bgzip")) {
            assertThat(index.bgzf()).isTrue();
            assertThat(index.checkpoints()).allMatch(Checkpoint::memberStart);
        }
        if (dataName.equals("fastq") && !compressorName.startsWith("multi")) {
            assertThat(index.checkpoints().size()).isGreaterThan(2);
        }
        assertThat(GzipIndex.fromBytes(index.toBytes())).isEqualTo(index);

        List<Checkpoint> cps = index.checkpoints();
        for (int i = 0; i < cps.size(); i++) {
            Checkpoint cp = cps.get(i);
            assertThat(cp.uncompressedOffset()).isLessThan(Math.max(1, expected.length));
            if (i > 0) {
                assertThat(cp.uncompressedOffset() - cps.get(i - 1).uncompressedOffset()).isGreaterThanOrEqualTo(span);
            }
            // the window comes from a ranged read of the windows blob
            byte[] compressedWindow = cp.hasWindow()
                    ? Arrays.copyOfRange(result.windows(), (int) cp.windowOffset(), (int) cp.windowOffset() + cp.windowLength())
                    : new byte[0];
            byte[] window = GzipIndex.inflateWindow(cp, compressedWindow, 0);
            if (cp.hasWindow()) {
                int u = (int) cp.uncompressedOffset();
                byte[] real = Arrays.copyOfRange(expected, u - cp.windowSize(), u);
                for (int k = 0; k < window.length; k++) { // only unreferenced bytes may be zeroed
                    assertThat(window[k]).as("window byte %d", k).isIn(real[k], (byte) 0);
                }
            }
            // ranged read to the end of the object: everything to the end, all members verified
            byte[] tail = Arrays.copyOfRange(gz, (int) cp.compressedOffset(), gz.length);
            byte[] got = GzipTestData.readAll(GzipResume.open(cp, window, new ByteArrayInputStream(tail)));
            assertThat(got).as("resume at checkpoint %d %s", i, cp)
                    .isEqualTo(Arrays.copyOfRange(expected, (int) cp.uncompressedOffset(), expected.length));
            // ranged read that ends where the next checkpoint starts: enough for the bytes up to it
            if (i + 1 < cps.size()) {
                Checkpoint next = cps.get(i + 1);
                int end = (int) next.compressedOffset() + (next.bitOffset() > 0 ? 1 : 0);
                byte[] slice = Arrays.copyOfRange(gz, (int) cp.compressedOffset(), end);
                int want = (int) (next.uncompressedOffset() - cp.uncompressedOffset());
                try (InputStream in = GzipResume.open(cp, window, new ByteArrayInputStream(slice))) {
                    assertThat(in.readNBytes(want)).as("slice %d", i).isEqualTo(
                            Arrays.copyOfRange(expected, (int) cp.uncompressedOffset(), (int) next.uncompressedOffset()));
                }
                // stopping at the next checkpoint: the stream ends there, once the CRC-32 recorded for it matched
                byte[] between = Arrays.copyOfRange(expected, (int) cp.uncompressedOffset(), (int) next.uncompressedOffset());
                try (InputStream in = GzipResume.open(cp, window, new ByteArrayInputStream(slice), Until.checkpoint(next))) {
                    assertThat(in.readAllBytes()).as("slice %d up to the next checkpoint", i).isEqualTo(between);
                }
                Until.AtCheckpoint at = (Until.AtCheckpoint) Until.checkpoint(next);
                Until wrong = next.memberStart()
                        ? new Until.AtCheckpoint(at.compressedOffset(), 0, at.uncompressedOffset() + 1, true, 0, 0)
                        : new Until.AtCheckpoint(at.compressedOffset(), at.bitOffset(), at.uncompressedOffset(), false,
                                at.memberPrefixLength(), at.memberPrefixCrc() ^ 4);
                GzipFormatException e = catchThrowableOfType(GzipFormatException.class, () -> {
                    try (InputStream in = GzipResume.open(cp, window, new ByteArrayInputStream(slice), wrong)) {
                        in.readAllBytes();
                    }
                });
                assertThat(e).as("slice %d, stopping at %s", i, wrong).isNotNull();
                assertThat(e.kind()).isEqualTo(next.memberStart() ? GzipFormatException.Kind.INDEX_MISMATCH
                        : GzipFormatException.Kind.CRC_MISMATCH);
            }
        }
    }
}
