package io.dataplug.core.exec;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ReadAhead;
import io.dataplug.core.storage.StorageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the preprocessing of a set of objects: skips indexed ones, splits chunked formats into the chunks of
 * a {@link ChunkPlan} (which every task names, so runs with different chunk sizes never mix results).
 */
public final class Planner {

    public static final long DEFAULT_CHUNK_SIZE = 64L << 20;

    /**
     * From this many objects on, the object folders are listed before any marker is looked up: one request (a page per
     * 1,000 folders) instead of one per object. A root with more than four folders per object plus {@link #LIST_SLACK}
     * (other datasets' objects) is not listed to the end, and every marker is looked up.
     */
    static final int LIST_FROM = 16;
    static final int LIST_SLACK = 2_000;

    private Planner() {
    }

    public static PreprocessPlan plan(Format format, Params options, List<ObjectInfo> objects, StorageOptions sourceStorage,
                                      MetadataStore metadata, long chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        List<TaskSpec> tasks = new ArrayList<>();
        List<TaskSpec> finals = new ArrayList<>();
        List<String> done = new ArrayList<>();
        String root = metadata.layout().root().toUri();
        // Many objects: one listing of the object folders says which may have a marker; the others are not looked up
        // (a marker committed since is found by the task's own lookup or its put-if-absent commit, as a concurrent
        // run's is).
        Optional<Set<String>> folders = objects.size() < LIST_FROM ? Optional.empty()
                : metadata.objectFolders(objects.size() * 4 + LIST_SLACK);
        // Markers are looked up a window ahead: a dataset of many small objects waits for one round trip per
        // window, not one per object.
        try (ReadAhead<Boolean> indexed = new ReadAhead<>(objects.size(), i -> () -> {
            ObjectInfo o = objects.get(i);
            if (folders.isPresent() && !folders.get().contains(MetadataLayout.objectId(format.name(), options.asMap(),
                    o.location().toUri(), o.etag()))) {
                return false;
            }
            return metadata.marker(format.name(), options.asMap(), o).isPresent();
        })) {
            for (int i = 0; i < objects.size(); i++) {
                ObjectInfo o = objects.get(i);
                if (indexed.get(i)) {
                    done.add(o.location().toUri());
                    continue;
                }
                plan(format, options, o, sourceStorage, root, chunkSize, tasks, finals);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PreprocessPlan(tasks, finals, done);
    }

    private static void plan(Format format, Params options, ObjectInfo o, StorageOptions sourceStorage, String root,
                             long chunkSize, List<TaskSpec> tasks, List<TaskSpec> finals) {
        SourceObject src = SourceObject.of(o, sourceStorage);
        if (format.preprocessing(options) == Preprocessing.PER_OBJECT) {
            tasks.add(TaskSpec.wholeObject(format.name(), options.asMap(), src, root));
            return;
        }
        ChunkPlan chunks = new ChunkPlan(o.size(), chunkSize);
        for (int i = 0; i < chunks.chunks(); i++) {
            tasks.add(TaskSpec.mapChunk(format.name(), options.asMap(), src, root, chunks, i));
        }
        finals.add(TaskSpec.finalizeChunks(format.name(), options.asMap(), src, root, chunks));
    }
}
