package io.dataplug.core.slice;

import io.dataplug.core.util.Json;
import io.dataplug.core.util.JsonDocumentException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A manifest: the ordered slices of one partitioning, as JSON Lines (one slice per line). */
public final class Manifest {

    private Manifest() {
    }

    public static byte[] toJsonLines(List<Slice> slices) {
        StringBuilder sb = new StringBuilder();
        for (Slice s : slices) {
            sb.append(Json.string(s)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static List<Slice> fromJsonLines(InputStream in, String source) {
        List<Slice> slices = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                slices.add(parseSlice(line, source + " line " + n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return slices;
    }

    public static Slice parseSlice(String json, String where) {
        Slice s;
        try {
            s = Json.read(json, Slice.class);
        } catch (JsonDocumentException e) {
            throw new IllegalArgumentException(where + ": not a slice document: " + e.getMessage(), e);
        }
        if (!Slice.SCHEMA.equals(s.schema())) {
            throw new IllegalArgumentException(where + ": unsupported slice schema '" + s.schema() + "' (expected " + Slice.SCHEMA + ")");
        }
        return s;
    }
}
