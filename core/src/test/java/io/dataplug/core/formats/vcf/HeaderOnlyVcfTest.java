package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.RecordBoundaryException;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.ForwardingStore;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.RequiresTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain VCF with {@code index=header-only}: preprocessing reads only the header, {@code chunks} slices find
 * their first data line at evaluation. Every slicing is compared with {@code bcftools view -H} of the original
 * file (and the header with the file's own bytes up to the {@code #CHROM} line), and with the indexed mode.
 */
@RequiresTools("bcftools")
abstract class HeaderOnlyVcfTest {

    private static final Map<String, String> HEADER_ONLY = Map.of("index", "header-only");
    private static final Map<String, String> CHECKPOINTS = Map.of("checkpoint-span", "1KiB");
    /** Small chunks, so that preprocessing runs many map tasks (which must read nothing). */
    private static final long CHUNK = 4 << 10;

    @TempDir
    Path tmp;

    abstract Pipeline pipeline(String name);

    abstract long[] counts(int lines);

    @Test
    void chunksEqualBcftoolsForManyCounts() throws Exception {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(3, 400_000);
        String header = VcfTestData.header(contigs, 3, "\n");
        List<String> data = VcfTestData.dataLines(contigs, 300, 400, 3, 5);
        byte[] vcf = VcfTestData.bytes(VcfTestData.vcf(header, data, "\n"));
        try (Pipeline p = pipeline("counts")) {
            List<String> expected = bcftoolsView(vcf);
            assertThat(expected).hasSize(data.size());
            List<ObjectInfo> infos = preprocess(p, "x.vcf", vcf, HEADER_ONLY);
            IndexedObject<?> o = p.indexes("vcf", HEADER_ONLY, infos).get(0);
            assertThat(o.attributes()).as("no variant or contig counts").isEmpty();
            VcfIndex index = (VcfIndex) o.index();
            assertThat(index.source()).isEqualTo(VcfIndex.HEADER_ONLY);
            assertThat(index.headerLength()).isEqualTo(header.length());
            assertThat(index.checkpoints().isEmpty()).isTrue();
            long dataBytes = vcf.length - header.length();
            for (long count : counts(data.size())) {
                List<byte[]> slices = evaluate(p, infos, HEADER_ONLY, count);
                assertThat(slices).as("count=" + count).hasSize((int) Math.min(count, dataBytes))
                        .hasSize((int) sliceCount(p, infos, count));
                assertThat(dataLines(slices, header)).as("count=" + count).isEqualTo(expected);
            }
            // The indexed mode of the same bytes gives the same lines, and the same single slice.
            List<ObjectInfo> indexed = preprocess(p, "y.vcf", vcf, CHECKPOINTS);
            for (long count : new long[] {1, 7}) {
                List<byte[]> a = evaluate(p, infos, HEADER_ONLY, count);
                List<byte[]> b = evaluate(p, indexed, CHECKPOINTS, count);
                assertThat(dataLines(a, header)).isEqualTo(dataLines(b, header));
                if (count == 1) {
                    assertThat(a.get(0)).isEqualTo(b.get(0)).isEqualTo(vcf);
                }
            }
        }
    }

    /** Preprocessing reads the header's first range and nothing of the data behind it. */
    @Test
    void preprocessingReadsOnlyTheHeader() {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(2, 2_000_000);
        String header = VcfTestData.header(contigs, 4, "\n");
        byte[] vcf = VcfTestData.bytes(VcfTestData.vcf(header, VcfTestData.dataLines(contigs, 6000, 300, 4, 6), "\n"));
        assertThat((long) vcf.length).isGreaterThan(8 * HeaderReader.FIRST_READ);
        try (Pipeline p = pipeline("reads")) {
            ObjectLocation loc = p.put("big.vcf", vcf);
            List<long[]> reads = java.util.Collections.synchronizedList(new ArrayList<>());
            try (Pipeline counted = p.withStores(store -> new ForwardingStore(store) {
                @Override
                public java.io.InputStream open(ObjectLocation location, long offset, long length, String etag) {
                    if (location.equals(loc)) {
                        reads.add(new long[] {offset, length});
                    }
                    return super.open(location, offset, length, etag);
                }
            })) {
                counted.preprocess("vcf", HEADER_ONLY, loc);
            }
            assertThat(reads).isNotEmpty();
            long bytes = reads.stream().mapToLong(r -> r[1]).sum();
            long end = reads.stream().mapToLong(r -> r[0] + r[1]).max().orElseThrow();
            assertThat(end).as("no byte past the first header range is read").isLessThanOrEqualTo(HeaderReader.FIRST_READ);
            assertThat(bytes).as("bytes read of a %d-byte object", vcf.length).isLessThanOrEqualTo(2 * HeaderReader.FIRST_READ);
            List<ObjectInfo> infos = List.of(p.store().head(loc));
            assertThat(dataLines(evaluate(p, infos, HEADER_ONLY, 16), header))
                    .isEqualTo(VcfTestData.dataLines(contigs, 6000, 300, 4, 6));
        }
    }

    /** Objects share the count by data bytes; every slice lies in one object; the count is told exactly. */
    @Test
    void twoObjectsShareTheCount() throws Exception {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(2, 300_000);
        String header = VcfTestData.header(contigs, 1, "\n");
        byte[] a = VcfTestData.bytes(VcfTestData.vcf(header, VcfTestData.dataLines(contigs, 200, 500, 1, 21), "\n"));
        byte[] b = VcfTestData.bytes(VcfTestData.vcf(header, VcfTestData.dataLines(contigs, 30, 500, 1, 22), "\n"));
        try (Pipeline p = pipeline("two")) {
            List<String> expected = new ArrayList<>(bcftoolsView(a));
            expected.addAll(bcftoolsView(b));
            ObjectLocation la = p.put("a.vcf", a);
            ObjectLocation lb = p.put("b.vcf", b);
            List<ObjectInfo> infos = p.preprocess("vcf", HEADER_ONLY, la, lb);
            for (long count : new long[] {1, 2, 5, 64}) {
                List<byte[]> slices = evaluate(p, infos, HEADER_ONLY, count);
                assertThat(slices).as("count=" + count).hasSize((int) sliceCount(p, infos, count));
                assertThat(dataLines(slices, header)).as("count=" + count).isEqualTo(expected);
            }
        }
    }

    @Test
    void aLineLongerThanASliceGoesWhole() throws Exception {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(1, 100_000);
        String header = VcfTestData.header(contigs, 0, "\n");
        List<String> data = new ArrayList<>(VcfTestData.dataLines(contigs, 40, 300, 0, 9));
        data.set(20, data.get(20).replaceFirst("DP=", "DP=7;XL=" + "A".repeat(30_000) + ";DP="));
        data.set(39, data.get(39) + ";LAST"); // and the file ends without a line feed
        String text = VcfTestData.vcf(header, data, "\n");
        byte[] vcf = VcfTestData.bytes(text.substring(0, text.length() - 1));
        try (Pipeline p = pipeline("long")) {
            List<String> expected = bcftoolsView(vcf);
            List<ObjectInfo> infos = preprocess(p, "long.vcf", vcf, HEADER_ONLY);
            for (long count : new long[] {1, 2, 9, 100, 1000}) {
                List<byte[]> slices = evaluate(p, infos, HEADER_ONLY, count);
                assertThat(dataLines(slices, header)).as("count=" + count).isEqualTo(expected);
                if (count >= 100) {
                    assertThat(slices.stream().filter(s -> s.length == header.length()))
                            .as("slices inside the long line hold the header alone").isNotEmpty();
                }
            }
        }
    }

    @Test
    void noDataGivesNoSliceAsInTheIndexedMode() {
        String header = VcfTestData.header(VcfTestData.contigs(2, 1000), 1, "\n");
        byte[] vcf = VcfTestData.bytes(header);
        try (Pipeline p = pipeline("empty")) {
            List<ObjectInfo> a = preprocess(p, "a.vcf", vcf, HEADER_ONLY);
            List<ObjectInfo> b = preprocess(p, "b.vcf", vcf, CHECKPOINTS);
            assertThat(evaluate(p, a, HEADER_ONLY, 5)).hasSameSizeAs(evaluate(p, b, CHECKPOINTS, 5)).isEmpty();
        }
    }

    @Test
    void badHeadersAndDataAreRefused() {
        try (Pipeline p = pipeline("bad")) {
            String header = VcfTestData.header(VcfTestData.contigs(1, 1000), 0, "\n");
            String line = "contig1\t5\t.\tA\tC\t9\tPASS\tDP=3\n";
            assertThat(cause(() -> preprocess(p, "empty.vcf", new byte[0], HEADER_ONLY)))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining("empty");
            String noChrom = header.substring(0, header.indexOf("#CHROM"));
            assertThat(cause(() -> preprocess(p, "nochrom.vcf", VcfTestData.bytes(noChrom + line), HEADER_ONLY)))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining("#CHROM");
            assertThat(cause(() -> preprocess(p, "onlymeta.vcf", VcfTestData.bytes(noChrom), HEADER_ONLY)))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining("#CHROM");
            // A '#' line among the data: nothing read it at preprocessing, evaluation refuses it.
            List<ObjectInfo> infos = preprocess(p, "hash.vcf", VcfTestData.bytes(header + line + "#late\n" + line),
                    HEADER_ONLY);
            assertThatThrownBy(() -> evaluate(p, infos, HEADER_ONLY, 1)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("header line after data lines");
        }
    }

    @Test
    void badOptionValueAndRegionsAreRefused() {
        try (Pipeline p = pipeline("refused")) {
            byte[] vcf = VcfTestData.bytes(VcfTestData.header(VcfTestData.contigs(1, 1000), 0, "\n")
                    + "contig1\t5\t.\tA\tC\t9\tPASS\tDP=3\n");
            assertThat(cause(() -> preprocess(p, "x.vcf", vcf, Map.of("index", "sparse"))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("header-only");
            List<ObjectInfo> infos = preprocess(p, "y.vcf", vcf, HEADER_ONLY);
            for (Map<String, String> params : List.of(Map.of("contigs", "true"), Map.of("bp", "100"))) {
                assertThatThrownBy(() -> p.partition("vcf", HEADER_ONLY, infos, "regions", params))
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("index=header-only")
                        .hasMessageContaining("chunks");
            }
        }
    }

    /**
     * A part that starts before its own range may start at any byte; one that claims a line start (start =
     * from) inside a line is refused instead of giving a cut first line.
     */
    @Test
    void shiftedStartsGiveWholeLinesOrAreRefused() throws Exception {
        List<VcfTestData.Contig> contigs = VcfTestData.contigs(1, 100_000);
        String header = VcfTestData.header(contigs, 2, "\n");
        byte[] vcf = VcfTestData.bytes(VcfTestData.vcf(header, VcfTestData.dataLines(contigs, 50, 300, 2, 4), "\n"));
        try (Pipeline p = pipeline("shifted")) {
            List<ObjectInfo> infos = preprocess(p, "s.vcf", vcf, HEADER_ONLY);
            Slice s = p.partition("vcf", HEADER_ONLY, infos, "chunks", Map.of("count", "4")).get(2);
            byte[] good = p.evaluate(s);
            SlicePart<VcfCorrections> part = s.parts(VcfCorrections.class).get(0);
            long from = part.corrections().from();
            assertThat(vcf[(int) from - 1]).as("the test cuts inside a line").isNotEqualTo((byte) '\n');
            for (long start = from - 40; start < from; start += 13) {
                assertThat(p.evaluate(withPart(s, part, start, part.corrections()))).as("start " + start).isEqualTo(good);
            }
            VcfCorrections claimed = new VcfCorrections(part.corrections().header(), part.corrections().headerLength(),
                    from, part.corrections().to(), null, null, null);
            assertThatThrownBy(() -> p.evaluate(withPart(s, part, from, claimed)))
                    .isInstanceOf(RecordBoundaryException.class).hasMessageContaining("not at the start of a line");
            // An end cut inside the last own line is refused, not written as a short line.
            SlicePart<VcfCorrections> cut = new SlicePart<>(part.object(), part.start(), part.corrections().to() + 1,
                    part.corrections());
            assertThatThrownBy(() -> p.evaluate(withParts(s, List.of(cut)))).isInstanceOf(RecordBoundaryException.class);
        }
    }

    private static Slice withPart(Slice s, SlicePart<VcfCorrections> part, long start, VcfCorrections c) {
        return withParts(s, List.of(new SlicePart<>(part.object(), start, part.end(), c)));
    }

    private static Slice withParts(Slice s, List<SlicePart<?>> parts) {
        return new Slice(s.schema(), s.dataset(), s.format(), s.options(), s.strategy(), s.params(), s.index(), s.count(),
                s.source(), s.metadata(), parts);
    }

    /** What the format tells before building slices (Format.sliceCount), for the slice limit. */
    private static long sliceCount(Pipeline p, List<ObjectInfo> infos, long count) {
        VcfFormat f = new VcfFormat();
        List<IndexedObject<VcfIndex>> objects = p.indexes("vcf", HEADER_ONLY, infos).stream()
                .map(o -> new IndexedObject<>(o.source(), o.metadataDir(), (VcfIndex) o.index(), o.attributes(), o.siblings()))
                .toList();
        Params params = Params.parse(f.strategies().get(0).params(), Map.of("count", Long.toString(count)), "chunks");
        return f.sliceCount(new PartitionRequest<>("test", Params.parse(f.options(), HEADER_ONLY, "vcf"), "chunks", params,
                objects, null)).orElseThrow();
    }

    private static List<ObjectInfo> preprocess(Pipeline p, String name, byte[] data, Map<String, String> options) {
        ObjectLocation loc = p.put(name, data);
        return p.preprocess("vcf", options, loc);
    }

    private static List<byte[]> evaluate(Pipeline p, List<ObjectInfo> infos, Map<String, String> options, long count) {
        List<byte[]> out = new ArrayList<>();
        for (Slice s : p.partition("vcf", options, infos, "chunks", Map.of("count", Long.toString(count)))) {
            out.add(p.evaluate(s));
        }
        return out;
    }

    /** The data lines of all slices in order, after checking each starts with the file's own header. */
    private static List<String> dataLines(List<byte[]> slices, String header) {
        List<String> all = new ArrayList<>();
        slices.forEach(s -> all.addAll(VcfTestData.dataOf(s, header)));
        return all;
    }

    private List<String> bcftoolsView(byte[] vcf) throws Exception {
        Path f = Files.createTempFile(tmp, "orig", ".vcf");
        Files.write(f, vcf);
        return ExternalTools.lines(ExternalTools.run(tmp, "bcftools", "view", "-H", f.toString()));
    }

    private static Throwable cause(Runnable r) {
        Throwable t = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, r::run);
        while (!(t instanceof InvalidRequestException || t instanceof DataFormatException) && t.getCause() != null) {
            t = t.getCause(); // the task runner may wrap it
        }
        return t;
    }

    static final class LocalTest extends HeaderOnlyVcfTest {
        @Override
        Pipeline pipeline(String name) {
            return Pipeline.local(tmp.resolve(name)).chunkSize(CHUNK);
        }

        @Override
        long[] counts(int lines) {
            return new long[] {1, 2, 7, 100, lines, lines + 50, 100_000};
        }
    }

    static final class S3Test extends HeaderOnlyVcfTest {
        private static final AtomicInteger PREFIX = new AtomicInteger();
        @RegisterExtension
        static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

        @Override
        Pipeline pipeline(String name) {
            return Pipeline.s3(S3.server(), "vcf-ho-" + PREFIX.incrementAndGet() + "-" + name + "/").chunkSize(CHUNK);
        }

        @Override
        long[] counts(int lines) {
            return new long[] {1, 2, 7, 100, lines + 50};
        }
    }
}
