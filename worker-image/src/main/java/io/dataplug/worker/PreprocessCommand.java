package io.dataplug.worker;

import io.dataplug.core.exec.LocalExecutionBackend;
import io.dataplug.core.exec.MarkerLookup;
import io.dataplug.core.exec.PreprocessPlan;
import io.dataplug.core.exec.Preprocessor;
import io.dataplug.core.exec.TaskRunner;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.DatasetAttributes;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.util.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "preprocess", description = "Index an object (or every object under a prefix ending in '/') and print its attributes as JSON.")
final class PreprocessCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<object-uri>", description = "s3://bucket/key, s3://bucket/prefix/, file:///path or a path.")
    String object;

    @Option(names = "--format", required = true, paramLabel = "<f>", description = "Data format (see 'dataplug formats').")
    String format;

    @Option(names = "--metadata", required = true, paramLabel = "<uri>", description = "Where indexes are written (bucket prefix or folder).")
    String metadata;

    @Option(names = "--option", paramLabel = "k=v", description = "Format option, repeatable (e.g. separator=';').")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--chunk-size", paramLabel = "<size>", defaultValue = "64MiB", converter = SizeConverter.class,
            description = "Bytes per map task for chunked formats: bytes, Ki/Mi/Gi or KiB/MiB/GiB (default ${DEFAULT-VALUE}).")
    long chunkSize;

    @Option(names = "--workers", paramLabel = "<n>", description = "Parallel tasks (default: available processors).")
    Integer workers;

    @Mixin
    StorageFlags storage;

    @Override
    public Integer call() {
        Format<?, ?, ?> f = Formats.get(format);
        Params opts = Params.parse(f.options(), options, "format " + format);
        if (workers != null && workers < 1) {
            throw new InvalidRequestException("--workers must be at least 1, got " + workers);
        }
        try (StoreCache stores = DataplugCli.stores()) {
            var store = stores.get(storage.options());
            List<ObjectInfo> objects = Sources.resolve(store, object, f);
            MetadataStore meta = new MetadataStore(store, ObjectLocation.parse(metadata));
            int n = workers != null ? workers : Runtime.getRuntime().availableProcessors();
            long total = objects.stream().mapToLong(ObjectInfo::size).sum();
            PreprocessPlan plan;
            try (Progress progress = Progress.start("preprocess", total)) {
                // the tasks run right after the planner found their markers absent: see MarkerLookup
                TaskRunner runner = new TaskRunner(stores, storage.options(), MetadataStore.INLINE_INDEX_LIMIT,
                        MarkerLookup.BEFORE_SIDE_WRITES);
                plan = new Preprocessor(new LocalExecutionBackend(runner, n))
                        .preprocess(f, opts, objects, storage.options(), meta, chunkSize, progress);
            }
            var indexed = Partitioner.loadIndexes(f, opts, objects, storage.options(), meta);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("format", f.name());
            out.put("options", opts.asMap());
            out.put("metadata", meta.layout().root().toUri());
            out.put("attributes", DatasetAttributes.of(f, indexed));
            out.put("indexed", objects.size() - plan.alreadyIndexed().size());
            out.put("alreadyIndexed", plan.alreadyIndexed().size());
            System.out.println(Json.pretty(out));
        }
        return 0;
    }
}
