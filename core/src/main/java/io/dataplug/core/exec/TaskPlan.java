package io.dataplug.core.exec;

import io.dataplug.core.util.Json;
import java.util.List;

/**
 * The tasks of one Kubernetes Indexed Job: group {@code i} is run, in order, by the pod whose
 * {@code JOB_COMPLETION_INDEX} is {@code i} ({@code dataplug task run --plan <uri>}). Grouping lets many
 * small objects share one pod.
 */
public record TaskPlan(String schema, List<List<TaskSpec>> groups) {

    public static final String SCHEMA = "dataplug.io/task-plan/v1";

    public static TaskPlan of(List<List<TaskSpec>> groups) {
        return new TaskPlan(SCHEMA, groups);
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }

    public static TaskPlan fromJson(byte[] data, String where) {
        TaskPlan plan = Json.read(data, TaskPlan.class);
        if (!SCHEMA.equals(plan.schema())) {
            throw new IllegalArgumentException(where + ": unsupported task plan schema '" + plan.schema() + "'");
        }
        return plan;
    }
}
