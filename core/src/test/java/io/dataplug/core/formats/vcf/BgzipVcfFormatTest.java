package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.samtools.util.BlockCompressedInputStream;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.gzip.Bgzf;
import io.dataplug.core.slice.InvalidSliceException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vcf-bgzip} on BGZF written here with chosen block boundaries (no external tools): lines starting
 * exactly on block boundaries, lines spanning blocks, empty blocks; virtual offsets checked against htsjdk;
 * truncated and corrupt files.
 */
class BgzipVcfFormatTest {

    private static final Map<String, String> OPTIONS = Map.of("reuse-index", "false");

    @TempDir
    Path dir;

    private final List<VcfTestData.Contig> contigs = VcfTestData.contigs(3, 2_000_000);
    private final String header = VcfTestData.header(contigs, 2, "\n");
    private final List<String> lines = VcfTestData.dataLines(contigs, 600, 400, 2, 21);
    private final byte[] text = VcfTestData.bytes(VcfTestData.vcf(header, lines, "\n"));

    /** Block boundaries on every 25th line start, plus a few inside lines. */
    private long[] cuts() {
        long[] starts = VcfTestData.lineStarts(header, lines, "\n");
        List<Long> cuts = new ArrayList<>();
        for (int i = 0; i < starts.length; i += 25) {
            cuts.add(starts[i]);
            if (i + 7 < starts.length) {
                cuts.add(starts[i + 7] + 5);
            }
        }
        return cuts.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Test
    void slicesAreExactWhenLinesStartOnBlockBoundaries() throws IOException {
        byte[] bgzf = VcfTestData.bgzf(text, cuts(), true);
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation loc = p.put("calls.vcf.gz", bgzf);
            List<ObjectInfo> infos = p.preprocess("vcf-bgzip", OPTIONS, loc);
            VcfChecks checks = new VcfChecks(p, "vcf-bgzip", OPTIONS, infos, header);
            boolean onBlockBoundary = false;
            for (int count : new int[] {1, 3, 16, 100, lines.size() + 5}) {
                for (Slice s : checks.chunks(count, lines)) {
                    long from = s.parts(VcfCorrections.class).get(0).corrections().from();
                    onBlockBoundary |= (from & 0xffff) == 0 && from >>> 16 > 0;
                }
            }
            assertThat(onBlockBoundary).as("some slice starts exactly at a block boundary").isTrue();
            checks.contigs(lines);
            checks.windows(20_000, lines, true);
            checks.windows(2_000, lines, false);

            // Every checkpoint, contig start and end is a line start as htsjdk reports virtual offsets.
            List<Long> htsjdkStarts = htsjdkLineStarts(bgzf);
            VcfIndex index = (VcfIndex) p.indexes("vcf-bgzip", OPTIONS, infos).get(0).index();
            assertThat(index.variants()).isEqualTo(lines.size());
            assertThat(index.source()).isEqualTo("scan");
            for (long v : index.checkpoints().decode().v()) {
                assertThat(htsjdkStarts).contains(v);
            }
            assertThat(index.dataStart()).isEqualTo(htsjdkStarts.get(0));
            assertThat(index.dataEnd()).isEqualTo(htsjdkStarts.get(htsjdkStarts.size() - 1));
            for (VcfIndex.Contig c : index.contigs()) {
                assertThat(htsjdkStarts).contains(c.start(), c.end());
            }
        }
    }

    /** Virtual offsets of each data line's start as htsjdk sees them, then the offset after the last line. */
    private static List<Long> htsjdkLineStarts(byte[] bgzf) throws IOException {
        List<Long> out = new ArrayList<>();
        try (BlockCompressedInputStream in = new BlockCompressedInputStream(new ByteArrayInputStream(bgzf))) {
            while (true) {
                long p = in.getFilePointer();
                String line = in.readLine();
                if (line == null) {
                    out.add(p);
                    break;
                }
                if (!line.startsWith("#")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** A vcf-bgzip part must name its header side file (a plain vcf part need not): one edited out is refused. */
    @Test
    void aPartWithoutItsHeaderSideFileIsRefused() {
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation loc = p.put("calls.vcf.gz", VcfTestData.bgzf(text, cuts(), true));
            List<ObjectInfo> infos = p.preprocess("vcf-bgzip", OPTIONS, loc);
            Slice s = p.partition("vcf-bgzip", OPTIONS, infos, "chunks", Map.of("count", "3")).get(1);
            SlicePart<VcfCorrections> part = s.parts(VcfCorrections.class).get(0);
            VcfCorrections c = part.corrections();
            assertThat(c.header()).isNotNull();
            VcfCorrections edited = new VcfCorrections(null, c.headerLength(), c.from(), c.to(), c.contig(), c.first(), c.last());
            Slice without = new Slice(s.schema(), s.dataset(), s.format(), s.options(), s.strategy(), s.params(), s.index(),
                    s.count(), s.source(), s.metadata(), List.of(new SlicePart<>(part.object(), part.start(), part.end(), edited)));
            assertThatThrownBy(() -> p.evaluate(without)).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("names no header side file");
        }
    }

    @Test
    void emptyBlocksAndRandomBlockSizes() {
        Random rnd = new Random(5);
        long[] cuts = new long[120];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = rnd.nextInt(text.length);
        }
        Arrays.sort(cuts);
        byte[] blocks = VcfTestData.bgzf(text, cuts, false);
        // An empty block in the middle of the data, as some writers produce.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = VcfTestData.bgzf(Arrays.copyOf(text, (int) cuts[60]), new long[0], false);
        out.writeBytes(first);
        VcfTestData.block(out, text, 0, 0);
        out.writeBytes(VcfTestData.bgzf(Arrays.copyOfRange(text, (int) cuts[60], text.length), new long[0], true));
        for (byte[] bgzf : List.of(VcfTestData.bgzf(text, cuts, true), out.toByteArray())) {
            try (Pipeline p = Pipeline.local(dir.resolve("r" + bgzf.length))) {
                ObjectLocation loc = p.put("random.vcf.gz", bgzf);
                List<ObjectInfo> infos = p.preprocess("vcf-bgzip", OPTIONS, loc);
                VcfChecks checks = new VcfChecks(p, "vcf-bgzip", OPTIONS, infos, header);
                for (int count : new int[] {1, 3, 16, 100}) {
                    checks.chunks(count, lines);
                }
                checks.contigs(lines);
                checks.windows(50_000, lines, true);
            }
        }
        assertThat(blocks.length).isPositive();
    }

    @Test
    void oneVariant() {
        String h = VcfTestData.header(VcfTestData.contigs(1, 1000), 0, "\n");
        String line = "chr1\t1\t.\tA\tG\t50\tPASS\tDP=3";
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation loc = p.put("one.vcf.gz", VcfTestData.bgzf(VcfTestData.bytes(h + line + "\n"), new long[0], true));
            VcfChecks checks = new VcfChecks(p, "vcf-bgzip", OPTIONS, p.preprocess("vcf-bgzip", OPTIONS, loc), h);
            checks.chunks(1, List.of(line));
            checks.chunks(100, List.of(line));
            checks.contigs(List.of(line));
            checks.windows(1, List.of(line), true);
        }
    }

    @Test
    void truncatedCorruptAndNonBgzfFilesAreRejected() throws IOException {
        byte[] bgzf = VcfTestData.bgzf(text, cuts(), true);
        // Truncated in the middle of a block.
        assertBad("cut.vcf.gz", Arrays.copyOf(bgzf, bgzf.length / 2), "truncated", "at byte " + bgzf.length / 2);
        // Truncated on a block boundary: only the missing end-of-file marker tells.
        assertBad("cut2.vcf.gz", Arrays.copyOf(bgzf, bgzf.length - 28), "no BGZF end-of-file marker");
        // A damaged byte in the compressed data of the third block.
        byte[] corrupt = bgzf.clone();
        long third = blockOffset(bgzf, 2);
        corrupt[(int) third + 40] ^= 0x55;
        assertBad("corrupt.vcf.gz", corrupt, "corrupt BGZF block", "at byte " + third);
        // Not BGZF: plain gzip, plain text.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(text);
        }
        assertBad("plain.vcf.gz", gz.toByteArray(), "without the BGZF extra field", "recompress with bgzip");
        assertBad("text.vcf.gz", text, "not a BGZF block", "use format vcf");
        // A BGZF file without a #CHROM line.
        String noChrom = "##fileformat=VCFv4.2\nchr1\t5\t.\tA\tC\t.\t.\t.\n";
        assertBad("nochrom.vcf.gz", VcfTestData.bgzf(VcfTestData.bytes(noChrom), new long[0], true),
                "no #CHROM header line before the first data line", "line 2");
    }

    private static long blockOffset(byte[] bgzf, int n) {
        long at = 0;
        for (int i = 0; i < n; i++) {
            at += Bgzf.u16(bgzf, (int) at + 16) + 1;
        }
        return at;
    }

    private void assertBad(String name, byte[] data, String... messages) {
        try (Pipeline p = Pipeline.local(dir.resolve("bad-" + name))) {
            ObjectLocation loc = p.put(name, data);
            var thrown = assertThatThrownBy(() -> p.preprocess("vcf-bgzip", OPTIONS, loc))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining(name);
            for (String m : messages) {
                thrown.hasMessageContaining(m);
            }
        }
    }

    @Test
    void objectChangedSincePreprocessingIsRefused() throws Exception {
        byte[] bgzf = VcfTestData.bgzf(text, cuts(), true);
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation loc = p.put("changing.vcf.gz", bgzf);
            VcfChecks checks = new VcfChecks(p, "vcf-bgzip", OPTIONS, p.preprocess("vcf-bgzip", OPTIONS, loc), header);
            List<Slice> slices = checks.slices("regions", Map.of("contigs", "true"));
            Thread.sleep(5);
            p.put("changing.vcf.gz", VcfTestData.bgzf(text, new long[0], true));
            assertThatThrownBy(() -> p.evaluate(slices.get(2))).isInstanceOf(ObjectChangedException.class)
                    .hasMessageContaining("changing.vcf.gz");
        }
    }
}
