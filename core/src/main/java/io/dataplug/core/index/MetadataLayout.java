package io.dataplug.core.index;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Hashing;
import java.util.Map;

/**
 * Where indexes live under a metadata root. Layout version 1 (documented in docs/metadata.md):
 * <pre>
 * &lt;root&gt;/dataplug-v1/objects/&lt;id&gt;/chunks/chunk-00000.json   map-task results (chunked formats)
 * &lt;root&gt;/dataplug-v1/objects/&lt;id&gt;/index.json                small index read by partitioning
 * &lt;root&gt;/dataplug-v1/objects/&lt;id&gt;/&lt;side files&gt;              e.g. source.fai; read by slice evaluation
 * &lt;root&gt;/dataplug-v1/objects/&lt;id&gt;/_SUCCESS.json              marker, written last
 * </pre>
 * {@code id} hashes the format, its options, the source URI and the source ETag, so a changed object or
 * different options get a fresh folder and an unchanged one is found again.
 */
public final class MetadataLayout {

    public static final String VERSION_DIR = "dataplug-v1";
    public static final String MARKER = "_SUCCESS.json";
    public static final String INDEX = "index.json";

    private final ObjectLocation root;

    public MetadataLayout(ObjectLocation root) {
        this.root = root;
    }

    public ObjectLocation root() {
        return root;
    }

    public static String objectId(String format, Map<String, String> options, String sourceUri, String etag) {
        StringBuilder sb = new StringBuilder(format).append('\n');
        options.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        sb.append(sourceUri).append('\n').append(etag);
        return Hashing.sha256Hex(sb.toString()).substring(0, 40);
    }

    public ObjectLocation objectDir(String format, Map<String, String> options, ObjectInfo source) {
        return objectDir(objectId(format, options, source.location().toUri(), source.etag()));
    }

    public ObjectLocation objectDir(String id) {
        return root.resolve(VERSION_DIR + "/objects/" + id + "/");
    }

    public static ObjectLocation marker(ObjectLocation dir) {
        return dir.resolve(MARKER);
    }

    public static ObjectLocation index(ObjectLocation dir) {
        return dir.resolve(INDEX);
    }

    public static ObjectLocation chunk(ObjectLocation dir, int chunk) {
        return dir.resolve(String.format("chunks/chunk-%05d.json", chunk));
    }

    public static ObjectLocation sideFile(ObjectLocation dir, String name) {
        if (name.contains("/") || name.startsWith("_") || name.equals(INDEX) || name.equals("chunks")) {
            throw new IllegalArgumentException("reserved or nested side-file name: " + name);
        }
        return dir.resolve(name);
    }
}
