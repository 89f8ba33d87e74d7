package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.formats.imzml.ImzmlGenerator.Mode;
import io.dataplug.core.formats.imzml.ImzmlGenerator.Options;
import io.dataplug.core.testing.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * imzML pairs for tests outside this package (the crash and concurrency tests of every chunked format), and the
 * check that slices hold exactly a pair's spectra, read by the independent Python checker ({@link ImzmlChecker}).
 */
public final class ImzmlSamples {

    private ImzmlSamples() {
    }

    /**
     * A processed-mode pair of {@code spectra} spectra whose header and spectrum list hold comments with
     * {@code <spectrum} markup, so chunks that resynchronise on a byte match are tested too: {.imzML, .ibd}.
     */
    public static byte[][] decoyPair(int spectra, long seed) {
        Options o = Options.of(Mode.PROCESSED, DataType.FLOAT32, DataType.INT32).withDecoys().withShuffledIbd();
        int side = (int) Math.ceil(Math.sqrt(spectra)) + 1;
        ImzmlGenerator.Pair pair = ImzmlGenerator.write(o, ImzmlGenerator.spectra(new Random(seed), o, spectra, side, side, 6, false), seed);
        return new byte[][] {pair.imzml(), pair.ibd()};
    }

    /**
     * Asserts that the slices (tar streams of imzML pairs) are valid pairs that hold, joined in order, exactly the
     * spectra of {@code imzml}/{@code ibd}: ids, pixels, notes and array values. Skipped where python3 is missing.
     */
    public static void assertSlicesHoldTheSpectra(List<byte[]> slices, byte[] imzml, byte[] ibd) {
        ImzmlChecker.assumePython();
        Path dir = TempDirs.create("dataplug-imzml-slices-");
        try {
            Files.write(dir.resolve("o.imzML"), imzml);
            Files.write(dir.resolve("o.ibd"), ibd);
            List<String> items = new ArrayList<>(List.of(ImzmlChecker.item(dir.resolve("o.imzML"), dir.resolve("o.ibd"))));
            for (int i = 0; i < slices.size(); i++) {
                Path tar = dir.resolve("slice-" + i + ".tar");
                Files.write(tar, slices.get(i));
                items.add(tar.toString());
            }
            List<ImzmlChecker.Pair> pairs = ImzmlChecker.read(items);
            List<String> joined = pairs.subList(1, pairs.size()).stream().flatMap(p -> p.keys().stream()).toList();
            assertThat(joined).as("imzml slices, joined").containsExactlyElementsOf(pairs.get(0).keys());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.delete(dir);
        }
    }
}
