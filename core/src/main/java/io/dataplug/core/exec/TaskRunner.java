package io.dataplug.core.exec;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.Sibling;
import io.dataplug.core.index.ChunkResult;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.index.MetadataStore.PreparedIndex;
import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.PendingRead;
import io.dataplug.core.storage.ReadAhead;
import io.dataplug.core.storage.RangeStreams;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.util.InvalidDocumentException;
import io.dataplug.core.util.Json;
import io.dataplug.core.util.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Runs one {@link TaskSpec}. Idempotent: a chunk whose result exists, or an object whose marker exists,
 * is not redone, so retried or duplicated tasks are harmless. Everything a task writes goes to the folder of
 * its {@link ChunkPlan}; finalize uses only results of exactly its plan's ranges, and computes any that are
 * missing or unusable itself, so a retry after any crash converges without cleaning up by hand.
 */
public final class TaskRunner {

    private final StoreCache stores;
    private final StorageOptions metadataStorage;
    private final int inlineIndexLimit;
    private final MarkerLookup markerLookup;

    private final WrittenResults written = new WrittenResults();
    private final PendingWrites writes = new PendingWrites();
    /** Plan folders this runner committed: their finalize task, run here afterwards, has nothing left to do. */
    private final Set<String> committedHere = ConcurrentHashMap.newKeySet();

    public TaskRunner(StoreCache stores, StorageOptions metadataStorage) {
        this(stores, metadataStorage, MetadataStore.INLINE_INDEX_LIMIT);
    }

    /** @param inlineIndexLimit see {@link MetadataStore#INLINE_INDEX_LIMIT}; 0 writes every index to its own file */
    public TaskRunner(StoreCache stores, StorageOptions metadataStorage, int inlineIndexLimit) {
        this(stores, metadataStorage, inlineIndexLimit, MarkerLookup.WHILE_WORKING);
    }

    /** @param markerLookup when a task that commits looks up the marker another task may have committed */
    public TaskRunner(StoreCache stores, StorageOptions metadataStorage, int inlineIndexLimit, MarkerLookup markerLookup) {
        this.stores = stores;
        this.metadataStorage = metadataStorage;
        this.inlineIndexLimit = inlineIndexLimit;
        this.markerLookup = markerLookup;
    }

    /**
     * Runs {@code task}. A map task's chunk result may still be on its way to the store when this returns (the
     * thread goes on to its next task meanwhile): call {@link #flush} before relying on it being stored, e.g. before
     * the process exits. A finalize run here afterwards takes it from memory either way.
     */
    public void run(TaskSpec task, LongConsumer progress) {
        run(Formats.get(task.format()), task, progress);
    }

    /** Waits until every chunk result a task of this runner made is stored; throws the first write that failed. */
    public void flush() {
        writes.await();
    }

    private <I, R, C extends Corrections> void run(Format<I, R, C> format, TaskSpec task, LongConsumer progress) {
        Params options = Params.parse(format.options(), task.options(), "format " + format.name());
        SourceObject src = task.source();
        ObjectInfo info = new ObjectInfo(src.location(), src.size(), src.etag());
        MetadataStore metadata = new MetadataStore(stores.get(metadataStorage), ObjectLocation.parse(task.metadata()),
                inlineIndexLimit);
        ObjectLocation objectDir = metadata.layout().objectDir(format.name(), options.asMap(), info);
        ChunkPlan plan = task.plan();
        ObjectLocation planDir = MetadataLayout.planDir(objectDir, plan.id());
        if (task.kind().equals(TaskSpec.FINALIZE) && committedHere.contains(planDir.toUri())) {
            return;
        }
        ObjectStore sourceStore = stores.get(src.storageOptions());
        // finalize reads no source bytes of its own: whatever it re-reads is not progress
        boolean finalize = task.kind().equals(TaskSpec.FINALIZE);
        Context ctx = new Context(format, info, options, sourceStore, metadata, planDir, finalize ? b -> { } : progress,
                task.bytes());
        if (task.kind().equals(TaskSpec.OBJECT) || task.kind().equals(TaskSpec.CHUNK) && plan.chunks() == 1) {
            try {
                indexAndCommit(format, task, ctx, objectDir);
            } catch (IOException e) {
                throw new UncheckedIOException(task.describe() + ": " + e.getMessage(), e);
            }
            return;
        }
        // The marker and the stored results are looked up together, while the task works: the planner has just found
        // the marker absent, and results are stored only by an earlier attempt, so waiting first would add a round
        // trip to nearly every task to save a little work in a retry.
        int first = finalize ? 0 : task.chunk();
        int count = finalize ? plan.chunks() : 1;
        boolean atHand = finalize && IntStream.range(0, count) // asked before the lookups take the results from memory
                .allMatch(i -> written.holds(MetadataLayout.chunk(planDir, plan.start(i), plan.end(i))));
        try (ReadAhead<Optional<R>> stored = new ReadAhead<>(count,
                i -> () -> storedResult(format, ctx, plan, first + i))) {
            switch (task.kind()) {
                case TaskSpec.CHUNK -> {
                    PendingRead<Boolean> marker = PendingRead.start(() -> markerExists(format, ctx));
                    Optional<R> result = unlessDoneElsewhere(ctx, false, () -> marker.join() || stored.get(0).isPresent(),
                            r -> true, () -> format.indexChunk(ctx, plan.start(task.chunk()), plan.end(task.chunk())));
                    if (result.isPresent()) {
                        storeResult(format, ctx, plan, task.chunk(), result.get(), true);
                        ctx.progressRest();
                    }
                }
                case TaskSpec.FINALIZE -> {
                    // With every result at hand (this process ran the map tasks), building the index is quick: a
                    // commit that is one put-if-absent marker does not wait for the lookup (it settles a race anyway).
                    Optional<PreparedIndex> index = unlessDoneElsewhere(ctx, false, () -> markerExists(format, ctx),
                            i -> !atHand || !i.markerOnly(), () -> {
                        List<R> results = new ArrayList<>(plan.chunks());
                        for (int i = 0; i < plan.chunks(); i++) {
                            Optional<R> result = stored.get(i);
                            results.add(result.isPresent() ? result.get() : mapChunk(format, ctx, plan, i));
                        }
                        return ctx.metadata.prepare(format.buildIndex(ctx, results));
                    });
                    if (index.isPresent()) {
                        commit(format, ctx, objectDir, plan, index.get());
                        ctx.settleLookup();
                    }
                }
                default -> throw new IllegalArgumentException("unknown task kind '" + task.kind() + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(task.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A task that commits: a whole object, or the one chunk of a plan (whose finalize would only take this result and
     * commit it, so it is committed here, without storing the result; the finalize then has nothing to do).
     */
    private <R> void indexAndCommit(Format<?, R, ?> format, TaskSpec task, Context ctx, ObjectLocation objectDir)
            throws IOException {
        ChunkPlan plan = task.plan();
        // A commit that is one put-if-absent marker need not wait for the lookup: it settles a race anyway. (For a
        // small object the lookup is what the task would otherwise wait for last.) Right after planning, a small
        // object's lookup is made only if something besides the marker is to be written.
        boolean deferred = markerLookup == MarkerLookup.BEFORE_SIDE_WRITES && task.bytes() <= MarkerLookup.SMALL_TASK;
        Optional<PreparedIndex> index = unlessDoneElsewhere(ctx, deferred, () -> markerExists(format, ctx),
                i -> !i.markerOnly(), () -> {
                    List<R> results = List.of();
                    if (task.kind().equals(TaskSpec.CHUNK)) {
                        results = List.of(format.indexChunk(ctx, plan.start(0), plan.end(0)));
                        ctx.muteProgress(); // as in a finalize: what buildIndex reads again is not progress
                    }
                    return ctx.metadata.prepare(format.buildIndex(ctx, results));
                });
        if (index.isPresent()) {
            commit(format, ctx, objectDir, plan, index.get());
            committedHere.add(ctx.dir.toUri());
            ctx.settleLookup();
            ctx.progressRest();
        }
    }

    private static boolean markerExists(Format<?, ?, ?> format, Context ctx) {
        return ctx.metadata.marker(format.name(), ctx.options.asMap(), ctx.source).isPresent();
    }

    /** Work of a task, which may read the source and report progress through the context. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} while {@code done} looks up whether another task already did it (a marker, a stored result).
     * When the lookup says so, the work stops at its next progress report, or its outcome is dropped, and the task
     * reports its bytes once, as if skipped. Side files and chunk results wait for the lookup, so nothing is
     * written into a plan another task committed. A lookup that fails is the task's error when it is what stopped
     * the work.
     *
     * @param deferred whether the lookup is made only when something waits for it (see {@link MarkerLookup})
     * @param await whether the work's outcome waits for a lookup still under way; one that commits by a put-if-absent
     *              marker alone need not (the first commit is kept), and then goes ahead unless the lookup has
     *              already found the work done or failed; the caller then settles the lookup after its commit
     * @return the work's outcome, or empty when it was done elsewhere
     */
    private static <T> Optional<T> unlessDoneElsewhere(Context ctx, boolean deferred, PendingRead.Read<Boolean> done,
                                                       Predicate<T> await, Work<T> work) throws IOException {
        PendingRead.Read<Boolean> check = () -> {
            boolean found;
            try {
                found = done.get();
            } catch (IOException | RuntimeException e) {
                ctx.supersede(); // a metadata store that cannot be read fails the task now, not after the whole read
                throw e;
            }
            if (found) {
                ctx.supersede();
            }
            return found;
        };
        PendingRead<Boolean> lookup = deferred ? PendingRead.deferred(check) : PendingRead.start(check);
        ctx.doneElsewhere = lookup;
        T outcome;
        try {
            outcome = work.run();
        } catch (IOException | RuntimeException e) {
            if (committedElsewhere(lookup, e)) {
                ctx.progressRest();
                return Optional.empty();
            }
            throw e;
        }
        if ((await.test(outcome) || lookup.isDone()) && lookup.join()) {
            ctx.progressRest();
            return Optional.empty();
        }
        return Optional.of(outcome);
    }

    /**
     * Whether the marker lookup found the object committed, after the work failed with {@code failure}. A failed
     * lookup is the task's error when it is what stopped the work, else it is added to {@code failure}.
     */
    private static boolean committedElsewhere(PendingRead<Boolean> committed, Exception failure) throws IOException {
        try {
            return committed.join();
        } catch (IOException | RuntimeException lookup) {
            if (failure instanceof Superseded) {
                throw lookup;
            }
            failure.addSuppressed(lookup);
            return false;
        }
    }

    /**
     * The stored result of chunk {@code i}, if it is exactly that range's, under this plan, of this object version,
     * and still binds to the format's record (one written by another version is redone, not trusted). One this
     * process stored itself is taken from memory and checked the same way.
     */
    private <R> Optional<R> storedResult(Format<?, R, ?> format, Context ctx, ChunkPlan plan, int i) {
        long start = plan.start(i);
        long end = plan.end(i);
        ObjectLocation at = MetadataLayout.chunk(ctx.dir, start, end);
        Optional<ChunkResult> mine = written.take(at);
        return (mine.isPresent() ? mine : ctx.metadata.chunkResult(ctx.dir, start, end))
                .filter(r -> r.isFor(format.name(), ctx.source, plan.id(), start, end))
                .flatMap(r -> {
                    try {
                        return Optional.of(StrictJson.read(r.result(), format.types().chunkResult(), at.toUri(), "result"));
                    } catch (InvalidDocumentException e) {
                        return Optional.empty();
                    }
                });
    }

    private <R> R mapChunk(Format<?, R, ?> format, Context ctx, ChunkPlan plan, int i) throws IOException {
        return storeResult(format, ctx, plan, i, format.indexChunk(ctx, plan.start(i), plan.end(i)), false);
    }

    /**
     * Stores chunk {@code i}'s result, for a finalize elsewhere or after a crash; in the background when
     * {@code background} (a map task's: see {@link #flush}), else before returning (a finalize's own, so that
     * nothing lands in its plan folder after its commit).
     */
    private <R> R storeResult(Format<?, R, ?> format, Context ctx, ChunkPlan plan, int i, R result, boolean background) {
        ctx.awaitNotDoneElsewhere();
        ChunkResult stored = ChunkResult.of(format.name(), ctx.source, plan.id(), plan.start(i), plan.end(i), Json.tree(result));
        ObjectLocation at = MetadataLayout.chunk(ctx.dir, plan.start(i), plan.end(i));
        if (background) {
            written.stored(at, stored); // a finalize in this process takes it from memory, written or not
            writes.submit(() -> ctx.metadata.writeChunkResult(ctx.dir, stored));
        } else {
            ctx.metadata.writeChunkResult(ctx.dir, stored);
            written.stored(at, stored);
        }
        return result;
    }

    private static void commit(Format<?, ?, ?> format, Context ctx, ObjectLocation objectDir, ChunkPlan plan,
                               PreparedIndex index) {
        ctx.metadata.commit(objectDir, plan.id(), format.name(), ctx.options.asMap(), ctx.source, index,
                List.copyOf(ctx.sideFiles), new TreeMap<>(ctx.siblings));
    }

    /**
     * Thrown through a format's progress report to stop work whose marker lookup found the object committed (or
     * failed); never the task's outcome: the lookup's answer is.
     */
    private static final class Superseded extends RuntimeException {
        Superseded() {
            super("stopped by the marker lookup", null, false, false);
        }
    }

    private static final class Context implements IndexingContext {
        private final Format<?, ?, ?> format;
        private final ObjectInfo source;
        private final Params options;
        private final ObjectStore store;
        private final MetadataStore metadata;
        private final ObjectLocation dir;
        private final LongConsumer sink;
        private final LongConsumer progress;
        /** The task's bytes: what it reports in all, whatever the format counts (a record read past the chunk's end). */
        private final long budget;
        private long reported;
        private volatile boolean superseded;
        private volatile boolean muted;
        /** Whether another task did this one's work, looked up while it works ({@link #unlessDoneElsewhere}). */
        private volatile PendingRead<Boolean> doneElsewhere;
        private final List<String> sideFiles = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, ObjectInfo> siblings = new ConcurrentHashMap<>();
        private final KeptHead head = new KeptHead();

        Context(Format<?, ?, ?> format, ObjectInfo source, Params options, ObjectStore store, MetadataStore metadata, ObjectLocation dir,
                LongConsumer progress, long budget) {
            this.format = format;
            this.source = source;
            this.options = options;
            this.store = store;
            this.metadata = metadata;
            this.dir = dir;
            this.sink = progress;
            this.budget = budget;
            this.progress = bytes -> {
                if (superseded) {
                    throw new Superseded();
                }
                if (!muted) {
                    report(bytes);
                }
            };
        }

        private synchronized void report(long bytes) {
            long allowed = Math.min(bytes, budget - reported);
            if (allowed > 0) {
                reported += allowed;
                sink.accept(allowed);
            }
        }

        /** Waits for the lookup of work done elsewhere, if any: nothing is written into a plan another task committed. */
        void awaitNotDoneElsewhere() {
            PendingRead<Boolean> lookup = doneElsewhere;
            try {
                if (lookup != null && lookup.join()) {
                    throw new Superseded();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Waits, after a commit that did not wait for it, for the lookup of work done elsewhere: a lookup that failed
         * is still the task's error (what it found no longer matters: the put-if-absent marker kept the first commit).
         */
        void settleLookup() throws IOException {
            PendingRead<Boolean> lookup = doneElsewhere;
            if (lookup != null && lookup.started()) { // a deferred lookup nothing waited for is not made at all
                lookup.join();
            }
        }

        /** From now on, reports only serve to stop superseded work. */
        void muteProgress() {
            muted = true;
        }

        /** Another task committed this object: the work in progress is pointless. */
        void supersede() {
            superseded = true;
        }

        /** Reports what is left of the task's bytes: every task, finished or stopped early, counts as its bytes, once. */
        synchronized void progressRest() {
            report(budget - reported);
        }

        @Override
        public ObjectInfo source() {
            return source;
        }

        @Override
        public Params options() {
            return options;
        }

        @Override
        public InputStream open(long start, long end) {
            InputStream kept = head.open(start, end);
            if (kept != null) {
                return kept;
            }
            InputStream in = RangeStreams.open(store, source.location(), source.etag(), start, end);
            return start == 0 ? head.keep(in, end) : in;
        }

        @Override
        public Optional<byte[]> readBeside(String suffix) {
            ObjectLocation l = source.location();
            return store.readIfExists(new ObjectLocation(l.scheme(), l.bucket(), l.key() + suffix));
        }

        @Override
        public ObjectInfo sibling(String role) {
            return siblings.computeIfAbsent(role, r -> {
                Sibling spec = format.siblings().stream().filter(s -> s.role().equals(r)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("format " + format.name() + " declares no sibling '" + r + "'"));
                ObjectLocation where = spec.of(source.location());
                try {
                    return store.head(where);
                } catch (ObjectNotFoundException e) {
                    throw new ObjectNotFoundException(where.toUri(), "missing: " + source.location().toUri() + " needs its "
                            + r + " beside it, named " + where.fileName());
                }
            });
        }

        @Override
        public InputStream openSibling(String role, long start, long end) {
            ObjectInfo s = sibling(role);
            return RangeStreams.open(store, s.location(), s.etag(), start, end);
        }

        @Override
        public void writeSideFile(String name, byte[] data) {
            awaitNotDoneElsewhere();
            metadata.writeSideFile(dir, name, data);
            sideFiles.add(name);
        }

        @Override
        public LongConsumer progress() {
            return progress;
        }
    }
}
