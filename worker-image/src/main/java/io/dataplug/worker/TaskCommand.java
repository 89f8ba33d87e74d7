package io.dataplug.worker;

import io.dataplug.core.exec.TaskPlan;
import io.dataplug.core.exec.TaskRunner;
import io.dataplug.core.exec.TaskSpec;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectNotFoundException;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.util.JsonDocumentException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "task", description = "Preprocessing tasks, as a Kubernetes Job pod runs them.", subcommands = TaskCommand.Run.class)
final class TaskCommand {

    @Command(name = "run", description = "Run task group <index> of a task plan (the pod's JOB_COMPLETION_INDEX by default).")
    static final class Run implements Callable<Integer> {

        @Option(names = "--plan", required = true, paramLabel = "<uri>", description = "Task plan written by the operator.")
        String plan;

        @Option(names = "--index", paramLabel = "<i>", description = "Task group (default: $JOB_COMPLETION_INDEX).")
        Integer index;

        @Mixin
        StorageFlags storage;

        @Override
        public Integer call() {
            int i = index != null ? index : DataplugCli.completionIndex();
            try (StoreCache stores = DataplugCli.stores()) {
                ObjectLocation loc = ObjectLocation.parse(plan);
                byte[] data = stores.get(storage.options()).readIfExists(loc)
                        .orElseThrow(() -> new ObjectNotFoundException(loc.toUri(), "no such task plan"));
                TaskPlan p;
                try {
                    p = TaskPlan.fromJson(data, loc.toUri());
                } catch (JsonDocumentException e) {
                    throw new IllegalArgumentException(loc.toUri() + ": not a task plan: " + e.getMessage(), e);
                }
                if (i < 0 || i >= p.groups().size()) {
                    throw new InvalidRequestException("task group " + i + " out of range: the plan has " + p.groups().size());
                }
                List<TaskSpec> group = p.groups().get(i);
                TaskRunner runner = new TaskRunner(stores, storage.options());
                for (TaskSpec t : group) {
                    long t0 = System.nanoTime();
                    runner.run(t, b -> { });
                    System.err.printf("done %s in %.1f s%n", t.describe(), (System.nanoTime() - t0) / 1e9);
                }
                runner.flush(); // the group is done when its chunk results are stored: a finalize pod reads them
            }
            return 0;
        }
    }
}
