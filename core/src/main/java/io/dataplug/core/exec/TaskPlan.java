package io.dataplug.core.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.util.Json;
import io.dataplug.core.util.JsonDocumentException;
import java.util.List;

/**
 * The tasks of one Kubernetes Indexed Job: group {@code i} is run, in order, by the pod whose
 * {@code JOB_COMPLETION_INDEX} is {@code i} ({@code dataplug task run --plan <uri>}). Grouping lets many
 * small objects share one pod. Version 2: every task names its {@link ChunkPlan}.
 */
public record TaskPlan(String schema, List<List<TaskSpec>> groups) {

    public static final String SCHEMA = "dataplug.io/task-plan/v2";

    public static TaskPlan of(List<List<TaskSpec>> groups) {
        return new TaskPlan(SCHEMA, groups);
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }

    public static TaskPlan fromJson(byte[] data, String where) {
        // not JSON at all: the JsonDocumentException says where and what, and callers name the document
        JsonNode tree = Json.read(data, JsonNode.class);
        String schema = tree.path("schema").asText(null);
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException(where + ": unsupported task plan schema '" + schema + "' (expected " + SCHEMA
                    + "; was it written by another version of the operator?)");
        }
        try {
            return Json.read(data, TaskPlan.class);
        } catch (JsonDocumentException e) {
            throw new IllegalArgumentException(where + ": invalid task plan: " + e.getMessage(), e);
        }
    }
}
