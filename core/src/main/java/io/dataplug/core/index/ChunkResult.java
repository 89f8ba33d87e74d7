package io.dataplug.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.storage.ObjectInfo;
import java.util.Objects;

/**
 * A stored map-task result: what the format returned for bytes {@code [start, end)} of one version of one
 * object, and the plan it was computed for. Finalize uses a result only when all of these match what it
 * expects, so a result can never stand in for another range, plan or object version.
 */
public record ChunkResult(String schema, String format, String source, String etag, String plan, long start, long end,
                          JsonNode result) {

    public static final String SCHEMA = "dataplug.io/chunk-result/v1";

    public static ChunkResult of(String format, ObjectInfo object, String plan, long start, long end, JsonNode result) {
        return new ChunkResult(SCHEMA, format, object.location().toUri(), object.etag(), plan, start, end, result);
    }

    /** Whether this is the result of exactly that range, under that plan, of that object version. */
    public boolean isFor(String format, ObjectInfo object, String plan, long start, long end) {
        return SCHEMA.equals(schema) && format.equals(this.format) && object.location().toUri().equals(source)
                && Objects.equals(object.etag(), etag) && plan.equals(this.plan) && start == this.start
                && end == this.end && result != null && !result.isNull();
    }
}
