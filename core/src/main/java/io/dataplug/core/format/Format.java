package io.dataplug.core.format;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A data format plugin, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.dataplug.core.format.Format}). A format declares its options, how it is
 * preprocessed, its partition strategies, and how a slice becomes bytes. Nothing outside the format knows
 * its index or correction layout.
 *
 * <h2>Typed documents</h2>
 * A format has three documents, each a Java record it declares through {@link #types()}: its index
 * ({@code I}, one per object, {@code index.json}), the result of one map task ({@code R}, chunked formats;
 * {@code Void} otherwise) and the corrections of one slice part ({@code C}, implementing {@link Corrections}).
 * The framework writes them as JSON and binds them back strictly at its boundary (unknown or missing fields
 * are errors that name the field; components that may be absent are marked
 * {@link io.dataplug.core.util.OptionalField}); corrections are {@link Corrections#validate validated} when a
 * manifest is read, before anything is read. A format never sees JSON. Example:
 * <pre>{@code
 * public final class TileFormat implements Format<TileFormat.Index, Void, TileFormat.Window> {
 *
 *     record Index(long width, long height, long[] tileOffsets, long[] tileSizes) { }
 *
 *     record Window(int firstTile, int tiles, @OptionalField Long headerEnd) implements Corrections {
 *         @Override
 *         public void validate(SlicePart<?> part) {
 *             Corrections.require(firstTile >= 0 && tiles >= 1, "tiles [" + firstTile + ", +" + tiles + ") is empty");
 *         }
 *     }
 *
 *     public FormatTypes<Index, Void, Window> types() {
 *         return FormatTypes.perObject(Index.class, Window.class);
 *     }
 *
 *     public ObjectIndex<Index> buildIndex(IndexingContext ctx, List<Void> none) { ... }
 *
 *     public List<List<SlicePart<Window>>> partition(PartitionRequest<Index> request) {
 *         ... new SlicePart<>(object.source(), start, end, new Window(first, n, null)) ...
 *     }
 *
 *     public void evaluate(SliceContext ctx, Slice slice, OutputStream out) {
 *         for (SlicePart<Window> part : slice.parts(Window.class)) { ... ctx.open(part.object(), ...) ... }
 *     }
 * }
 * }</pre>
 * Evaluate only through the {@link SliceContext}: it is what enforces where a slice may read.
 *
 * @param <I> the index record
 * @param <R> the map-task result record ({@code Void} for formats preprocessed per object)
 * @param <C> the corrections record
 */
public interface Format<I, R, C extends Corrections> {

    /** Unique lower-case name, e.g. {@code csv}, {@code fastq-gzip}. */
    String name();

    String description();

    /** Format options (given per dataset), e.g. the CSV separator. */
    List<ParamSpec> options();

    Preprocessing preprocessing();

    /**
     * How objects are preprocessed under these options: a format whose index, for some options, reads no data in
     * map tasks (e.g. a header-only index) plans one task per object instead, without map tasks that do nothing
     * but cost round trips.
     */
    default Preprocessing preprocessing(Params options) {
        return preprocessing();
    }

    /** The records of this format's index, map-task result and corrections. */
    FormatTypes<I, R, C> types();

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
     * The dataset's attributes from its objects' ({@link ObjectIndex#attributes()}, one map per object, in the
     * dataset's order). The default combines each attribute by its name ({@link AttributeCombine#byName}: counts
     * summed, {@code min<Name>}/{@code max<Name>} extremes). Override when some attributes describe an object
     * rather than count its records (an image's width, a point format, a CRS: {@link AttributeCombine#SAME}) or
     * only make sense together (bounds only in one CRS). The framework adds {@code objects} and {@code bytes}.
     */
    default Map<String, Long> datasetAttributes(List<Map<String, Long>> objects) {
        return AttributeCombine.combine(objects, AttributeCombine::byName);
    }

    /**
     * Chunked formats: index bytes {@code [start, end)} of the object. The result is stored and handed,
     * with all other chunks' results in order, to {@link #buildIndex}. Keep it small (no raw data).
     */
    default R indexChunk(IndexingContext ctx, long start, long end) throws IOException {
        throw new UnsupportedOperationException(name() + " is not preprocessed in chunks");
    }

    /**
     * Builds the object's index. Per-object formats read the object through {@code ctx}; chunked formats
     * combine {@code chunkResults} (one per chunk, in order) and may read the object for small fix-ups.
     */
    ObjectIndex<I> buildIndex(IndexingContext ctx, List<R> chunkResults) throws IOException;

    List<StrategySpec> strategies();

    /**
     * Cuts the indexed objects into slices, following the request's strategy (already validated against
     * {@link #strategies()}). Returns each slice's parts, in order; together they must cover every record
     * exactly once.
     */
    List<List<SlicePart<C>>> partition(PartitionRequest<I> request);

    /**
     * How many slices {@link #partition} makes for this request, told from the indexes without building the
     * slices, so that a request for millions of them is refused before any is allocated (see
     * {@link io.dataplug.core.slice.SliceLimit}). Exact, or an upper bound where the exact number would cost as
     * much as the slices. Empty when the format cannot tell; its slices are then counted once built.
     */
    default OptionalLong sliceCount(PartitionRequest<I> request) {
        return OptionalLong.empty();
    }

    /**
     * Writes the slice's records, whole and exact, to {@code out}. {@code slice.parts(C.class)} gives the
     * parts with their corrections typed (bound and validated when the manifest was read).
     */
    void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException;

    /**
     * Optional: how this format's evaluated slices split into records ({@link RecordFraming}), for the reader API
     * ({@code io.dataplug.core.reader}) and the Spark connector. Empty, the default, for formats whose slices are
     * files of their own kind: those are read as one stream.
     */
    default Optional<RecordFraming> records() {
        return Optional.empty();
    }
}
