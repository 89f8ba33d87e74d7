package io.dataplug.core.exec;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.Sibling;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.RangeStreams;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.util.InvalidDocumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Runs one {@link TaskSpec}. Idempotent: a chunk whose result exists, or an object whose marker exists,
 * is not redone, so retried or duplicated tasks are harmless.
 */
public final class TaskRunner {

    private final StoreCache stores;
    private final StorageOptions metadataStorage;

    public TaskRunner(StoreCache stores, StorageOptions metadataStorage) {
        this.stores = stores;
        this.metadataStorage = metadataStorage;
    }

    public void run(TaskSpec task, LongConsumer progress) {
        run(Formats.get(task.format()), task, progress);
    }

    private <I, R, C extends Corrections> void run(Format<I, R, C> format, TaskSpec task, LongConsumer progress) {
        Params options = Params.parse(format.options(), task.options(), "format " + format.name());
        SourceObject src = task.source();
        ObjectStore sourceStore = stores.get(src.storageOptions());
        ObjectInfo info = new ObjectInfo(src.location(), src.size(), src.etag());
        MetadataStore metadata = new MetadataStore(stores.get(metadataStorage), ObjectLocation.parse(task.metadata()));
        ObjectLocation dir = metadata.layout().objectDir(format.name(), options.asMap(), info);
        if (metadata.marker(dir).isPresent()) {
            progress.accept(task.bytes());
            return;
        }
        Context ctx = new Context(format, info, options, sourceStore, metadata, dir, progress);
        try {
            switch (task.kind()) {
                case TaskSpec.CHUNK -> {
                    if (storedChunkResult(metadata, dir, task.chunk(), format.types().chunkResult()).isEmpty()) {
                        R result = format.indexChunk(ctx, task.start(), task.end());
                        metadata.writeChunkResult(dir, task.chunk(), result);
                    } else {
                        progress.accept(task.bytes());
                    }
                }
                case TaskSpec.FINALIZE -> {
                    List<R> results = new ArrayList<>();
                    for (int i = 0; i < task.chunks(); i++) {
                        int c = i;
                        results.add(metadata.chunkResult(dir, i, format.types().chunkResult()).orElseThrow(() -> new IllegalStateException(
                                src.uri() + ": chunk " + c + " of " + task.chunks() + " has no result; run its map task first")));
                    }
                    commit(format, options, info, metadata, dir, ctx, format.buildIndex(ctx, results));
                }
                case TaskSpec.OBJECT -> commit(format, options, info, metadata, dir, ctx, format.buildIndex(ctx, List.of()));
                default -> throw new IllegalArgumentException("unknown task kind '" + task.kind() + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(task.describe() + ": " + e.getMessage(), e);
        }
    }

    /** A stored result that no longer binds (written by another version) is redone, not trusted. */
    private static <R> Optional<R> storedChunkResult(MetadataStore metadata, ObjectLocation dir, int chunk, Class<R> type) {
        try {
            return metadata.chunkResult(dir, chunk, type);
        } catch (InvalidDocumentException e) {
            return Optional.empty();
        }
    }

    private static void commit(Format<?, ?, ?> format, Params options, ObjectInfo info, MetadataStore metadata,
                               ObjectLocation dir, Context ctx, ObjectIndex<?> index) {
        metadata.commit(dir, format.name(), options.asMap(), info, index, Collections.unmodifiableList(ctx.sideFiles),
                new TreeMap<>(ctx.siblings));
    }

    private static final class Context implements IndexingContext {
        private final Format<?, ?, ?> format;
        private final ObjectInfo source;
        private final Params options;
        private final ObjectStore store;
        private final MetadataStore metadata;
        private final ObjectLocation dir;
        private final LongConsumer progress;
        private final List<String> sideFiles = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, ObjectInfo> siblings = new ConcurrentHashMap<>();

        Context(Format<?, ?, ?> format, ObjectInfo source, Params options, ObjectStore store, MetadataStore metadata, ObjectLocation dir,
                LongConsumer progress) {
            this.format = format;
            this.source = source;
            this.options = options;
            this.store = store;
            this.metadata = metadata;
            this.dir = dir;
            this.progress = progress;
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
            return RangeStreams.open(store, source.location(), source.etag(), start, end);
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
            metadata.writeSideFile(dir, name, data);
            sideFiles.add(name);
        }

        @Override
        public LongConsumer progress() {
            return progress;
        }
    }
}
