package io.dataplug.core.exec;

import java.util.List;

/**
 * The work to index a dataset: map tasks (whole objects or chunks) run first, in parallel; finalize tasks
 * run once all map tasks are done. Objects already indexed at their current ETag are listed, not planned.
 */
public record PreprocessPlan(List<TaskSpec> tasks, List<TaskSpec> finalizeTasks, List<String> alreadyIndexed) {

    public long bytes() {
        return tasks.stream().mapToLong(TaskSpec::bytes).sum();
    }

    public boolean isEmpty() {
        return tasks.isEmpty() && finalizeTasks.isEmpty();
    }
}
