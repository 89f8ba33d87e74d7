package io.dataplug.worker;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Partitioner;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceRoots;
import io.dataplug.core.slice.StoreRoot;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "partition", description = "Compute the slices of an indexed object (or prefix) and write the manifest as JSON Lines.")
final class PartitionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<object-uri>", description = "The object or prefix given to 'preprocess'.")
    String object;

    @Option(names = "--format", required = true, paramLabel = "<f>")
    String format;

    @Option(names = "--metadata", required = true, paramLabel = "<uri>", description = "Where 'preprocess' wrote the indexes.")
    String metadata;

    @Option(names = "--strategy", required = true, paramLabel = "<s>", description = "Partition strategy (see 'dataplug formats').")
    String strategy;

    @Option(names = "--param", paramLabel = "k=v", description = "Strategy parameter, repeatable (e.g. count=8).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--option", paramLabel = "k=v", description = "Format options, as given to 'preprocess'.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--dataset", paramLabel = "<name>", description = "Dataset name recorded in the slices (default: the object's name).")
    String dataset;

    @Option(names = "--output", paramLabel = "<file>", description = "Manifest file, written atomically (default: stdout).")
    Path output;

    @Mixin
    StorageFlags storage;

    @Override
    public Integer call() throws IOException {
        Format<?, ?, ?> f = Formats.get(format);
        Params opts = Params.parse(f.options(), options, "format " + format);
        OutputFile target = output != null ? OutputFile.check(output) : null;
        try (StoreCache stores = DataplugCli.stores()) {
            var store = stores.get(storage.options());
            List<ObjectInfo> objects = Sources.resolve(store, object, f);
            MetadataStore meta = new MetadataStore(store, ObjectLocation.parse(metadata));
            var indexed = Partitioner.loadIndexes(f, opts, objects, storage.options(), meta);
            String name = dataset != null ? dataset : ObjectLocation.parse(object).fileName();
            SliceRoots roots = new SliceRoots(StoreRoot.of(ObjectLocation.parse(object), Sources.isPrefix(object), storage.options()),
                    StoreRoot.of(meta.layout().root(), true, storage.options()));
            List<Slice> slices = Partitioner.partition(name, f, opts, indexed, strategy, params, meta, roots);
            byte[] jsonl = Manifest.toJsonLines(slices);
            if (target != null) {
                target.write(out -> out.write(jsonl));
                System.err.println("wrote " + slices.size() + " slices to " + output);
            } else {
                System.out.write(jsonl);
                System.out.flush();
            }
        }
        return 0;
    }
}
