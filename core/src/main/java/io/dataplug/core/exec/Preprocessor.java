package io.dataplug.core.exec;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.StorageOptions;
import java.util.List;
import java.util.function.LongConsumer;

/** Indexes a set of objects: plan, run the map tasks, then the finalize tasks, on one backend. */
public final class Preprocessor {

    private final ExecutionBackend backend;

    public Preprocessor(ExecutionBackend backend) {
        this.backend = backend;
    }

    public PreprocessPlan preprocess(Format format, Params options, List<ObjectInfo> objects, StorageOptions sourceStorage,
                                     MetadataStore metadata, long chunkSize, LongConsumer progress) {
        PreprocessPlan plan = Planner.plan(format, options, objects, sourceStorage, metadata, chunkSize);
        backend.runAll(plan.tasks(), progress);
        backend.runAll(plan.finalizeTasks(), b -> { });
        return plan;
    }
}
