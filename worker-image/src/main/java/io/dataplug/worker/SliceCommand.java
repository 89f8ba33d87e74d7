package io.dataplug.worker;

import io.dataplug.core.reader.DataSlice;
import io.dataplug.core.reader.DataplugReader;
import io.dataplug.core.reader.PodEnvironment;
import io.dataplug.core.reader.ReaderOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "slice", description = "Work with slices.", subcommands = SliceCommand.Get.class)
final class SliceCommand {

    @Command(name = "get", description = "Evaluate one slice and write its records to a file or stdout.")
    static final class Get implements Callable<Integer> {

        @Option(names = "--manifest", paramLabel = "<file-or-uri>",
                description = "Manifest (JSON Lines file or object, '-' for stdin), or a folder with slice-NNNNN.json "
                        + "files (a mounted ConfigMap). Default: $DATAPLUG_MANIFEST, else " + PodEnvironment.MOUNT + ".")
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
            PodEnvironment pod = new PodEnvironment(DataplugCli.environment());
            int i = index != null ? index : pod.index();
            OutputFile target = output != null ? OutputFile.check(output) : null;
            ReaderOptions options = pod.options(new ReaderOptions(storage.options(), allowedRoots, DataplugCli.credentials()));
            try (DataplugReader reader = open(pod, options)) {
                DataSlice slice = pod.checked(reader.slice(i));
                if (target == null) {
                    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                    slice.writeTo(out);
                    out.flush();
                    return 0;
                }
                target.write(slice::writeTo);
            }
            return 0;
        }

        /** The manifest named by --manifest ('-': stdin), else the pod's. */
        private DataplugReader open(PodEnvironment pod, ReaderOptions options) {
            if ("-".equals(manifest)) {
                return DataplugReader.open(System.in, "stdin", options);
            }
            return manifest != null ? DataplugReader.open(manifest, options) : pod.open(options);
        }
    }
}
