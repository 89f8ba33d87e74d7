package io.dataplug.core.index;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Hashing;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where indexes live under a metadata root. Layout version 2 (documented in docs/metadata.md):
 * <pre>
 * &lt;root&gt;/dataplug-v2/objects/&lt;id&gt;/_SUCCESS.json                          marker, written last; names its plan
 * &lt;root&gt;/dataplug-v2/objects/&lt;id&gt;/&lt;plan&gt;/chunks/&lt;start&gt;-&lt;end&gt;.json   map-task results of that plan
 * &lt;root&gt;/dataplug-v2/objects/&lt;id&gt;/&lt;plan&gt;/index.json                   small index read by partitioning
 * &lt;root&gt;/dataplug-v2/objects/&lt;id&gt;/&lt;plan&gt;/&lt;side files&gt;                 e.g. source.fai; read by slice evaluation
 * </pre>
 * {@code id} hashes the format, its options, the source URI and the source ETag, so a changed object or
 * different options get a fresh folder and an unchanged one is found again. {@code plan} names how the
 * object was cut into map tasks ({@link io.dataplug.core.exec.ChunkPlan}): runs under different plans write
 * to different folders, and the marker says which one is the index.
 */
public final class MetadataLayout {

    public static final String VERSION_DIR = "dataplug-v2";
    public static final String MARKER = "_SUCCESS.json";
    public static final String INDEX = "index.json";
    public static final String CHUNKS = "chunks";

    /** Plan ids become folder names: nothing that could climb out of the object's folder. */
    private static final Pattern PLAN_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

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
        return objectsDir().resolve(id + "/");
    }

    /** The folder holding one folder per indexed object version ({@link #objectDir}). */
    public ObjectLocation objectsDir() {
        return root.resolve(VERSION_DIR + "/objects/");
    }

    public static boolean isPlanId(String plan) {
        return plan != null && PLAN_ID.matcher(plan).matches();
    }

    /** The folder of everything a run under {@code plan} writes for the object in {@code objectDir}. */
    public static ObjectLocation planDir(ObjectLocation objectDir, String plan) {
        if (!isPlanId(plan)) {
            throw new IllegalArgumentException("not a plan id: '" + plan + "'");
        }
        return objectDir.resolve(plan + "/");
    }

    public static ObjectLocation marker(ObjectLocation objectDir) {
        return objectDir.resolve(MARKER);
    }

    public static ObjectLocation index(ObjectLocation planDir) {
        return planDir.resolve(INDEX);
    }

    /** The result of the map task over bytes {@code [start, end)}: the range is in the name. */
    public static ObjectLocation chunk(ObjectLocation planDir, long start, long end) {
        return planDir.resolve(CHUNKS + "/" + start + "-" + end + ".json");
    }

    public static ObjectLocation sideFile(ObjectLocation planDir, String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith("_") || name.startsWith(".") || name.equals(INDEX)
                || name.equals(CHUNKS)) {
            throw new IllegalArgumentException("reserved or nested side-file name: " + name);
        }
        return planDir.resolve(name);
    }
}
