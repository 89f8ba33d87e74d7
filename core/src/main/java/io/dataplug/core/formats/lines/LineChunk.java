package io.dataplug.core.formats.lines;

import java.util.List;

/**
 * The result of one map task of a line-oriented format ({@link ChunkIndexer}): for every state the chunk might
 * start in (index = state), what that hypothesis implies.
 *
 * @param newlines line feeds in the chunk (for line numbers in error messages)
 */
record LineChunk(long start, long end, long span, long newlines, List<Hypothesis> hypotheses) {

    /**
     * @param end         the scanner state at the chunk end
     * @param starts      record starts in the chunk
     * @param terminated  whether the chunk's last byte ends a record
     * @param open        offset of the quote that opened the field still open at the chunk end, when it was opened
     *                    inside the chunk
     * @param checkpoints {@code [offset, k]}: {@code k} record starts of this chunk precede the one at {@code offset}
     */
    record Hypothesis(int end, long starts, boolean terminated, @io.dataplug.core.util.OptionalField Long open,
                      List<long[]> checkpoints) {
    }
}
