package io.dataplug.worker;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.StoreCache;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "slice", description = "Work with slices.", subcommands = SliceCommand.Get.class)
final class SliceCommand {

    @Command(name = "get", description = "Evaluate one slice and write its records to a file or stdout.")
    static final class Get implements Callable<Integer> {

        @Option(names = "--manifest", required = true, paramLabel = "<file-or-uri>",
                description = "Manifest (JSON Lines file or object, '-' for stdin), or a folder with slice-NNNNN.json files (a mounted ConfigMap).")
        String manifest;

        @Option(names = "--index", paramLabel = "<i>", description = "Slice index (default: $JOB_COMPLETION_INDEX).")
        Integer index;

        @Option(names = "--output", paramLabel = "<file>", description = "Output file, written atomically (default: stdout).")
        Path output;

        @Mixin
        StorageFlags storage;

        @Override
        public Integer call() throws IOException {
            int i = index != null ? index : DataplugCli.completionIndex();
            OutputFile target = output != null ? OutputFile.check(output) : null;
            try (StoreCache stores = DataplugCli.stores()) {
                Slice slice = ManifestSource.slice(stores.get(storage.options()), manifest, i);
                SliceEvaluator evaluator = new SliceEvaluator(stores, storage.options());
                if (target == null) {
                    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                    evaluator.evaluate(slice, out);
                    out.flush();
                    return 0;
                }
                target.write(out -> evaluator.evaluate(slice, out));
            }
            return 0;
        }
    }
}
