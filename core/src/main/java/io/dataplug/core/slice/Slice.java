package io.dataplug.core.slice;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.util.OptionalField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One data slice: a lazily evaluated description of one partition. Versioned by {@link #SCHEMA}; see
 * docs/slices.md. It is self-contained: it names every store it reads (source objects and the metadata store,
 * endpoints included) and the roots it may read under. It carries locations, ranges and corrections — never
 * credentials.
 *
 * @param source   the dataset's declared source (its object, or its prefix): every part lies under it. Absent
 *                 only in slices read from schema v1, which did not record it.
 * @param metadata the metadata root: side files (gzip windows, a VCF header) are read under it. For slices
 *                 read from schema v1 it has no store settings; the evaluator then uses its own.
 * @param parts    in order; each part's corrections are of the format's corrections type
 */
public record Slice(String schema, String dataset, String format, Map<String, String> options, String strategy,
                    Map<String, String> params, int index, int count, @OptionalField StoreRoot source,
                    StoreRoot metadata, List<SlicePart<?>> parts) {

    public static final String SCHEMA = "dataplug.io/slice/v2";
    /** The first schema: {@code metadata} a bare URI, no declared source. Still read, never written. */
    public static final String SCHEMA_V1 = "dataplug.io/slice/v1";

    public long bytes() {
        return parts.stream().mapToLong(SlicePart::length).sum();
    }

    /** Whether this slice was read from a schema v1 document. */
    @JsonIgnore
    public boolean isV1() {
        return SCHEMA_V1.equals(schema);
    }

    /**
     * The parts with their corrections typed as the format's {@code type}. Formats call this in
     * {@code evaluate}; a part whose corrections are of another type is refused.
     */
    public <C extends Corrections> List<SlicePart<C>> parts(Class<C> type) {
        List<SlicePart<C>> typed = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            SlicePart<?> p = parts.get(i);
            if (!type.isInstance(p.corrections())) {
                throw new InvalidSliceException("slice " + index + " of " + dataset + ", part " + i + ": corrections are "
                        + (p.corrections() == null ? "missing" : p.corrections().getClass().getSimpleName())
                        + ", format " + format + " expects " + type.getSimpleName());
            }
            typed.add(new SlicePart<>(p.object(), p.start(), p.end(), type.cast(p.corrections())));
        }
        return typed;
    }
}
