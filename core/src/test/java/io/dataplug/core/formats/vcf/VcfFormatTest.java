package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.Params;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain-text {@code vcf}: chunked preprocessing, both strategies, edge cases and bad input, on local files. */
class VcfFormatTest {

    private static final Map<String, String> OPTIONS = Map.of();

    @TempDir
    Path dir;

    private record Indexed(Pipeline pipeline, VcfChecks checks, List<ObjectInfo> objects) {
    }

    private Indexed index(String name, String text, String header, long chunkSize, Map<String, String> options) {
        Pipeline p = Pipeline.local(dir.resolve(name)).chunkSize(chunkSize);
        ObjectLocation loc = p.put(name, VcfTestData.bytes(text));
        List<ObjectInfo> infos = p.preprocess("vcf", options, loc);
        return new Indexed(p, new VcfChecks(p, "vcf", options, infos, header), infos);
    }

    @Test
    void chunksAndRegionsAreExactWithManySmallPreprocessingChunks() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(4, 5_000_000);
        String header = VcfTestData.header(contigs, 3, "\n");
        List<String> lines = VcfTestData.dataLines(contigs, 700, 300, 3, 7);
        String text = VcfTestData.vcf(header, lines, "\n");
        // 7 KiB preprocessing chunks: most boundaries fall inside lines, one inside the header.
        {
            Indexed ix = index("calls.vcf", text, header, 7 * 1024, OPTIONS);
            assertThat(ix.pipeline().indexes("vcf", OPTIONS, ix.objects()).get(0).attributes())
                    .containsEntry("variants", (long) lines.size()).containsEntry("contigs", 4L);
            for (int count : new int[] {1, 3, 16, 100, lines.size() + 10}) {
                ix.checks().chunks(count, lines);
            }
            assertThat(ix.checks().slices("chunks", Map.of("count", "16"))).hasSize(16);
            assertThat(ix.checks().slices("chunks", Map.of("count", "100"))).hasSize(100);
            ix.checks().contigs(lines);
            ix.checks().windows(16_384, lines, true);
            ix.checks().windows(100_000, lines, true);
            ix.checks().windows(5_000, lines, false);
            ix.pipeline().close();
        }
    }

    @Test
    void sameIndexWhateverTheChunking() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(3, 1_000_000);
        String header = VcfTestData.header(contigs, 2, "\n");
        List<String> lines = VcfTestData.dataLines(contigs, 400, 500, 2, 11);
        String text = VcfTestData.vcf(header, lines, "\n");
        Indexed one = index("a.vcf", text, header, 1 << 30, OPTIONS);
        Indexed many = index("b.vcf", text, header, 1000, OPTIONS);
        var a = (VcfIndex) one.pipeline().indexes("vcf", OPTIONS, one.objects()).get(0).index();
        var b = (VcfIndex) many.pipeline().indexes("vcf", OPTIONS, many.objects()).get(0).index();
        assertThat(b.variants()).isEqualTo(a.variants()).isEqualTo(lines.size());
        assertThat(b.dataStart()).isEqualTo(a.dataStart());
        assertThat(b.dataEnd()).isEqualTo(a.dataEnd()).isEqualTo(VcfTestData.bytes(text).length);
        assertThat(b.contigs()).usingRecursiveComparison().isEqualTo(a.contigs());
        assertThat(b.sorted()).isTrue();
        // Chunk starts add checkpoints; every checkpoint is a data-line start.
        List<Long> starts = new ArrayList<>();
        for (long s : VcfTestData.lineStarts(header, lines, "\n")) {
            starts.add(s);
        }
        for (long v : b.checkpoints().decode().v()) {
            assertThat(starts).contains(v);
        }
        one.pipeline().close();
        many.pipeline().close();
    }

    @Test
    void crlfLinesAreKeptByteForByte() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(2, 100_000);
        String header = VcfTestData.header(contigs, 1, "\r\n");
        List<String> lines = VcfTestData.dataLines(contigs, 150, 200, 1, 3);
        Indexed ix = index("crlf.vcf", VcfTestData.vcf(header, lines, "\r\n"), header, 2000, OPTIONS);
        List<String> withCr = lines.stream().map(l -> l + "\r").toList();
        for (int count : new int[] {1, 3, 16, 100, 400}) {
            ix.checks().chunks(count, withCr);
        }
        ix.checks().contigs(withCr);
        ix.pipeline().close();
    }

    @Test
    void oneVariantAndNoFinalNewline() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(1, 1000);
        String header = VcfTestData.header(contigs, 0, "\n");
        String line = "chr1\t42\t.\tA\tG\t50\tPASS\tDP=3";
        Indexed ix = index("one.vcf", header + line, header, 1 << 20, OPTIONS);
        for (int count : new int[] {1, 3, 100}) {
            ix.checks().chunks(count, List.of(line));
        }
        ix.checks().contigs(List.of(line));
        ix.checks().windows(10, List.of(line), true);
        ix.pipeline().close();
    }

    @Test
    void headerOnlyVcfHasNoSlices() {
        String header = VcfTestData.header(VcfTestData.contigs(2, 1000), 2, "\n");
        Indexed ix = index("empty.vcf", header, header, 100, OPTIONS);
        assertThat(ix.pipeline().indexes("vcf", OPTIONS, ix.objects()).get(0).attributes())
                .containsEntry("variants", 0L).containsEntry("contigs", 0L);
        assertThat(ix.checks().slices("chunks", Map.of("count", "4"))).isEmpty();
        assertThat(ix.checks().slices("regions", Map.of("contigs", "true"))).isEmpty();
        assertThat(ix.checks().slices("regions", Map.of("bp", "100"))).isEmpty();
        ix.pipeline().close();
    }

    @Test
    void severalObjectsEachGetTheirOwnSlicesAndHeader() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(2, 1_000_000);
        String header = VcfTestData.header(contigs, 1, "\n");
        List<String> a = VcfTestData.dataLines(contigs, 300, 300, 1, 1);
        List<String> b = VcfTestData.dataLines(contigs, 100, 300, 1, 2);
        try (Pipeline p = Pipeline.local(dir.resolve("multi")).chunkSize(4096)) {
            ObjectLocation la = p.put("a.vcf", VcfTestData.bytes(VcfTestData.vcf(header, a, "\n")));
            ObjectLocation lb = p.put("b.vcf", VcfTestData.bytes(VcfTestData.vcf(header, b, "\n")));
            List<ObjectInfo> infos = p.preprocess("vcf", OPTIONS, la, lb);
            VcfChecks checks = new VcfChecks(p, "vcf", OPTIONS, infos, header);
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            for (int count : new int[] {1, 2, 8}) {
                List<Slice> slices = checks.chunks(Math.max(count, 2), all);
                assertThat(slices.stream().map(s -> s.parts().get(0).object().key()).distinct()).hasSize(2);
            }
            List<Slice> contigSlices = checks.slices("regions", Map.of("contigs", "true"));
            assertThat(contigSlices).hasSize(4);
        }
    }

    /** A plain VCF's slices take the header from the object: preprocessing keeps no copy of it, slices name none. */
    @Test
    void aPlainVcfKeepsNoHeaderSideFile() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(2, 100_000);
        String header = VcfTestData.header(contigs, 0, "\n");
        List<String> lines = VcfTestData.dataLines(contigs, 100, 100, 0, 3);
        for (Map<String, String> options : List.of(OPTIONS, Map.of("index", "header-only"))) {
            Indexed ix = index("plain-" + options.size() + ".vcf", VcfTestData.vcf(header, lines, "\n"), header, 4096, options);
            Map<String, String> opts = Params.parse(Formats.get("vcf").options(), options, "test").asMap();
            assertThat(ix.pipeline().metadata().marker("vcf", opts, ix.objects().get(0)).orElseThrow().files())
                    .as("side files, %s", options).isEmpty();
            List<Slice> slices = ix.checks().chunks(5, lines);
            assertThat(slices).allSatisfy(sl -> assertThat(sl.parts()).allSatisfy(part ->
                    assertThat(((VcfCorrections) part.corrections()).header()).isNull()));
            ix.pipeline().close();
        }
    }

    @Test
    void unsortedVcfChunksButRefusesRegions() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(2, 100_000);
        String header = VcfTestData.header(contigs, 0, "\n");
        List<String> lines = new ArrayList<>(VcfTestData.dataLines(contigs, 50, 100, 0, 5));
        lines.add(lines.remove(10));
        Indexed ix = index("unsorted.vcf", VcfTestData.vcf(header, lines, "\n"), header, 1000, OPTIONS);
        ix.checks().chunks(5, lines);
        assertThatThrownBy(() -> ix.checks().slices("regions", Map.of("bp", "1000")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not sorted")
                .hasMessageContaining("bcftools sort");
        assertThatThrownBy(() -> ix.checks().slices("regions", Map.of("contigs", "true")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("chr1");
        assertThatThrownBy(() -> ix.checks().slices("regions", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("contigs=true or bp");
        ix.pipeline().close();
    }

    @Test
    void badInputNamesObjectAndPlace() {
        String noChrom = "##fileformat=VCFv4.2\n##contig=<ID=chr1>\nchr1\t5\t.\tA\tC\t.\t.\t.\n";
        assertBad("nochrom.vcf", noChrom, 1 << 20, "no #CHROM header line before the first data line", "line 3");
        assertBad("nochrom2.vcf", noChrom, 30, "no #CHROM header line before the first data line", "at byte 40");
        String header = VcfTestData.header(VcfTestData.contigs(1, 1000), 0, "\n");
        assertBad("badpos.vcf", header + "chr1\t5\t.\tA\tC\t.\t.\t.\nchr1\tx5\t.\tA\tC\t.\t.\t.\n", 1 << 20,
                "POS is not a number", "line 12");
        assertBad("blank.vcf", header + "chr1\t5\t.\tA\tC\t.\t.\t.\n\nchr1\t6\t.\tA\tC\t.\t.\t.\n", 1 << 20,
                "empty line", "line 12");
        assertBad("short.vcf", header + "chr1\t5\t.\tA\tC\n", 1 << 20, "VCF needs at least 8", "line 11");
        assertBad("late.vcf", header + "chr1\t5\t.\tA\tC\t.\t.\t.\n##late\n", 1 << 20, "header line after data lines",
                "line 12");
        assertBad("empty.vcf", "", 1 << 20, "no VCF header", "empty.vcf");
    }

    private void assertBad(String name, String text, long chunkSize, String... messages) {
        try (Pipeline p = Pipeline.local(dir.resolve("bad-" + name)).chunkSize(chunkSize)) {
            ObjectLocation loc = p.put(name, VcfTestData.bytes(text));
            var thrown = assertThatThrownBy(() -> p.preprocess("vcf", OPTIONS, loc))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining(name);
            for (String m : messages) {
                thrown.hasMessageContaining(m);
            }
        }
    }

    @Test
    void objectChangedSincePreprocessingIsRefused() throws Exception {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(1, 100_000);
        String header = VcfTestData.header(contigs, 0, "\n");
        List<String> lines = VcfTestData.dataLines(contigs, 100, 100, 0, 9);
        Indexed ix = index("changing.vcf", VcfTestData.vcf(header, lines, "\n"), header, 1 << 20, OPTIONS);
        List<Slice> slices = ix.checks().slices("chunks", Map.of("count", "2"));
        Thread.sleep(5);
        ix.pipeline().put("changing.vcf", VcfTestData.bytes(VcfTestData.vcf(header, lines.subList(0, 50), "\n")));
        assertThatThrownBy(() -> ix.pipeline().evaluate(slices.get(1))).isInstanceOf(ObjectChangedException.class)
                .hasMessageContaining("changing.vcf");
        ix.pipeline().close();
    }
}
