package io.dataplug.worker;

import io.dataplug.core.slice.ReadPolicy;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

        @Option(names = "--allow-root", paramLabel = "<uri>",
                description = "Only read slices whose declared source and metadata roots lie under one of these "
                        + "(repeatable; prefixes end with '/'). Default: $DATAPLUG_ALLOWED_ROOTS (comma-separated), "
                        + "else the roots the slice declares.")
        List<String> allowedRoots = new ArrayList<>();

        @Mixin
        StorageFlags storage;

        @Override
        public Integer call() throws IOException {
            int i = index != null ? index : DataplugCli.completionIndex();
            OutputFile target = output != null ? OutputFile.check(output) : null;
            try (StoreCache stores = DataplugCli.stores()) {
                Slice slice = ManifestSource.slice(stores.get(storage.options()), manifest, i);
                SliceEvaluator evaluator = new SliceEvaluator(stores, storage.options(), policy());
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

        /**
         * Local files only from a local manifest (standard input counts as local: the user handed it over, as a
         * file); roots confined by --allow-root or the environment.
         */
        private ReadPolicy policy() {
            boolean local = ManifestSource.STDIN.equals(manifest) || ObjectLocation.parse(manifest).isLocal();
            ReadPolicy base = local ? ReadPolicy.LOCAL_MANIFEST : ReadPolicy.REMOTE;
            List<String> roots = new ArrayList<>(allowedRoots);
            String env = DataplugCli.env("DATAPLUG_ALLOWED_ROOTS");
            if (roots.isEmpty() && env != null && !env.isBlank()) {
                Arrays.stream(env.split(",")).map(String::strip).filter(r -> !r.isEmpty()).forEach(roots::add);
            }
            return base.confinedTo(roots);
        }
    }
}
