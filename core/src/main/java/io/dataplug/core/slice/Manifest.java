package io.dataplug.core.slice;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.util.InvalidDocumentException;
import io.dataplug.core.util.Json;
import io.dataplug.core.util.StrictJson;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A manifest: the ordered slices of one partitioning, as JSON Lines (one slice per line). Reading binds each
 * slice strictly, its corrections to the format's corrections type, and validates it ({@link SliceChecks});
 * a slice that fails is refused with an {@link InvalidSliceException} naming the line and the field.
 * Schema v2 is written; v1 is still read (docs/slices.md).
 */
public final class Manifest {

    private Manifest() {
    }

    public static byte[] toJsonLines(List<Slice> slices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(slices, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the slices as JSON Lines through a {@link ManifestWriter}, in blocks as they are serialized, so that a
     * large manifest is streamed to its file or object rather than built in memory. Flushes {@code out}, leaves it open.
     */
    public static void write(List<Slice> slices, OutputStream out) throws IOException {
        ManifestWriter w = new ManifestWriter(out);
        for (Slice s : slices) {
            w.write(s);
        }
        w.flush();
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

    /** One slice document; {@code where} names it in errors (e.g. {@code manifest.jsonl line 3}). */
    public static Slice parseSlice(String json, String where) {
        try {
            return checked(bind(json, where), where);
        } catch (InvalidDocumentException e) {
            throw new InvalidSliceException(e.getMessage(), e);
        }
    }

    private static Slice bind(String json, String where) {
        JsonNode tree = StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), where);
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new InvalidSliceException(where + ": not a slice document (no \"schema\"; expected " + Slice.SCHEMA + ")");
        }
        if (Slice.SCHEMA.equals(schema.asText())) {
            SliceDocuments.V2 d = StrictJson.read(tree, SliceDocuments.V2.class, where);
            Format<?, ?, ?> format = format(d.format(), where);
            List<SlicePart<?>> parts = new ArrayList<>(d.parts().size());
            for (int i = 0; i < d.parts().size(); i++) {
                SliceDocuments.Part p = d.parts().get(i);
                parts.add(part(format, p.object(), p.start(), p.end(), p.corrections(), where, i));
            }
            return new Slice(d.schema(), d.dataset(), d.format(), d.options(), d.strategy(), d.params(), d.index(),
                    d.count(), d.source(), d.metadata(), parts);
        }
        if (Slice.SCHEMA_V1.equals(schema.asText())) {
            SliceDocuments.V1 d = StrictJson.read(tree, SliceDocuments.V1.class, where);
            Format<?, ?, ?> format = format(d.format(), where);
            List<SlicePart<?>> parts = new ArrayList<>(d.parts().size());
            for (int i = 0; i < d.parts().size(); i++) {
                SliceDocuments.V1Part p = d.parts().get(i);
                JsonNode c = p.corrections() == null ? Json.object() : p.corrections();
                parts.add(part(format, p.object(), p.start(), p.end(), c, where, i));
            }
            StoreRoot metadata = d.metadata() == null ? null : new StoreRoot(d.metadata(), null, null, null, null, null);
            return new Slice(d.schema(), d.dataset(), d.format(), d.options(), d.strategy(), d.params(), d.index(),
                    d.count(), null, metadata, parts);
        }
        throw new InvalidSliceException(where + ": unsupported slice schema " + Json.excerpt(schema) + " (this reader reads "
                + Slice.SCHEMA + " and " + Slice.SCHEMA_V1 + ")");
    }

    private static Format<?, ?, ?> format(String name, String where) {
        try {
            return Formats.get(name);
        } catch (InvalidRequestException e) {
            throw new InvalidSliceException(where + ": " + e.getMessage(), e);
        }
    }

    private static <C extends Corrections> SlicePart<C> part(Format<?, ?, C> format, SourceObject object, long start,
                                                            long end, JsonNode corrections, String where, int i) {
        C c = StrictJson.read(corrections, format.types().corrections(), where, "parts[" + i + "].corrections");
        return new SlicePart<>(object, start, end, c);
    }

    private static Slice checked(Slice slice, String where) {
        SliceChecks.check(slice, where);
        return slice;
    }
}
