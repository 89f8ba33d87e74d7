package io.dataplug.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.util.OptionalField;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The marker written last when an object's index is complete ({@code _SUCCESS.json}). Its presence is
 * the only proof of a finished index; it names the plan whose folder holds that index, and everything in that
 * folder it relies on ({@code index.json} and {@code files}) was written before it. Readers load that plan's
 * files only, so a marker is consistent whichever run wrote it.
 *
 * @param plan     the {@link io.dataplug.core.exec.ChunkPlan} id, i.e. the folder of the index
 * @param files    side files in the plan's folder
 * @param siblings the sibling objects the index was built from, by role (absent when the format has none)
 * @param index    the index itself when it is small (absent when it is the plan folder's {@code index.json}): the
 *                 commit is then one write, and loading the index one read
 */
public record IndexMarker(String schema, String format, Map<String, String> options, String source, long size,
                          String etag, String plan, Map<String, Long> attributes, List<String> files, String createdAt,
                          @OptionalField Map<String, Pinned> siblings, @OptionalField JsonNode index) {

    public static final String SCHEMA = "dataplug.io/index/v2";

    /** An object read while indexing, as it was then. */
    public record Pinned(String uri, long size, String etag) {
    }

    /** Whether this marker is well formed and commits an index of exactly this object, format and options. */
    public boolean commits(String format, Map<String, String> options, ObjectInfo object) {
        return SCHEMA.equals(schema) && MetadataLayout.isPlanId(plan) && format.equals(this.format)
                && options.equals(this.options) && object.location().toUri().equals(source) && object.size() == size
                && Objects.equals(object.etag(), etag) && attributes != null && (index == null || index.isObject());
    }
}
