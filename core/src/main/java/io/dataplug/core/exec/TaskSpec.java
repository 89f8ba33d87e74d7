package io.dataplug.core.exec;

import io.dataplug.core.slice.SourceObject;
import java.util.Map;

/**
 * One unit of preprocessing work, serializable so that a Kubernetes Job pod can run it: index a whole
 * object ({@code object}), one byte chunk of it ({@code chunk}), or combine the chunks ({@code finalize}).
 *
 * @param metadata the metadata root URI
 */
public record TaskSpec(String kind, String format, Map<String, String> options, SourceObject source,
                       String metadata, int chunk, int chunks, long start, long end) {

    public static final String OBJECT = "object";
    public static final String CHUNK = "chunk";
    public static final String FINALIZE = "finalize";

    public String describe() {
        return switch (kind) {
            case CHUNK -> source.uri() + " chunk " + (chunk + 1) + "/" + chunks + " [" + start + ", " + end + ")";
            case FINALIZE -> source.uri() + " finalize (" + chunks + " chunks)";
            default -> source.uri();
        };
    }

    /** Source bytes this task reads (finalize reads only metadata). */
    public long bytes() {
        return kind.equals(FINALIZE) ? 0 : end - start;
    }
}
