package io.dataplug.core.reader;

import io.dataplug.core.slice.InvalidSliceException;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.ReadPolicy;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads the slices of a manifest: the Java API of {@code dataplug slice get} (docs/api.md).
 * <pre>{@code
 * try (DataplugReader reader = DataplugReader.open("s3://meta/manifests/reads.jsonl", ReaderOptions.defaults())) {
 *     DataSlice slice = reader.slice(3);
 *     try (RecordStream<FastqRead> reads = slice.records(FastqRead.class)) {
 *         reads.forEachRemaining(r -> count(r.sequence()));
 *     }
 * }
 * }</pre>
 * A manifest is a JSON Lines file or object (slice {@code i} on line {@code i+1}), a folder of
 * {@code slice-NNNNN.json} files (a mounted ConfigMap) or a stream read once (stdin). Slice {@code i} is found
 * without binding the others. Every slice is untrusted input: it is checked by the manifest rules before anything
 * is read, local files are read only when the manifest is itself local, and {@link ReaderOptions#allowedRoots()}
 * confine it further (docs/slices.md#security-model).
 */
public final class DataplugReader implements AutoCloseable {

    private final ManifestSource source;
    private final StoreCache stores;
    private final SliceEvaluator evaluator;

    private DataplugReader(ManifestSource source, StoreCache stores, ReaderOptions options) {
        this.source = source;
        this.stores = stores;
        ReadPolicy base = source.local() ? ReadPolicy.LOCAL_MANIFEST : ReadPolicy.REMOTE;
        this.evaluator = new SliceEvaluator(stores, options.storage(), base.confinedTo(options.allowedRoots()));
    }

    /** A manifest at {@code uri}: {@code s3://bucket/key}, a file or folder path, or a {@code file://} URI. */
    public static DataplugReader open(String uri, ReaderOptions options) {
        StoreCache stores = new StoreCache(options.credentials());
        try {
            ObjectLocation loc = ObjectLocation.parse(uri);
            ManifestSource source;
            if (loc.isLocal() && Files.isDirectory(loc.path())) {
                Path dir = loc.path();
                Path jsonl = dir.resolve("manifest.jsonl");
                source = !FolderManifest.holdsSlices(dir) && Files.isRegularFile(jsonl)
                        ? JsonLinesManifest.object(stores.get(options.storage()), ObjectLocation.local(jsonl))
                        : new FolderManifest(dir);
            } else {
                source = JsonLinesManifest.object(stores.get(options.storage()), loc);
            }
            return new DataplugReader(source, stores, options);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    /**
     * A manifest as JSON Lines on a stream read once, front to back (e.g. stdin): ask for slices in increasing
     * order. It counts as a local manifest (the user handed it over, as a file), so its slices may read local files.
     */
    public static DataplugReader open(InputStream jsonLines, String name, ReaderOptions options) {
        return new DataplugReader(JsonLinesManifest.stream(jsonLines, name), new StoreCache(options.credentials()), options);
    }

    /** The manifest as given, for messages. */
    public String manifest() {
        return source.name();
    }

    /**
     * The number of slices: the manifest's documents, checked against the count its first slice records, so a
     * truncated manifest is an error rather than fewer slices.
     */
    public int sliceCount() {
        int n = source.count();
        if (n > 0) {
            int recorded = slice(source.entry(0)).count();
            if (recorded != n) {
                throw new InvalidSliceException(source.name() + " holds " + n + " slices, but its slices say the "
                        + "partitioning has " + recorded + ": the manifest is truncated or mixed; partition again");
            }
        }
        return n;
    }

    /** Slice {@code index}, read and checked (nothing of the data is read yet). */
    public DataSlice slice(int index) {
        if (index < 0) {
            throw new io.dataplug.core.format.InvalidRequestException("slice index must be >= 0, got " + index);
        }
        return slice(source.entry(index));
    }

    /**
     * Every slice document, in order, unbound: for engines that hand each slice to another worker
     * ({@link #slice(ManifestEntry)}). Close the stream when done.
     */
    public Stream<ManifestEntry> entries() {
        return source.entries();
    }

    /**
     * The slice of a document from {@link #entries()} (possibly of another reader of the same manifest, e.g. on
     * another machine), bound and checked as if read here; it must be the slice of its position.
     */
    public DataSlice slice(ManifestEntry entry) {
        Slice slice = Manifest.parseSlice(entry.json(), entry.where());
        if (slice.index() != entry.index()) {
            throw new InvalidSliceException(entry.where() + ": holds slice " + slice.index() + " where slice "
                    + entry.index() + " belongs; a manifest lists its slices in order");
        }
        return new DataSlice(slice, evaluator);
    }

    @Override
    public void close() {
        stores.close();
    }
}
