package io.dataplug.core.formats.imzml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.util.Json;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code imzml_check.py} (test resources): an imzML reader written apart from the Java code with Python's
 * xml.etree, struct and tarfile, which also checks that a pair is valid. Tests that need it are skipped where
 * {@code python3} is missing ({@link ExternalTools}).
 */
final class ImzmlChecker {

    /** One spectrum as the checker read it: pixel, id, user notes, and a digest (or the values) of each array. */
    record Spectrum(String id, int x, int y, Integer z, List<String> notes, JsonNode mz, JsonNode intensity, long mzCount,
                    long intensityCount, long mzBytes, long intensityBytes) {

        /** The same spectrum whatever file it sits in: everything but where its arrays are. */
        String key() {
            return id + "|" + x + "," + y + "," + z + "|" + notes + "|" + mz + "|" + intensity + "|" + mzCount + "|" + intensityCount;
        }
    }

    /** A pair as the checker read it. */
    record Pair(String uuid, String mode, long ibdSize, int count, List<Spectrum> spectra, String name, String file) {

        List<String> keys() {
            return spectra.stream().map(Spectrum::key).toList();
        }
    }

    private ImzmlChecker() {
    }

    static void assumePython() {
        ExternalTools.require("python3");
    }

    /** A pair of files ({@code values}: with every value instead of digests). */
    static Pair pair(Path xml, Path ibd, boolean values) {
        List<String> args = new ArrayList<>(List.of(item(xml, ibd)));
        if (values) {
            args.add(0, "--values");
        }
        return Json.read(run(args).get(0), Pair.class);
    }

    /** The checker's argument for a pair of files. */
    static String item(Path xml, Path ibd) {
        return xml + "=" + ibd;
    }

    /** Pairs of files ({@link #item}) and tar streams (paths), read by one run of the checker, in order. */
    static List<Pair> read(List<String> items) {
        List<Pair> out = new ArrayList<>();
        for (String line : run(items)) {
            out.add(Json.read(line, Pair.class));
        }
        assertThat(out).hasSize(items.size());
        return out;
    }

    /** Runs the checker; a failed check fails the test with its reason. */
    static List<String> run(List<String> args) {
        return result(args).assertOk();
    }

    record Result(int exit, String out, String err) {
        List<String> assertOk() {
            assertThat(exit).as("imzml_check: " + err).isZero();
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Result result(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("python3", script().toString()));
        cmd.addAll(args);
        ExternalTools.Result r = ExternalTools.exec(null, null, null, cmd.toArray(String[]::new));
        return new Result(r.exit(), new String(r.out(), StandardCharsets.UTF_8), r.err());
    }

    private static Path script() {
        try {
            return Path.of(ImzmlChecker.class.getResource("/imzml/imzml_check.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
