package io.dataplug.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * A data format plugin, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.dataplug.core.format.Format}). A format declares its options, how it is
 * preprocessed, its partition strategies, and how a slice becomes bytes. Nothing outside the format knows
 * its index or correction layout.
 */
public interface Format {

    /** Unique lower-case name, e.g. {@code csv}, {@code fastq-gzip}. */
    String name();

    String description();

    /** Format options (given per dataset), e.g. the CSV separator. */
    List<ParamSpec> options();

    Preprocessing preprocessing();

    /**
     * Suffixes of index files that may sit beside this format's objects (e.g. {@code .tbi}). When a
     * dataset is a prefix, objects with these suffixes are companions, not data, and are left out.
     */
    default Set<String> companionSuffixes() {
        return Set.of();
    }

    /**
     * Objects that each data object needs beside it, when one record set spans several objects named from one
     * another (imzML: {@code X.imzML} and its binary {@code X.ibd}; later the tables of a MeasurementSet). A
     * sibling is part of its data object, not data of its own: a prefix listing leaves it out (see
     * {@link #isCompanion}); {@link #buildIndex} reads it through {@link IndexingContext#sibling} and
     * {@link IndexingContext#openSibling}, which pin its size and ETag; the committed index records them
     * ({@link io.dataplug.core.index.IndexedObject#siblings()}, role to {@link io.dataplug.core.slice.SourceObject});
     * {@link #partition} puts that {@code SourceObject} in the slices that read it, so evaluation reads the very
     * version that was indexed and a missing or changed sibling fails the slice
     * ({@link io.dataplug.core.storage.ObjectNotFoundException}, {@link io.dataplug.core.storage.ObjectChangedException}).
     * Example: {@code List.of(new Sibling("ibd", ".imzML", ".ibd"))}.
     */
    default List<Sibling> siblings() {
        return List.of();
    }

    /** True when {@code key} names a companion index file or a sibling of this format rather than data. */
    default boolean isCompanion(String key) {
        return companionSuffixes().stream().anyMatch(key::endsWith) || siblings().stream().anyMatch(s -> s.matches(key));
    }

    /**
     * Chunked formats: index bytes {@code [start, end)} of the object. The result is stored and handed,
     * with all other chunks' results in order, to {@link #buildIndex}. Keep it small (no raw data).
     */
    default JsonNode indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        throw new UnsupportedOperationException(name() + " is not preprocessed in chunks");
    }

    /**
     * Builds the object's index. Per-object formats read the object through {@code ctx}; chunked formats
     * combine {@code chunkResults} (one per chunk, in order) and may read the object for small fix-ups.
     */
    ObjectIndex buildIndex(IndexingContext ctx, List<JsonNode> chunkResults) throws IOException;

    List<StrategySpec> strategies();

    /**
     * Cuts the indexed objects into slices, following the request's strategy (already validated against
     * {@link #strategies()}). Returns each slice's parts, in order; together they must cover every record
     * exactly once.
     */
    List<List<SlicePart>> partition(PartitionRequest request);

    /** Writes the slice's records, whole and exact, to {@code out}. */
    void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException;
}
