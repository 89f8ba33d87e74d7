package io.dataplug.core.exec;

import io.dataplug.core.slice.SourceObject;
import java.util.Map;

/**
 * One unit of preprocessing work, serializable so that a Kubernetes Job pod can run it: index a whole
 * object ({@code object}), one byte chunk of it ({@code chunk}), or combine the chunks ({@code finalize}).
 * Every task names the {@link ChunkPlan} it belongs to; its byte range is the plan's range {@code chunk}, so a
 * task can only ever produce or consume results of its own plan.
 *
 * @param metadata the metadata root URI
 * @param chunk    the chunk's number in the plan (0 for object and finalize tasks)
 */
public record TaskSpec(String kind, String format, Map<String, String> options, SourceObject source,
                       String metadata, ChunkPlan plan, int chunk) {

    public static final String OBJECT = "object";
    public static final String CHUNK = "chunk";
    public static final String FINALIZE = "finalize";

    public TaskSpec {
        if (plan == null) {
            throw new IllegalArgumentException("task for " + (source == null ? "?" : source.uri())
                    + " names no chunk plan (written by an older version?)");
        }
        if (source != null && plan.size() != source.size()) {
            throw new IllegalArgumentException("task for " + source.uri() + ": chunk plan is for " + plan.size()
                    + " bytes, the object has " + source.size());
        }
        plan.start(chunk); // refuses a chunk outside the plan
    }

    public static TaskSpec wholeObject(String format, Map<String, String> options, SourceObject source, String metadata) {
        return new TaskSpec(OBJECT, format, options, source, metadata, ChunkPlan.whole(source.size()), 0);
    }

    public static TaskSpec mapChunk(String format, Map<String, String> options, SourceObject source, String metadata,
                                 ChunkPlan plan, int chunk) {
        return new TaskSpec(CHUNK, format, options, source, metadata, plan, chunk);
    }

    public static TaskSpec finalizeChunks(String format, Map<String, String> options, SourceObject source, String metadata,
                                    ChunkPlan plan) {
        return new TaskSpec(FINALIZE, format, options, source, metadata, plan, 0);
    }

    public long start() {
        return kind.equals(CHUNK) ? plan.start(chunk) : 0;
    }

    public long end() {
        return kind.equals(CHUNK) ? plan.end(chunk) : plan.size();
    }

    public int chunks() {
        return plan.chunks();
    }

    public String describe() {
        return switch (kind) {
            case CHUNK -> source.uri() + " chunk " + (chunk + 1) + "/" + chunks() + " [" + start() + ", " + end() + ")";
            case FINALIZE -> source.uri() + " finalize (" + chunks() + " chunks)";
            default -> source.uri();
        };
    }

    /** Source bytes this task reads (finalize reads only metadata). */
    public long bytes() {
        return kind.equals(FINALIZE) ? 0 : end() - start();
    }
}
