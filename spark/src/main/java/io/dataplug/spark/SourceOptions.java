package io.dataplug.spark;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.reader.DataplugReader;
import io.dataplug.core.reader.ReaderOptions;
import io.dataplug.core.storage.StorageOptions;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options of the {@code dataplug} data source ({@code spark.read.format("dataplug").option(...)}): the
 * manifest, the record layout, and the storage options of {@code dataplug slice get}. Credentials are never
 * options: executors take them from the standard AWS chain. Serializable, so executors open their own reader.
 */
record SourceOptions(Map<String, String> values) implements Serializable {

    static final String MANIFEST = "manifest";
    static final String LAYOUT = "layout";
    static final List<String> KNOWN = List.of(MANIFEST, LAYOUT, "endpoint", "region", "pathstyle", "anonymous",
            "requesterpays", "allowedroots");

    SourceOptions {
        Map<String, String> lower = new TreeMap<>();
        values.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        for (String k : lower.keySet()) {
            if (!KNOWN.contains(k) && !k.equals("path")) {
                throw new InvalidRequestException("unknown option '" + k + "' of the dataplug data source (known: manifest, "
                        + "layout, endpoint, region, pathStyle, anonymous, requesterPays, allowedRoots)");
            }
        }
        values = Map.copyOf(lower);
    }

    /** The manifest URI: option {@code manifest}, or the path given to {@code load(path)}. */
    String manifest() {
        String m = values.getOrDefault(MANIFEST, values.get("path"));
        if (m == null || m.isBlank()) {
            throw new InvalidRequestException("the dataplug data source needs option 'manifest' (a JSON Lines object or "
                    + "file, or a folder of slice-NNNNN.json files)");
        }
        return m;
    }

    /** The record layout asked for, or null for each format's default. */
    String layout() {
        return values.get(LAYOUT);
    }

    ReaderOptions readerOptions() {
        StorageOptions storage = new StorageOptions(values.get("endpoint"), values.get("region"), flag("pathstyle"),
                flag("anonymous"), flag("requesterpays"));
        String roots = values.get("allowedroots");
        List<String> allowed = roots == null ? List.of()
                : Arrays.stream(roots.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
        return ReaderOptions.defaults().withStorage(storage).withAllowedRoots(allowed);
    }

    DataplugReader open() {
        return DataplugReader.open(manifest(), readerOptions());
    }

    private boolean flag(String name) {
        String v = values.get(name);
        if (v == null) {
            return false;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException("option '" + name + "' of the dataplug data source is true or false, "
                    + "not '" + v + "'");
        };
    }
}
