package io.dataplug.operator.dataset;

import io.dataplug.core.exec.TaskPlan;
import io.dataplug.core.exec.TaskSpec;
import java.util.BitSet;
import java.util.List;

/** Tasks and source bytes per task group, to turn a Job's completed indexes into progress. */
public record PlanSummary(int[] tasks, long[] bytes, String[] firstTask) {

    public static PlanSummary of(TaskPlan plan) {
        int n = plan.groups().size();
        int[] tasks = new int[n];
        long[] bytes = new long[n];
        String[] first = new String[n];
        for (int i = 0; i < n; i++) {
            List<TaskSpec> g = plan.groups().get(i);
            tasks[i] = g.size();
            bytes[i] = g.stream().mapToLong(TaskSpec::bytes).sum();
            first[i] = g.isEmpty() ? "" : g.get(0).describe() + (g.size() > 1 ? " and " + (g.size() - 1) + " more" : "");
        }
        return new PlanSummary(tasks, bytes, first);
    }

    public int groups() {
        return tasks.length;
    }

    public long tasksIn(BitSet groups) {
        long t = 0;
        for (int i = groups.nextSetBit(0); i >= 0 && i < tasks.length; i = groups.nextSetBit(i + 1)) {
            t += tasks[i];
        }
        return t;
    }

    public long bytesIn(BitSet groups) {
        long b = 0;
        for (int i = groups.nextSetBit(0); i >= 0 && i < bytes.length; i = groups.nextSetBit(i + 1)) {
            b += bytes[i];
        }
        return b;
    }

    public String describe(int group) {
        return group >= 0 && group < firstTask.length ? firstTask[group] : "task group " + group;
    }
}
