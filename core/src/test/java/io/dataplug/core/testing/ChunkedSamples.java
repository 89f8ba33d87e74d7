package io.dataplug.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.exec.Planner;
import io.dataplug.core.exec.PreprocessPlan;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.formats.imzml.ImzmlSamples;
import io.dataplug.core.formats.lidar.TestLas;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One sample object per chunked format (text, csv, fasta, fastq, fastq-gzip, vcf, las, imzml), about 120 KB so that small
 * chunk sizes give many map tasks, with the strategy that cuts it and what its slices must add up to: the
 * original bytes, with the header that csv and vcf repeat in every slice taken off all but the first; for las
 * and imzml, whose slices are files of their own kind, the point records and the spectra.
 * {@link #all()} fails for a chunked format on the classpath that has no sample, so a new one cannot
 * slip past the tests that iterate over them.
 *
 * @param beside objects stored next to the sample by name (an imzML's .ibd), unchanged by every test
 */
public record ChunkedSamples(String format, Map<String, String> options, String name, byte[] data, int headerBytes,
                             String strategy, Map<String, String> params, Map<String, byte[]> beside) {

    public ChunkedSamples(String format, Map<String, String> options, String name, byte[] data, int headerBytes,
                          String strategy, Map<String, String> params) {
        this(format, options, name, data, headerBytes, strategy, params, Map.of());
    }

    private static final Map<String, CommittedIndex> CLEAN = new ConcurrentHashMap<>();

    /** The sample's format options, parsed with the format's defaults. */
    public Params formatOptions() {
        return Params.parse(Formats.get(format).options(), options, "sample " + format);
    }

    /** What the planner makes of this sample's object, stored as {@code info}, with chunks of {@code chunkSize}. */
    public PreprocessPlan plan(Pipeline p, ObjectInfo info, long chunkSize) {
        return Planner.plan(Formats.get(format), formatOptions(), List.of(info), p.storage(), p.metadata(), chunkSize);
    }

    @Override
    public String toString() {
        return format;
    }

    /** A sample for every format on the classpath that is preprocessed in chunks. */
    public static List<ChunkedSamples> all() {
        List<String> chunked = Formats.all().values().stream().filter(f -> f.preprocessing() == Preprocessing.CHUNKED)
                .map(Format::name).sorted().toList();
        List<ChunkedSamples> samples = chunked.stream().map(ChunkedSamples::of).toList();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(7);
        return samples;
    }

    public static ChunkedSamples of(String format) {
        Random rnd = new Random(format.hashCode());
        return switch (format) {
            case "text" -> new ChunkedSamples(format, Map.of("checkpoint-span", "4KiB"), "sample.txt", text(rnd), 0,
                    "chunks", Map.of("count", "9"));
            case "csv" -> csvSample(rnd);
            case "fasta" -> new ChunkedSamples(format, Map.of(), "sample.fa",
                    FastaGenerator.render(FastaGenerator.varied(rnd, 180, 1500), "\n", true), 0, "sequences", Map.of("count", "9"));
            case "fastq" -> new ChunkedSamples(format, Map.of("checkpoint-span", "4KiB"), "sample.fq", fastq(rnd), 0,
                    "reads-batches", Map.of("count", "9"));
            case "fastq-gzip" -> new ChunkedSamples(format, Map.of("checkpoint-span", "16KiB", "decode", "ranges"), "sample.fq.gz",
                    gzip(fastq(rnd, 400_000)), 0, "reads-batches", Map.of("count", "9"));
            case "vcf" -> vcfSample(rnd);
            case "las" -> new ChunkedSamples(format, Map.of(), "sample.las", new TestLas().random(3500, 100_000, 100_000).bytes(),
                    0, "chunks", Map.of("count", "9"));
            case "imzml" -> imzmlSample();
            default -> throw new AssertionError("chunked format '" + format + "' has no sample in ChunkedSamples: add one, "
                    + "so that crash and concurrency tests cover it");
        };
    }

    /** Stores the sample (and what goes beside it) through the pipeline; returns the sample's location. */
    public ObjectLocation put(Pipeline p) {
        beside.forEach(p::put);
        return p.put(name, data);
    }

    /** What a run that nothing disturbed commits for this sample with {@code chunkSize}-byte chunks (cached). */
    public CommittedIndex cleanIndex(long chunkSize) {
        return CLEAN.computeIfAbsent(format + "@" + chunkSize, k -> {
            Path dir = TempDirs.create("dataplug-clean-run-");
            try (Pipeline p = Pipeline.local(dir).chunkSize(chunkSize)) {
                List<ObjectInfo> infos = p.preprocess(format, options, put(p));
                return CommittedIndex.read(p, format, options, infos.get(0));
            } finally {
                TempDirs.delete(dir);
            }
        });
    }

    /**
     * Asserts that the evaluated slices hold exactly the sample's records, each once, in order: the bytes (a
     * repeated header taken off), or for LAS, whose slices are LAS files of their own, the point records.
     */
    public void assertSlicesHoldTheData(List<byte[]> slices) {
        assertThat(slices).as(format + " slices").hasSizeGreaterThan(1);
        if (format.equals("las")) {
            assertSame(slices.stream().map(ChunkedSamples::lasPoints).toList(), lasPoints(data));
            return;
        }
        if (format.equals("imzml")) {
            ImzmlSamples.assertSlicesHoldTheSpectra(slices, data, beside.get(IBD));
            return;
        }
        if (format.equals("fastq-gzip")) { // the reads as java.util.zip, not our gzip package, decompresses them
            assertSame(slices, gunzip(data));
            return;
        }
        byte[] header = Arrays.copyOf(data, headerBytes);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.writeBytes(header);
        for (byte[] s : slices) {
            assertThat(Arrays.copyOf(s, Math.min(s.length, headerBytes))).as(format + " slice header").isEqualTo(header);
            joined.write(s, headerBytes, s.length - headerBytes);
        }
        assertSame(List.of(joined.toByteArray()), data);
    }

    private void assertSame(List<byte[]> pieces, byte[] expected) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        pieces.forEach(joined::writeBytes);
        byte[] got = joined.toByteArray();
        int at = Arrays.mismatch(got, expected);
        assertThat(at).as("%s: the slices, joined, differ from the data at byte %d (%d bytes joined, %d in the data)",
                format, at, got.length, expected.length).isEqualTo(-1);
    }

    /** The point records of an uncompressed LAS file, read from its header here (not by the format's reader). */
    private static byte[] lasPoints(byte[] las) {
        ByteBuffer h = ByteBuffer.wrap(las).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(las, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("LASF");
        long offset = Integer.toUnsignedLong(h.getInt(96));
        int length = Short.toUnsignedInt(h.getShort(105));
        long count = las[25] >= 4 ? h.getLong(247) : Integer.toUnsignedLong(h.getInt(107));
        assertThat(offset + count * length).as("LAS point records end").isLessThanOrEqualTo(las.length);
        return Arrays.copyOfRange(las, (int) offset, (int) (offset + count * length));
    }

    private static byte[] text(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 120_000; i++) {
            sb.append("line ").append(i).append(' ').append("x".repeat(rnd.nextInt(120))).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Quoted fields hold separators, quotes and line breaks, so a chunk cannot tell where it starts. */
    private static ChunkedSamples csvSample(Random rnd) {
        String header = "id,name,note\n";
        StringBuilder sb = new StringBuilder(header);
        for (int i = 0; sb.length() < 120_000; i++) {
            String note = switch (rnd.nextInt(4)) {
                case 0 -> "\"multi\nline, \"\"quoted\"\"\n" + "y".repeat(rnd.nextInt(300)) + "\"";
                case 1 -> "\"a,b\"";
                default -> "plain" + rnd.nextInt(1000);
            };
            sb.append(i).append(",name").append(i).append(',').append(note).append('\n');
        }
        return new ChunkedSamples("csv", Map.of("checkpoint-span", "4KiB"), "sample.csv",
                sb.toString().getBytes(StandardCharsets.UTF_8), header.length(), "chunks", Map.of("count", "9"));
    }

    /** Quality lines often start with '@', so a line starting with '@' is not necessarily a header. */
    private static byte[] fastq(Random rnd) {
        return fastq(rnd, 120_000);
    }

    private static byte[] fastq(Random rnd, int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < bytes; i++) {
            int n = 20 + rnd.nextInt(150);
            StringBuilder seq = new StringBuilder(n);
            StringBuilder qual = new StringBuilder(n);
            for (int j = 0; j < n; j++) {
                seq.append("ACGTN".charAt(rnd.nextInt(5)));
                qual.append((char) (j == 0 && rnd.nextBoolean() ? '@' : '!' + rnd.nextInt(40)));
            }
            sb.append("@read").append(i).append('\n').append(seq).append("\n+\n").append(qual).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One gzip member (about 125 KB for 400 KB of these reads), in deflate blocks of about 10 KB. */
    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String IBD = "sample.ibd";

    /** About 120 KB of XML; its .ibd beside it. */
    private static ChunkedSamples imzmlSample() {
        byte[][] pair = ImzmlSamples.decoyPair(90, 7);
        return new ChunkedSamples("imzml", Map.of(), "sample.imzML", pair[0], 0, "chunks", Map.of("count", "9"),
                Map.of(IBD, pair[1]));
    }

    private static ChunkedSamples vcfSample(Random rnd) {
        String[] contigs = {"chr1", "chr2", "chrX"};
        String vcf = vcf(rnd, contigs, 600, 5000);
        return new ChunkedSamples("vcf", Map.of("checkpoint-span", "2KiB"), "sample.vcf",
                vcf.getBytes(StandardCharsets.US_ASCII), vcf.indexOf("\nchr") + 1, "chunks", Map.of("count", "9"));
    }

    /**
     * A sorted VCF: {@code perContig} variants on each contig, POS steps of 1 to {@code maxStep}. With small steps,
     * 1 bp windows over it are many (e.g. 4 contigs of 3,750 variants, steps up to 167: about 470 KB and over a
     * million windows, as in issue 7.5).
     */
    public static String vcf(Random rnd, String[] contigs, int perContig, int maxStep) {
        StringBuilder sb = new StringBuilder("##fileformat=VCFv4.2\n");
        for (String c : contigs) {
            sb.append("##contig=<ID=").append(c).append(",length=100000000>\n");
        }
        sb.append("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n");
        sb.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        for (String c : contigs) {
            long pos = 1;
            for (int i = 0; i < perContig; i++) {
                pos += 1 + rnd.nextInt(maxStep);
                sb.append(c).append('\t').append(pos).append("\t.\t").append("ACGT".charAt(rnd.nextInt(4))).append('\t')
                        .append("ACGT".charAt(rnd.nextInt(4))).append("\t50\tPASS\tDP=").append(rnd.nextInt(100)).append('\n');
            }
        }
        return sb.toString();
    }
}
