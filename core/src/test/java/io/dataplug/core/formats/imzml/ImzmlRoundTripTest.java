package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.formats.imzml.ImzmlGenerator.Mode;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Options;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips of the imzml format: preprocess in small chunks, partition with every strategy, evaluate every slice
 * into its tar stream, and read the tars back with the independent Python reader ({@link ImzmlChecker}), which also
 * checks each is a valid pair. The spectra over all slices (pixel, id, notes, m/z and intensity values) must be the
 * original's, none twice; {@code chunks} slices keep document order and continuous-mode slices stay within their
 * byte budget; {@code grid} slices each hold one cell. On the reference examples from pyimzML and on our generator's
 * files. Subclasses run it on local files and on the embedded S3 server.
 */
abstract class ImzmlRoundTripTest {

    @TempDir
    Path work;

    private final List<Pipeline> opened = new ArrayList<>();

    abstract Pipeline newPipeline(String test);

    /** Local runs check every generated variant; over HTTP a representative few. */
    abstract boolean thorough();

    @BeforeEach
    void needPython() {
        ImzmlChecker.assumePython();
    }

    @AfterEach
    void closePipelines() {
        opened.forEach(Pipeline::close);
    }

    /** Over HTTP, chunks of 8 KiB at least: fewer map tasks, the same stitching. */
    private Pipeline pipeline(String test, long chunkSize) {
        Pipeline p = newPipeline(test).chunkSize(thorough() ? chunkSize : Math.max(chunkSize, 8192));
        opened.add(p);
        return p;
    }

    @Test
    void referenceContinuousExample() throws IOException {
        Path xml = SharedFixtures.require("imzml/Example_Continuous.imzML");
        Path ibd = SharedFixtures.require("imzml/Example_Continuous.ibd");
        check(pipeline("ref-continuous", 2048), "Example_Continuous", Files.readAllBytes(xml), Files.readAllBytes(ibd), null);
    }

    @Test
    void referenceProcessedExample() throws IOException {
        Path xml = SharedFixtures.require("imzml/Example_Processed.imzML");
        Path ibd = SharedFixtures.require("imzml/Example_Processed.ibd");
        check(pipeline("ref-processed", 3000), "Example_Processed", Files.readAllBytes(xml), Files.readAllBytes(ibd), null);
    }

    /** Each data type as m/z and as intensity array, both modes; 32-bit integers by their IMS term. */
    @Test
    void everyDataTypeInBothModes() throws IOException {
        Object[][] cases = {{Mode.CONTINUOUS, DataType.FLOAT32, DataType.FLOAT64}, {Mode.PROCESSED, DataType.FLOAT64, DataType.INT32},
                {Mode.CONTINUOUS, DataType.INT32, DataType.INT64}, {Mode.PROCESSED, DataType.INT64, DataType.FLOAT32}};
        int seed = 1;
        for (Object[] c : thorough() ? cases : new Object[][] {cases[0], cases[1]}) {
            Options o = Options.of((Mode) c[0], (DataType) c[1], (DataType) c[2]);
            if (c[1] == DataType.INT32) {
                o = o.withImsTerms();
            }
            generated(pipeline("types-" + seed, 1024), "types-" + c[0] + "-" + c[1] + "-" + c[2], o,
                    ImzmlGenerator.spectra(new Random(seed), o, 14, 5, 4, 40, false), seed++);
        }
    }

    @Test
    void oneSpectrum() throws IOException {
        for (Mode mode : Mode.values()) {
            Options o = Options.of(mode, DataType.FLOAT64, DataType.FLOAT32);
            generated(pipeline("one-" + mode, 512), "one-" + mode, o, ImzmlGenerator.spectra(new Random(3), o, 1, 1, 1, 30, false), 3);
        }
    }

    @Test
    void emptySpectra() throws IOException {
        Options processed = Options.of(Mode.PROCESSED, DataType.FLOAT32, DataType.INT64);
        List<ImzmlGenerator.Spectrum> some = ImzmlGenerator.spectra(new Random(4), processed, 20, 10, 3, 3, false);
        assertThat(some).anyMatch(s -> s.mz().length == 0).anyMatch(s -> s.mz().length > 0);
        generated(pipeline("empty-some", 1500), "empty-some", processed, some, 4);
        Options continuous = Options.of(Mode.CONTINUOUS, DataType.FLOAT32, DataType.FLOAT32);
        generated(pipeline("empty-all", 1500), "empty-all", continuous,
                ImzmlGenerator.spectra(new Random(5), continuous, 12, 4, 3, 0, false), 5);
    }

    /** 1000 x 1000 pixels, few of them measured, spectra in random order, arrays scattered over the .ibd. */
    @Test
    void sparseMegapixelImageInRandomOrder() throws IOException {
        Options o = Options.of(Mode.PROCESSED, DataType.FLOAT64, DataType.FLOAT32).withShuffledIbd().inUtf8().withDecoys();
        generated(pipeline("sparse", 8192), "sparse", o, ImzmlGenerator.spectra(new Random(6), o, thorough() ? 150 : 60,
                1000, 1000, 25, true), 6);
    }

    /** Offsets of the shared m/z array in its referenceable group, array terms in the arrays, MD5, 3D pixels. */
    @Test
    void groupOffsetsAndTermsInArrays() throws IOException {
        Options o = Options.of(Mode.CONTINUOUS, DataType.INT32, DataType.FLOAT64).withGroupOffsets().withDirectTerms()
                .withImsTerms().withChecksum("MD5").inUtf8().withDecoys();
        generated(pipeline("groups", 700), "groups", o, ImzmlGenerator.spectra(new Random(7), o, 24, 8, 8, 16, true), 7);
        Options none = Options.of(Mode.PROCESSED, DataType.FLOAT32, DataType.FLOAT32).withChecksum(null).withShuffledIbd();
        generated(pipeline("no-checksum", 900), "no-checksum", none, ImzmlGenerator.spectra(new Random(8), none, 17, 5, 5, 9, false), 8);
    }

    /** Slices pin both objects: a changed .ibd, a changed .imzML or a missing .ibd fails the slice clearly. */
    @Test
    void changedOrMissingObjectsFailClearly() {
        Options o = Options.of(Mode.CONTINUOUS, DataType.FLOAT32, DataType.FLOAT32);
        ImzmlGenerator.Pair pair = ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(9), o, 12, 4, 3, 20, false), 9);
        Pipeline p = pipeline("changed", 1 << 20);
        Map<String, Slice> slices = new TreeMap<>();
        for (String name : List.of("ibd-changed", "ibd-missing", "xml-changed")) {
            List<ObjectInfo> infos = pair.preprocess(p, name);
            slices.put(name, p.partition(ImzmlFormat.NAME, Map.of(), infos, "chunks", Map.of("count", "2")).get(1));
        }
        byte[] before = p.evaluate(slices.get("ibd-changed"));
        assertThat(p.evaluate(slices.get("ibd-changed"))).as("evaluating a slice twice gives the same bytes").isEqualTo(before);

        byte[] otherIbd = pair.ibd().clone();
        otherIbd[otherIbd.length - 1] ^= 1;
        p.put("ibd-changed.ibd", otherIbd);
        assertThatThrownBy(() -> p.evaluate(slices.get("ibd-changed"))).isInstanceOf(ObjectChangedException.class)
                .hasMessageContaining("ibd-changed.ibd").hasMessageContaining("replaced together with its .imzML");
        p.store().delete(p.put("ibd-missing.ibd", pair.ibd()));
        assertThatThrownBy(() -> p.evaluate(slices.get("ibd-missing"))).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("ibd-missing.ibd");
        byte[] otherXml = pair.imzml().clone();
        otherXml[otherXml.length - 2] = ' ';
        p.put("xml-changed.imzML", otherXml);
        assertThatThrownBy(() -> p.evaluate(slices.get("xml-changed"))).isInstanceOf(ObjectChangedException.class)
                .hasMessageContaining("xml-changed.imzML").hasMessageContaining("preprocess it again");
    }

    private void generated(Pipeline p, String name, Options o, List<ImzmlGenerator.Spectrum> spectra, long seed) throws IOException {
        ImzmlGenerator.Pair pair = ImzmlGenerator.write(o, spectra, seed);
        check(p, name, pair.imzml(), pair.ibd(), spectra);
    }

    /** Preprocesses the pair, then evaluates and checks every strategy with 1, 2, 7 and more slices than spectra. */
    void check(Pipeline p, String name, byte[] xml, byte[] ibd, List<ImzmlGenerator.Spectrum> known) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path xmlFile = Files.write(dir.resolve(name + ".imzML"), xml);
        Path ibdFile = Files.write(dir.resolve(name + ".ibd"), ibd);
        if (known != null) {
            assertKnownValues(ImzmlChecker.pair(xmlFile, ibdFile, true), known);
        }
        ObjectLocation loc = p.put(name + ".imzML", xml);
        p.put(name + ".ibd", ibd);
        List<ObjectInfo> infos = p.preprocess(ImzmlFormat.NAME, Map.of(), loc);
        IndexedObject<?> indexed = p.indexes(ImzmlFormat.NAME, Map.of(), infos).get(0);
        ObjectInfo ibdNow = p.store().head(ImzmlFormat.IBD.of(loc));
        assertThat(indexed.siblings().get("ibd")).as("the .ibd as it was indexed, pinned by its ETag")
                .isEqualTo(io.dataplug.core.slice.SourceObject.of(ibdNow, p.storage()));
        assertThat(p.metadata().marker(ImzmlFormat.NAME, Map.of(), infos.get(0)).orElseThrow().siblings().get("ibd"))
                .isEqualTo(new io.dataplug.core.index.IndexMarker.Pinned(ibdNow.location().toUri(), ibd.length, ibdNow.etag()));
        int n = Math.toIntExact(indexed.attributes().get("spectra"));
        int many = (int) Math.ceil(Math.sqrt(n)) + 2;
        List<Map<String, String>> chunks = new ArrayList<>();
        for (int count : new int[] {1, 2, 7, n + 3}) {
            chunks.add(Map.of("count", Integer.toString(count)));
        }
        List<Map<String, String>> grids = new ArrayList<>();
        for (int[] g : new int[][] {{1, 1}, {1, 2}, {7, 7}, {many, many}}) {
            grids.add(Map.of("rows", Integer.toString(g[0]), "cols", Integer.toString(g[1])));
        }
        // every slice of every partitioning, read back by one run of the independent reader after the original
        List<String> items = new ArrayList<>(List.of(ImzmlChecker.item(xmlFile, ibdFile)));
        List<Integer> sizes = new ArrayList<>();
        for (Map<String, String> params : chunks) {
            sizes.add(evaluate(p, infos, dir, "chunks", params, items));
        }
        for (Map<String, String> params : grids) {
            sizes.add(evaluate(p, infos, dir, "grid", params, items));
        }
        List<ImzmlChecker.Pair> read = ImzmlChecker.read(items);
        ImzmlChecker.Pair original = read.get(0);
        assertThat(original.count()).isEqualTo(n);
        int at = 1;
        for (int i = 0; i < sizes.size(); i++) {
            List<ImzmlChecker.Pair> slices = read.subList(at, at + sizes.get(i));
            at += sizes.get(i);
            if (i < chunks.size()) {
                assertChunks(original, slices, Integer.parseInt(chunks.get(i).get("count")));
            } else {
                Map<String, String> g = grids.get(i - chunks.size());
                assertGrid(original, slices, Integer.parseInt(g.get("rows")), Integer.parseInt(g.get("cols")));
            }
        }
    }

    /** Evaluates every slice into a tar file, adds the files to {@code items}; returns how many. */
    private int evaluate(Pipeline p, List<ObjectInfo> infos, Path dir, String strategy, Map<String, String> params,
                         List<String> items) throws IOException {
        List<Slice> slices = p.partition(ImzmlFormat.NAME, Map.of(), infos, strategy, params);
        Path out = Files.createDirectories(dir.resolve(strategy + new TreeMap<>(params).values()));
        for (Slice s : slices) {
            Path tar = out.resolve("slice-" + s.index() + ".tar");
            Files.write(tar, p.evaluate(s));
            items.add(tar.toString());
        }
        return slices.size();
    }

    private static void assertChunks(ImzmlChecker.Pair original, List<ImzmlChecker.Pair> slices, int count) {
        int n = original.count();
        assertThat(slices).as("chunks count=" + count).hasSize(Math.min(count, n));
        List<String> all = new ArrayList<>();
        slices.forEach(s -> all.addAll(s.keys()));
        assertThat(all).as("spectra of all chunks, in order").isEqualTo(original.keys());
        assertFreshUuids(original, slices);
        if ("continuous".equals(original.mode()) && n > 0) {
            long shared = original.spectra().get(0).mzBytes();
            long own = original.spectra().stream().mapToLong(ImzmlChecker.Spectrum::intensityBytes).sum();
            long largest = original.spectra().stream().mapToLong(ImzmlChecker.Spectrum::intensityBytes).max().orElse(0);
            long budget = shared + (own + slices.size() - 1) / slices.size() + largest;
            for (ImzmlChecker.Pair s : slices) {
                long payload = s.ibdSize() - 16;
                assertThat(payload).as("the shared m/z array is copied once per slice")
                        .isEqualTo(shared + s.spectra().stream().mapToLong(ImzmlChecker.Spectrum::intensityBytes).sum());
                assertThat(payload).as("slice " + s.name() + " within its byte budget").isLessThanOrEqualTo(budget);
            }
        }
    }

    private static void assertGrid(ImzmlChecker.Pair original, List<ImzmlChecker.Pair> slices, int rows, int cols) {
        List<ImzmlChecker.Spectrum> o = original.spectra();
        long x0 = Math.min(1, o.stream().mapToInt(ImzmlChecker.Spectrum::x).min().orElse(1));
        long y0 = Math.min(1, o.stream().mapToInt(ImzmlChecker.Spectrum::y).min().orElse(1));
        long width = o.stream().mapToInt(ImzmlChecker.Spectrum::x).max().orElse(1) - x0 + 1;
        long height = o.stream().mapToInt(ImzmlChecker.Spectrum::y).max().orElse(1) - y0 + 1;
        Set<Long> cells = new HashSet<>();
        for (ImzmlChecker.Spectrum s : o) {
            cells.add((s.y() - y0) * rows / height * cols + (s.x() - x0) * cols / width);
        }
        assertThat(slices).as("grid " + rows + "x" + cols + ": one slice per non-empty cell").hasSize(cells.size());
        Set<Long> seen = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (ImzmlChecker.Pair slice : slices) {
            Set<Long> own = new HashSet<>();
            for (ImzmlChecker.Spectrum s : slice.spectra()) {
                own.add((s.y() - y0) * rows / height * cols + (s.x() - x0) * cols / width);
            }
            assertThat(own).as("slice " + slice.name() + " holds one cell").hasSize(1);
            assertThat(seen.add(own.iterator().next())).as("cell in two slices").isTrue();
            all.addAll(slice.keys());
        }
        assertThat(all).as("spectra of all cells").containsExactlyInAnyOrderElementsOf(original.keys());
        assertFreshUuids(original, slices);
    }

    private static void assertFreshUuids(ImzmlChecker.Pair original, List<ImzmlChecker.Pair> slices) {
        Set<String> uuids = new HashSet<>();
        uuids.add(original.uuid());
        for (ImzmlChecker.Pair s : slices) {
            assertThat(uuids.add(s.uuid())).as("slice " + s.name() + " has a UUID of its own").isTrue();
        }
    }

    /** The original, as the independent reader sees it, holds exactly what the generator wrote. */
    private static void assertKnownValues(ImzmlChecker.Pair read, List<ImzmlGenerator.Spectrum> known) {
        assertThat(read.count()).isEqualTo(known.size());
        for (int i = 0; i < known.size(); i++) {
            ImzmlChecker.Spectrum r = read.spectra().get(i);
            ImzmlGenerator.Spectrum k = known.get(i);
            assertThat(new int[] {r.x(), r.y()}).isEqualTo(new int[] {k.x(), k.y()});
            assertThat(r.z()).isEqualTo(k.z());
            assertThat(doubles(r.mz())).isEqualTo(k.mz());
            assertThat(doubles(r.intensity())).isEqualTo(k.intensity());
        }
    }

    private static double[] doubles(com.fasterxml.jackson.databind.JsonNode values) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = values.get(i).asDouble();
        }
        return d;
    }
}
