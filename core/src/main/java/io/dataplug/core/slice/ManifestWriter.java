package io.dataplug.core.slice;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes slices as manifest lines, fast enough for a 100,000-slice partitioning (issue 14.6). The bytes of a slice
 * are exactly Jackson's ({@link Json#bytes}) — ManifestWriterTest checks it for every format — but most of them repeat
 * in every slice of a partitioning: the fields from {@code schema} to {@code params}, the two roots and each source
 * object (about 90% of a text slice). Those are serialized by Jackson once and copied; only {@code index},
 * {@code count}, the ranges and the corrections are written per slice. Fields are written in {@link Slice}'s and
 * {@link SlicePart}'s component order, null ones left out, as Jackson does with the project's mapper.
 * Not thread-safe; {@link #flush} before reading what it wrote to {@code out}.
 */
public final class ManifestWriter {

    /** Written to {@code out} in blocks of about this size. */
    private static final int BLOCK = 1 << 16;
    /** Source objects whose bytes are kept; past this many (a prefix of many small objects) the cache starts over. */
    private static final int MAX_CACHED_OBJECTS = 4096;

    private final OutputStream out;
    private byte[] buf = new byte[BLOCK + 4096];
    private int size;

    private Head head;
    private byte[] headBytes;
    private StoreRoot source;
    private StoreRoot metadata;
    private byte[] rootBytes;
    private final Map<SourceObject, byte[]> objects = new HashMap<>();
    private JsonGenerator generator;

    /** The fields of a slice from {@code schema} to {@code params}: the same in every slice of a partitioning. */
    private record Head(String schema, String dataset, String format, Map<String, String> options, String strategy,
                        Map<String, String> params) {
    }

    /** @param out where the lines go; left open */
    public ManifestWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out);
    }

    /**
     * Appends one slice and a line feed.
     *
     * @throws IllegalArgumentException for a slice of another schema (v1 is read, never written)
     */
    public void write(Slice s) throws IOException {
        append(s);
        put((byte) '\n');
        if (size >= BLOCK) {
            drain();
        }
    }

    /** The slice's JSON document alone (no line feed), e.g. for one ConfigMap key; nothing reaches {@code out}. */
    public String json(Slice s) {
        int from = size;
        append(s);
        String json = new String(buf, from, size - from, StandardCharsets.UTF_8);
        size = from;
        return json;
    }

    /** Writes what is buffered to {@code out} and flushes it. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        out.write(buf, 0, size);
        size = 0;
    }

    private void append(Slice s) {
        if (!Slice.SCHEMA.equals(s.schema())) {
            throw new IllegalArgumentException("slice " + s.index() + " is of schema " + s.schema()
                    + ", which is read but never written; partition again to get " + Slice.SCHEMA);
        }
        put(headBytes(s));
        put(",\"index\":");
        putLong(s.index());
        put(",\"count\":");
        putLong(s.count());
        put(rootBytes(s));
        List<SlicePart<?>> parts = s.parts();
        if (parts != null) {
            put(",\"parts\":[");
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    put((byte) ',');
                }
                part(parts.get(i));
            }
            put((byte) ']');
        }
        put((byte) '}');
    }

    private void part(SlicePart<?> p) {
        if (p == null) {
            put("null");
            return;
        }
        put((byte) '{');
        if (p.object() != null) {
            put("\"object\":");
            put(objects.computeIfAbsent(p.object(), o -> {
                if (objects.size() >= MAX_CACHED_OBJECTS) {
                    objects.clear();
                }
                return Json.bytes(o);
            }));
            put((byte) ',');
        }
        put("\"start\":");
        putLong(p.start());
        put(",\"end\":");
        putLong(p.end());
        if (p.corrections() != null) {
            put(",\"corrections\":");
            corrections(p.corrections());
        }
        put((byte) '}');
    }

    /**
     * Through one generator for the whole manifest: a generator per value ({@link Json#bytes}) costs more than the
     * record it writes. The mapper is the project's, so the bytes are the same.
     */
    private void corrections(Corrections c) {
        try {
            if (generator == null) {
                generator = Json.MAPPER.createGenerator(new OutputStream() {
                    @Override
                    public void write(int b) {
                        put((byte) b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        ensure(len);
                        System.arraycopy(b, off, buf, size, len);
                        size += len;
                    }
                });
                generator.setRootValueSeparator(null); // values follow our own bytes, not each other
            }
            Json.MAPPER.writeValue(generator, c);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"schema":…,"params":{…}}} without its closing brace, for this slice's partitioning. */
    private byte[] headBytes(Slice s) {
        Head h = new Head(s.schema(), s.dataset(), s.format(), s.options(), s.strategy(), s.params());
        if (!h.equals(head)) {
            Fields f = new Fields();
            f.add("schema", h.schema()).add("dataset", h.dataset()).add("format", h.format()).add("options", h.options())
                    .add("strategy", h.strategy()).add("params", h.params());
            head = h;
            headBytes = f.bytes();
        }
        return headBytes;
    }

    /** {@code ,"source":{…},"metadata":{…}}, each when present. */
    private byte[] rootBytes(Slice s) {
        if (rootBytes == null || !Objects.equals(s.source(), source) || !Objects.equals(s.metadata(), metadata)) {
            Fields f = new Fields();
            f.continuing().add("source", s.source()).add("metadata", s.metadata());
            source = s.source();
            metadata = s.metadata();
            rootBytes = f.bytes();
        }
        return rootBytes;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /** ASCII literals (field names and punctuation) only: their chars are their bytes. */
    @SuppressWarnings("deprecation")
    private void put(String ascii) {
        int n = ascii.length();
        ensure(n);
        ascii.getBytes(0, n, buf, size);
        size += n;
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    /** Decimal, as Jackson writes a number. */
    private void putLong(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(Long.toString(v));
                return;
            }
            buf[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    /** Builds {@code "name":value} pairs in order, leaving out null values as the project's mapper does. */
    private static final class Fields {
        private final StringBuilder json = new StringBuilder("{");
        private boolean first = true;

        /** Pairs that follow others in an object already open: no brace, a comma before each. */
        Fields continuing() {
            json.setLength(0);
            first = false;
            return this;
        }

        Fields add(String name, Object value) {
            if (value != null) {
                json.append(first ? "" : ",").append('"').append(name).append("\":").append(Json.string(value));
                first = false;
            }
            return this;
        }

        byte[] bytes() {
            return json.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
