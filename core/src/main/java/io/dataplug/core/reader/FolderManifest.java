package io.dataplug.core.reader;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.InvalidSliceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A manifest as a folder of {@code slice-00000.json}, {@code slice-00001.json}... files, one slice each: a
 * mounted ConfigMap, or every shard of one through a projected volume. Slice {@code i} is one file read.
 */
final class FolderManifest implements ManifestSource {

    private static final Pattern SLICE_FILE = Pattern.compile("slice-\\d{5,}\\.json");

    private final Path dir;

    FolderManifest(Path dir) {
        this.dir = dir;
    }

    static String fileName(int index) {
        return String.format("slice-%05d.json", index);
    }

    /** Whether {@code dir} holds slice files. */
    static boolean holdsSlices(Path dir) {
        return count(dir) > 0;
    }

    private static int count(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return Math.toIntExact(files.filter(p -> SLICE_FILE.matcher(p.getFileName().toString()).matches()).count());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return dir.toString();
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public int count() {
        return count(dir);
    }

    @Override
    public ManifestEntry entry(int index) {
        Path file = dir.resolve(fileName(index));
        if (!Files.isRegularFile(file)) {
            int n = count();
            if (n == 0) {
                throw new InvalidRequestException(dir + " holds no slices (expected slice-00000.json... or manifest.jsonl)");
            }
            if (index >= 0 && index < n) {
                throw new InvalidSliceException(file + " is missing: " + dir + " holds " + n
                        + " slice files, but not slice " + index);
            }
            throw new InvalidRequestException("slice index " + index + " out of range: " + dir + " holds " + n + " slices");
        }
        try {
            return new ManifestEntry(index, Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Stream<ManifestEntry> entries() {
        return IntStream.range(0, count()).mapToObj(this::entry);
    }
}
