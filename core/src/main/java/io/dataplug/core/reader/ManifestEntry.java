package io.dataplug.core.reader;

/**
 * One slice document of a manifest, not yet bound: what an engine ships to the worker that evaluates it
 * ({@link DataplugReader#slice(ManifestEntry)}), so that workers never read the manifest again.
 *
 * @param index the slice's position in the manifest, from 0
 * @param json  the slice document (JSON)
 * @param where names the document in errors, e.g. {@code s3://meta/m.jsonl line 4}
 */
public record ManifestEntry(int index, String json, String where) implements java.io.Serializable {
}
