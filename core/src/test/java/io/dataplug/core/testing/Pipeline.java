package io.dataplug.core.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.exec.ExecutionBackend;
import io.dataplug.core.exec.LocalExecutionBackend;
import io.dataplug.core.exec.MarkerLookup;
import io.dataplug.core.exec.Preprocessor;
import io.dataplug.core.exec.TaskRunner;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.slice.ReadPolicy;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.slice.SliceLimit;
import io.dataplug.core.slice.SliceRoots;
import io.dataplug.core.slice.StoreRoot;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The whole data path for tests: put an object, preprocess it, partition it, evaluate every slice.
 * Runs against local files or the embedded S3 server — the same code the CLI and the operator use.
 */
public final class Pipeline implements AutoCloseable {

    private final StoreCache stores;
    private final StorageOptions storage;
    private final ObjectLocation dataRoot;
    private final ObjectLocation metadataRoot;
    private long chunkSize = 1 << 20;
    private int workers = 2;
    private int inlineIndexLimit = MetadataStore.INLINE_INDEX_LIMIT;

    /** Whether {@link #close} closes {@link #stores}: not when they are shared with other pipelines. */
    private boolean ownsStores = true;

    private Pipeline(StorageOptions storage, ObjectLocation dataRoot, ObjectLocation metadataRoot) {
        this(new StoreCache(), storage, dataRoot, metadataRoot);
    }

    private Pipeline(StoreCache stores, StorageOptions storage, ObjectLocation dataRoot, ObjectLocation metadataRoot) {
        this.stores = stores;
        this.storage = storage;
        this.dataRoot = dataRoot;
        this.metadataRoot = metadataRoot;
    }

    /**
     * Another pipeline over the same data and metadata (same chunk size and workers) whose stores are wrapped
     * by {@code wrap}, e.g. a {@link CrashingStore}: a second process working on the same folders.
     */
    public Pipeline withStores(UnaryOperator<ObjectStore> wrap) {
        Pipeline p = new Pipeline(new StoreCache(o -> wrap.apply(new ObjectStores(o))), storage, dataRoot, metadataRoot);
        p.chunkSize = chunkSize;
        p.workers = workers;
        p.inlineIndexLimit = inlineIndexLimit;
        return p;
    }

    /** Objects and metadata in two folders under {@code dir}. */
    public static Pipeline local(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Pipeline(StorageOptions.defaults(), ObjectLocation.local(dir.resolve("data")),
                ObjectLocation.local(dir.resolve("meta")));
    }

    /** Objects in bucket {@code data}, metadata in bucket {@code meta}, under {@code prefix}. */
    public static Pipeline s3(EmbeddedS3 s3, String prefix) {
        return s3(s3, prefix, new StoreCache(), true);
    }

    /**
     * As {@link #s3(EmbeddedS3, String)}, through {@code shared} clients that outlive the pipeline (the caller closes
     * them): pipelines run one after another in one process, as the CLI's runs or a worker pod's tasks do.
     */
    public static Pipeline s3(EmbeddedS3 s3, String prefix, StoreCache shared) {
        return s3(s3, prefix, shared, false);
    }

    private static Pipeline s3(EmbeddedS3 s3, String prefix, StoreCache stores, boolean owned) {
        for (String b : List.of("data", "meta")) {
            try {
                s3.createBucket(b);
            } catch (RuntimeException alreadyThere) {
                // buckets are shared by the tests of one server
            }
        }
        Pipeline p = new Pipeline(stores, s3.options(), ObjectLocation.s3("data", prefix), ObjectLocation.s3("meta", prefix));
        p.ownsStores = owned;
        return p;
    }

    public Pipeline chunkSize(long bytes) {
        this.chunkSize = bytes;
        return this;
    }

    /** The largest index committed inside its marker; 0 writes every index to its own index.json. */
    public Pipeline inlineIndexLimit(int bytes) {
        this.inlineIndexLimit = bytes;
        return this;
    }

    public Pipeline workers(int n) {
        this.workers = n;
        return this;
    }

    public ObjectStore store() {
        return stores.get(storage);
    }

    public StorageOptions storage() {
        return storage;
    }

    public ObjectLocation metadataRoot() {
        return metadataRoot;
    }

    public MetadataStore metadata() {
        return new MetadataStore(store(), metadataRoot, inlineIndexLimit);
    }

    public ObjectLocation put(String name, byte[] data) {
        ObjectLocation loc = dataRoot.resolve(name);
        store().put(loc, data);
        return loc;
    }

    /** Preprocesses as the CLI does: the tasks run right after planning, on this pipeline's workers. */
    public List<ObjectInfo> preprocess(String format, Map<String, String> options, ObjectLocation... objects) {
        return preprocess(new LocalExecutionBackend(taskRunner(MarkerLookup.BEFORE_SIDE_WRITES), workers), format, options,
                objects);
    }

    /** Preprocesses on {@code backend} (e.g. one that fails on purpose) with this pipeline's chunk size. */
    public List<ObjectInfo> preprocess(ExecutionBackend backend, String format, Map<String, String> options,
                                       ObjectLocation... objects) {
        Format<?, ?, ?> f = Formats.get(format);
        Params opts = Params.parse(f.options(), options, "format " + format);
        List<ObjectInfo> infos = new ArrayList<>();
        for (ObjectLocation o : objects) {
            infos.add(store().head(o));
        }
        new Preprocessor(backend).preprocess(f, opts, infos, storage, metadata(), chunkSize, b -> { });
        return infos;
    }

    /** Runs tasks against this pipeline's stores, as a worker does (looking markers up while it works). */
    public TaskRunner taskRunner() {
        return taskRunner(MarkerLookup.WHILE_WORKING);
    }

    public TaskRunner taskRunner(MarkerLookup markerLookup) {
        return new TaskRunner(stores, storage, inlineIndexLimit, markerLookup);
    }

    public List<IndexedObject<?>> indexes(String format, Map<String, String> options, List<ObjectInfo> objects) {
        Format<?, ?, ?> f = Formats.get(format);
        return Partitioner.loadIndexes(f, Params.parse(f.options(), options, "format " + format), objects, storage, metadata());
    }

    public List<Slice> partition(String format, Map<String, String> options, List<ObjectInfo> objects, String strategy,
                                 Map<String, String> params) {
        return partition(format, options, objects, strategy, params, SliceLimit.DEFAULT);
    }

    public List<Slice> partition(String format, Map<String, String> options, List<ObjectInfo> objects, String strategy,
                                 Map<String, String> params, SliceLimit limit) {
        Format<?, ?, ?> f = Formats.get(format);
        Params opts = Params.parse(f.options(), options, "format " + format);
        return Partitioner.partition("test", f, opts, Partitioner.loadIndexes(f, opts, objects, storage, metadata()),
                strategy, params, metadata(), roots(), limit);
    }

    /** The roots the slices record: the data folder or prefix, and the metadata root. */
    public SliceRoots roots() {
        return new SliceRoots(StoreRoot.of(dataRoot, true, storage), StoreRoot.of(metadataRoot, true, storage));
    }

    /** Evaluates {@code slice} with an evaluator of its own (nothing shared with other slices). */
    public byte[] evaluate(Slice slice) {
        return evaluate(evaluator(), slice);
    }

    /**
     * An evaluator to use for many slices, as a long-lived process does: it keeps what slices share
     * ({@code SliceContext.readShared}) for the next ones.
     */
    public SliceEvaluator evaluator() {
        return new SliceEvaluator(stores, storage, dataRoot.isLocal() ? ReadPolicy.LOCAL_MANIFEST : ReadPolicy.REMOTE);
    }

    public static byte[] evaluate(SliceEvaluator evaluator, Slice slice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            evaluator.evaluate(slice, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every slice evaluated by {@code evaluator} on {@code threads} threads at once; the outputs in slice order. */
    public static List<byte[]> evaluateOnThreads(SliceEvaluator evaluator, List<Slice> slices, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<byte[]>> running = new ArrayList<>();
            for (Slice s : slices) {
                running.add(pool.submit(() -> evaluate(evaluator, s)));
            }
            List<byte[]> out = new ArrayList<>();
            for (Future<byte[]> f : running) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** {@code slice} as a hand-edited manifest line gives it: its JSON form, edited, read back (and validated). */
    public static Slice edited(Slice slice, Consumer<ObjectNode> edit) {
        ObjectNode json = (ObjectNode) Json.tree(slice);
        edit.accept(json);
        return Manifest.parseSlice(Json.string(json), "edited.jsonl line 1");
    }

    /** Every slice of a partitioning, evaluated, in order. */
    public List<byte[]> evaluateAll(String format, Map<String, String> options, List<ObjectInfo> objects, String strategy,
                                    Map<String, String> params) {
        List<byte[]> out = new ArrayList<>();
        for (Slice s : partition(format, options, objects, strategy, params)) {
            out.add(evaluate(s));
        }
        return out;
    }

    /** Preprocesses {@code data} as one object and returns every slice, evaluated, in order. */
    public List<byte[]> roundTrip(String name, byte[] data, String format, Map<String, String> options, String strategy,
                                  Map<String, String> params) {
        ObjectLocation loc = put(name, data);
        return evaluateAll(format, options, preprocess(format, options, loc), strategy, params);
    }

    @Override
    public void close() {
        if (ownsStores) {
            stores.close();
        }
    }
}
