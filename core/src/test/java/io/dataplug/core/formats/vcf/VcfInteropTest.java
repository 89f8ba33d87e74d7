package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.RequiresTools;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with real tools: variants called by {@code bcftools mpileup | bcftools call} on reads simulated by
 * {@code wgsim} (aligned from the read names, sorted by {@code samtools}), compressed by bcftools, indexed by
 * {@code tabix} and {@code bcftools index -c}; and a VCF generated here, compressed with {@code bgzip},
 * indexed with {@code tabix}, and rewritten by {@code bcftools norm}. Every strategy's slices are compared
 * with {@code bcftools view -H} (whole file, per contig with {@code -r}, per window with {@code -r} and
 * {@code --regions-overlap pos}); every slice starts with the file's own header, which is what
 * {@code bcftools view -h --no-version} prints. Reported as skipped when the tools are not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@RequiresTools({"bcftools", "bgzip", "tabix", "samtools", "wgsim"})
class VcfInteropTest {

    private static final int[] COUNTS = {1, 3, 16, 100};

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private Path work;
    private final Map<String, byte[]> headers = new HashMap<>();
    private final Map<String, List<String>> lines = new HashMap<>();

    /**
     * One object to partition, the files uploaded beside it, how it must have been indexed, and the indexed
     * .vcf.gz that bcftools queries for the same records.
     */
    record Dataset(String file, String format, Map<String, String> options, List<String> beside, String source,
                   String query, long bp) {
        @Override
        public String toString() {
            return file + " as " + format + " " + options + " (" + source + ")";
        }
    }

    @BeforeAll
    void makeData() throws Exception {
        work = Files.createTempDirectory("vcf-interop-");
        // A reference of four contigs and reads from it, with SNPs only (-R 0) so alignments need no indels.
        writeReference(work.resolve("ref.fa"), new String[] {"chr1", "chr2", "chr3", "chrM"},
                new int[] {200_000, 150_000, 80_000, 16_569}, 17);
        ExternalTools.run(work, "samtools", "faidx", "ref.fa");
        ExternalTools.run(work, work.resolve("wgsim.txt"), "wgsim", "-S", "11", "-N", "16000", "-1", "100", "-2", "100",
                "-r", "0.004", "-R", "0", "-e", "0.002", "ref.fa", "r1.fq", "r2.fq");
        writeSam(work, "ref.fa", "r1.fq", "r2.fq", "reads.sam");
        ExternalTools.run(work, "samtools", "sort", "-o", "reads.bam", "reads.sam");
        ExternalTools.run(work, "samtools", "index", "reads.bam");
        ExternalTools.sh(work, "bcftools mpileup -f ref.fa reads.bam 2>/dev/null | bcftools call -mv -Oz -o calls.vcf.gz 2>/dev/null");
        ExternalTools.run(work, "tabix", "-p", "vcf", "calls.vcf.gz");
        Files.copy(work.resolve("calls.vcf.gz"), work.resolve("calls-csi.vcf.gz"));
        // min_shift 12 (tabix uses 14): another bin size and depth for the binning arithmetic.
        ExternalTools.run(work, "bcftools", "index", "-c", "--min-shift", "12", "calls-csi.vcf.gz");
        ExternalTools.run(work, "bcftools", "view", "--no-version", "-Ov", "-o", "calls.vcf", "calls.vcf.gz");

        // A larger VCF of our own: bgzip + tabix, and bcftools norm's rewrite of it (split multi-allelics).
        List<VcfTestData.Contig> contigs = List.of(new VcfTestData.Contig("1", 3_000_000),
                new VcfTestData.Contig("2", 2_000_000), new VcfTestData.Contig("X", 1_500_000),
                new VcfTestData.Contig("GL000192.1", 500_000));
        String header = VcfTestData.header(contigs, 4, "\n");
        Files.writeString(work.resolve("gen.vcf"), VcfTestData.vcf(header, VcfTestData.dataLines(contigs, 3000, 250, 4, 3),
                "\n"));
        ExternalTools.run(work, work.resolve("gen.vcf.gz"), "bgzip", "-c", "gen.vcf");
        ExternalTools.run(work, "tabix", "-p", "vcf", "gen.vcf.gz");
        ExternalTools.run(work, "bcftools", "norm", "--no-version", "-m", "-any", "-Oz", "-o", "norm.vcf.gz", "gen.vcf.gz");
        ExternalTools.run(work, "tabix", "-p", "vcf", "norm.vcf.gz");

        // Edge cases through the tools: one variant, and no variant at all.
        String small = VcfTestData.header(List.of(new VcfTestData.Contig("chr1", 1000)), 0, "\n");
        Files.writeString(work.resolve("one.vcf"), small + "chr1\t500\t.\tA\tT\t40\tPASS\tDP=9\n");
        Files.writeString(work.resolve("none.vcf"), small);
        for (String f : List.of("one", "none")) {
            ExternalTools.run(work, work.resolve(f + ".vcf.gz"), "bgzip", "-c", f + ".vcf");
            ExternalTools.run(work, "tabix", "-p", "vcf", f + ".vcf.gz");
        }
        // A .tbi that belongs to another file: detected, ignored, and the object scanned instead.
        Files.copy(work.resolve("gen.vcf.gz"), work.resolve("stale.vcf.gz"));
        Files.copy(work.resolve("calls.vcf.gz.tbi"), work.resolve("stale.vcf.gz.tbi"));
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (work != null) {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static Stream<Dataset> datasets() {
        Map<String, String> scan = Map.of("reuse-index", "false");
        return Stream.of(
                new Dataset("calls.vcf.gz", "vcf-bgzip", Map.of(), List.of(".tbi"), "tbi", "calls.vcf.gz", 20_000),
                new Dataset("calls-csi.vcf.gz", "vcf-bgzip", Map.of(), List.of(".csi"), "csi", "calls-csi.vcf.gz", 20_000),
                new Dataset("calls.vcf.gz", "vcf-bgzip", scan, List.of(".tbi"), "scan", "calls.vcf.gz", 16_384),
                new Dataset("calls.vcf", "vcf", Map.of(), List.of(), "scan", "calls.vcf.gz", 20_000),
                new Dataset("gen.vcf.gz", "vcf-bgzip", Map.of(), List.of(".tbi"), "tbi", "gen.vcf.gz", 100_000),
                new Dataset("gen.vcf.gz", "vcf-bgzip", scan, List.of(), "scan", "gen.vcf.gz", 65_536),
                new Dataset("norm.vcf.gz", "vcf-bgzip", Map.of(), List.of(".tbi"), "tbi", "norm.vcf.gz", 250_000),
                new Dataset("gen.vcf", "vcf", Map.of(), List.of(), "scan", "gen.vcf.gz", 40_000),
                new Dataset("one.vcf.gz", "vcf-bgzip", Map.of(), List.of(".tbi"), "tbi", "one.vcf.gz", 100),
                new Dataset("none.vcf.gz", "vcf-bgzip", Map.of(), List.of(".tbi"), "tbi", "none.vcf.gz", 100),
                new Dataset("stale.vcf.gz", "vcf-bgzip", Map.of(), List.of(".tbi"), "scan", "gen.vcf.gz", 100_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasets")
    void localSlicesEqualBcftools(Dataset d) throws IOException {
        try (Pipeline p = Pipeline.local(work.resolve("run-" + d.file() + "-" + d.source()))) {
            roundTrips(p, d, true);
        }
    }

    /** Over HTTP: one of each kind (tbi, csi, plain text, a bcftools rewrite), fewer slice counts. */
    static Stream<Dataset> s3Datasets() {
        return datasets().filter(d -> List.of("calls.vcf.gz/tbi", "calls-csi.vcf.gz/csi", "calls.vcf/scan",
                "norm.vcf.gz/tbi", "one.vcf.gz/tbi").contains(d.file() + "/" + d.source()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("s3Datasets")
    void s3SlicesEqualBcftools(Dataset d) throws IOException {
        try (Pipeline p = Pipeline.s3(S3.server(), "interop/" + d.source() + "/")) {
            roundTrips(p, d, false);
        }
    }

    private void roundTrips(Pipeline p, Dataset d, boolean full) throws IOException {
        ObjectLocation loc = p.put(d.file(), Files.readAllBytes(work.resolve(d.file())));
        for (String suffix : d.beside()) {
            p.put(d.file() + suffix, Files.readAllBytes(work.resolve(d.file() + suffix)));
        }
        List<ObjectInfo> infos = p.preprocess(d.format(), d.options(), loc);
        List<String> expected = viewLines(d.query());
        String header = new String(headers.get(d.query()), StandardCharsets.UTF_8);
        assertThat(header).startsWith("##fileformat=VCF").contains("\n#CHROM\tPOS");
        VcfIndex index = (VcfIndex) p.indexes(d.format(), d.options(), infos).get(0).index();
        assertThat(index.source()).isEqualTo(d.source());
        assertThat(index.variants()).isEqualTo(expected.size());
        assertThat(index.headerLength()).isEqualTo(headers.get(d.query()).length);
        boolean indexIgnored = d.source().equals("scan") && !d.beside().isEmpty() && d.options().isEmpty();
        assertThat(index.companionIgnored()).as("why the index beside was not used")
                .satisfies(why -> assertThat(why == null).isEqualTo(!indexIgnored));
        if (!d.source().equals("scan")) {
            assertThat(index.companion()).endsWith(d.file() + d.beside().get(0));
        }

        VcfChecks checks = new VcfChecks(p, d.format(), d.options(), infos, header);
        for (int count : full ? COUNTS : new int[] {1, 3, 16}) {
            checks.chunks(count, expected);
        }
        if (full && expected.size() < 5_000) {
            checks.chunks(expected.size() + 7, expected); // more slices than variants
        }
        checks.contigs(expected);
        for (Slice s : checks.slices("regions", Map.of("contigs", "true"))) {
            String contig = s.parts(VcfCorrections.class).get(0).corrections().contig();
            assertThat(VcfTestData.dataOf(p.evaluate(s), header)).as("contig %s", contig)
                    .isEqualTo(query(d.query(), contig));
        }
        boolean exact = d.source().equals("scan") && d.bp() >= 16_384;
        List<Slice> windows = checks.windows(d.bp(), expected, exact);
        // A few windows against bcftools itself (POS-based overlap, as the windows are).
        Random rnd = new Random(d.file().hashCode());
        for (int i = 0; i < Math.min(4, windows.size()); i++) {
            Slice s = windows.get(i == 0 ? 0 : rnd.nextInt(windows.size()));
            VcfCorrections c = s.parts(VcfCorrections.class).get(0).corrections();
            String region = c.contig() + ":" + Math.max(1, c.first()) + "-" + c.last();
            assertThat(VcfTestData.dataOf(p.evaluate(s), header)).as("window %s", region).isEqualTo(query(d.query(), region));
        }
    }

    /** {@code bcftools view -H} of the whole file; also remembers the file's header. */
    private List<String> viewLines(String file) {
        headers.computeIfAbsent(file, f -> ExternalTools.run(work, "bcftools", "view", "-h", "--no-version", f));
        return lines.computeIfAbsent(file, f -> ExternalTools.lines(ExternalTools.run(work, "bcftools", "view", "-H", f)));
    }

    private List<String> query(String file, String region) {
        return ExternalTools.lines(ExternalTools.run(work, "bcftools", "view", "-H", "-r", region, "--regions-overlap", "pos", file));
    }

    @Test
    void headerOfEveryToolFileIsItsOwn() throws IOException {
        for (String f : List.of("calls.vcf.gz", "gen.vcf.gz", "norm.vcf.gz")) {
            String all;
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(work.resolve(f)))) {
                all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int chrom = all.indexOf("\n#CHROM") + 1;
            String own = all.substring(0, all.indexOf('\n', chrom) + 1);
            assertThat(new String(ExternalTools.run(work, "bcftools", "view", "-h", "--no-version", f), StandardCharsets.UTF_8))
                    .isEqualTo(own);
        }
    }

    // ------------------------------------------------------------------------------------------ test data

    private static void writeReference(Path fasta, String[] names, int[] lengths, long seed) throws IOException {
        Random rnd = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(fasta)) {
            for (int c = 0; c < names.length; c++) {
                w.write(">" + names[c] + "\n");
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < lengths[c]; i++) {
                    line.append("ACGT".charAt(rnd.nextInt(4)));
                    if (line.length() == 60 || i == lengths[c] - 1) {
                        w.write(line.append('\n').toString());
                        line.setLength(0);
                    }
                }
            }
        }
    }

    /**
     * A SAM of wgsim's read pairs, placed where their names say ({@code contig_start_end_...}, the fragment's
     * outer coordinates), each read on the strand that matches the reference better.
     */
    private static void writeSam(Path dir, String fasta, String fq1, String fq2, String sam) throws IOException {
        Map<String, String> ref = new LinkedHashMap<>();
        String name = null;
        StringBuilder seq = new StringBuilder();
        for (String l : Files.readAllLines(dir.resolve(fasta))) {
            if (l.startsWith(">")) {
                if (name != null) {
                    ref.put(name, seq.toString());
                }
                name = l.substring(1).trim();
                seq.setLength(0);
            } else {
                seq.append(l.trim());
            }
        }
        ref.put(name, seq.toString());
        try (BufferedReader r1 = Files.newBufferedReader(dir.resolve(fq1));
             BufferedReader r2 = Files.newBufferedReader(dir.resolve(fq2));
             BufferedWriter w = Files.newBufferedWriter(dir.resolve(sam))) {
            w.write("@HD\tVN:1.6\tSO:unsorted\n");
            for (var e : ref.entrySet()) {
                w.write("@SQ\tSN:" + e.getKey() + "\tLN:" + e.getValue().length() + "\n");
            }
            w.write("@RG\tID:rg1\tSM:NA00001\n");
            while (true) {
                String[] a = fastq(r1);
                String[] b = fastq(r2);
                if (a == null || b == null) {
                    break;
                }
                String qname = a[0].substring(1, a[0].length() - 2);
                String[] f = qname.split("_");
                String contig = f[0];
                int start = Integer.parseInt(f[1]);
                int end = Integer.parseInt(f[2]);
                String reference = ref.get(contig);
                int len = a[1].length();
                boolean firstForward = mismatches(a[1], reference, start - 1)
                        <= mismatches(revcomp(a[1]), reference, end - len);
                int tlen = end - start + 1;
                if (firstForward) {
                    w.write(sam(qname, 99, contig, start, len, end - len + 1, tlen, a[1], a[3]));
                    w.write(sam(qname, 147, contig, end - len + 1, len, start, -tlen, revcomp(b[1]), reverse(b[3])));
                } else {
                    w.write(sam(qname, 83, contig, end - len + 1, len, start, -tlen, revcomp(a[1]), reverse(a[3])));
                    w.write(sam(qname, 163, contig, start, len, end - len + 1, tlen, b[1], b[3]));
                }
            }
        }
    }

    private static String sam(String q, int flag, String contig, int pos, int len, int mpos, int tlen, String seq,
                              String qual) {
        return q + "\t" + flag + "\t" + contig + "\t" + pos + "\t60\t" + len + "M\t=\t" + mpos + "\t" + tlen + "\t" + seq
                + "\t" + qual + "\tRG:Z:rg1\n";
    }

    private static String[] fastq(BufferedReader r) throws IOException {
        String h = r.readLine();
        if (h == null) {
            return null;
        }
        return new String[] {h, r.readLine(), r.readLine(), r.readLine()};
    }

    private static int mismatches(String read, String ref, int at) {
        int n = 0;
        for (int i = 0; i < read.length(); i++) {
            if (at + i < 0 || at + i >= ref.length() || read.charAt(i) != ref.charAt(at + i)) {
                n++;
            }
        }
        return n;
    }

    private static String revcomp(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = s.length() - 1; i >= 0; i--) {
            sb.append(switch (s.charAt(i)) {
                case 'A' -> 'T';
                case 'C' -> 'G';
                case 'G' -> 'C';
                case 'T' -> 'A';
                default -> 'N';
            });
        }
        return sb.toString();
    }

    private static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }
}
