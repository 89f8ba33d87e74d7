package io.dataplug.worker;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds slice {@code i} of a manifest given as a JSON Lines file, object or standard input ({@code -}), or as a
 * folder (a mounted ConfigMap) holding {@code slice-00000.json}... files, or a {@code manifest.jsonl} file.
 */
final class ManifestSource {

    /** {@code --manifest -}: the manifest's JSON Lines on standard input. */
    static final String STDIN = "-";

    private ManifestSource() {
    }

    static String sliceKey(int index) {
        return String.format("slice-%05d.json", index);
    }

    static Slice slice(ObjectStore store, String manifest, int index) throws IOException {
        if (index < 0) {
            throw new InvalidRequestException("slice index must be >= 0, got " + index);
        }
        if (STDIN.equals(manifest)) {
            return pick(Manifest.fromJsonLines(System.in, "stdin"), index, "stdin");
        }
        ObjectLocation loc = ObjectLocation.parse(manifest);
        if (loc.isLocal() && Files.isDirectory(loc.path())) {
            Path dir = loc.path();
            Path one = dir.resolve(sliceKey(index));
            if (Files.isRegularFile(one)) {
                return Manifest.parseSlice(Files.readString(one, StandardCharsets.UTF_8), one.toString());
            }
            Path jsonl = dir.resolve("manifest.jsonl");
            if (!Files.isRegularFile(jsonl)) {
                long n;
                try (var files = Files.list(dir)) {
                    n = files.filter(p -> p.getFileName().toString().matches("slice-\\d{5}\\.json")).count();
                }
                if (n > 0) {
                    throw new InvalidRequestException("slice index " + index + " out of range: " + dir + " holds " + n + " slices");
                }
                throw new InvalidRequestException(dir + " holds no slices (expected slice-00000.json... or manifest.jsonl)");
            }
            loc = ObjectLocation.local(jsonl);
        }
        byte[] data;
        try {
            data = store.readIfExists(loc).orElseThrow(() -> new ObjectNotFoundException(manifest, "no such manifest"));
        } catch (ObjectNotFoundException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return pick(Manifest.fromJsonLines(new ByteArrayInputStream(data), loc.toUri()), index, manifest);
    }

    private static Slice pick(List<Slice> slices, int index, String manifest) {
        if (index >= slices.size()) {
            throw new InvalidRequestException("slice index " + index + " out of range: " + manifest + " holds " + slices.size() + " slices");
        }
        return slices.get(index);
    }
}
