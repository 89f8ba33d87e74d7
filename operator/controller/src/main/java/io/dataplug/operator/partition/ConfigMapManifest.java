package io.dataplug.operator.partition;

import io.dataplug.core.slice.ManifestWriter;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.util.Json;
import io.dataplug.operator.support.Labels;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs a manifest into ConfigMap data: one key per slice ({@code slice-00000.json}, in order) and a
 * {@code manifest.json} summary in the first ConfigMap. Shards are closed before {@code shardBytes}, so every
 * ConfigMap stays under the API server's 1 MiB object limit; keys are unique across shards, so a projected volume
 * over all shards gives a workload pod one folder with every slice.
 */
public final class ConfigMapManifest {

    public static final String MANIFEST_KEY = "manifest.json";
    public static final String MANIFEST_SCHEMA = "dataplug.io/manifest/v1";

    private ConfigMapManifest() {
    }

    /** A ConfigMap's worth of data. */
    public record Shard(String name, Map<String, String> data, int firstSlice, int lastSlice) {
    }

    /** Raised when a slice or the whole manifest does not fit the ConfigMap budget. */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(String message) {
            super(message);
        }
    }

    public static String sliceKey(int index) {
        return String.format("slice-%05d.json", index);
    }

    /**
     * @param header manifest.json fields (partitioning, dataset, strategy...); {@code slices} and {@code configMaps}
     *               are added here
     */
    public static List<Shard> pack(String partitioning, List<Slice> slices, Map<String, Object> header, int shardBytes,
                                   int maxShards) {
        List<String> json = new ArrayList<>(slices.size());
        ManifestWriter writer = new ManifestWriter(OutputStream.nullOutputStream()); // the bucket manifest's lines, one per key
        for (Slice s : slices) {
            json.add(writer.json(s));
        }
        int reserve = 4096;
        while (true) {
            List<List<Integer>> groups = new ArrayList<>();
            List<Integer> cur = new ArrayList<>();
            long curBytes = reserve;
            for (int i = 0; i < slices.size(); i++) {
                long size = json.get(i).getBytes(StandardCharsets.UTF_8).length + sliceKey(i).length() + 16L;
                if (size > shardBytes - reserve) {
                    throw new TooLarge("slice " + i + " is " + size + " bytes of JSON, more than one ConfigMap holds ("
                            + shardBytes + " bytes); use spec.output.type: Bucket");
                }
                if (!cur.isEmpty() && curBytes + size > shardBytes) {
                    groups.add(cur);
                    cur = new ArrayList<>();
                    curBytes = 0;
                }
                cur.add(i);
                curBytes += size;
            }
            if (!cur.isEmpty() || groups.isEmpty()) {
                groups.add(cur);
            }
            if (groups.size() > maxShards) {
                throw new TooLarge(slices.size() + " slices need " + groups.size() + " ConfigMaps, more than the "
                        + maxShards + " allowed; use spec.output.type: Bucket (or fewer slices)");
            }
            List<String> names = new ArrayList<>();
            List<Map<String, Object>> shardInfo = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                String name = Labels.configMapName(partitioning, g);
                names.add(name);
                List<Integer> idx = groups.get(g);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("configMap", name);
                info.put("first", idx.isEmpty() ? 0 : idx.get(0));
                info.put("last", idx.isEmpty() ? -1 : idx.get(idx.size() - 1));
                shardInfo.add(info);
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schema", MANIFEST_SCHEMA);
            manifest.putAll(header);
            manifest.put("slices", slices.size());
            manifest.put("configMaps", names);
            manifest.put("shards", shardInfo);
            String manifestJson = Json.pretty(manifest) + "\n";
            int manifestBytes = manifestJson.getBytes(StandardCharsets.UTF_8).length + MANIFEST_KEY.length() + 16;
            if (manifestBytes > reserve) {
                reserve = manifestBytes * 2;
                continue;
            }
            List<Shard> shards = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                Map<String, String> data = new LinkedHashMap<>();
                if (g == 0) {
                    data.put(MANIFEST_KEY, manifestJson);
                }
                List<Integer> idx = groups.get(g);
                for (int i : idx) {
                    data.put(sliceKey(i), json.get(i));
                }
                shards.add(new Shard(names.get(g), data, idx.isEmpty() ? 0 : idx.get(0), idx.isEmpty() ? -1 : idx.get(idx.size() - 1)));
            }
            return shards;
        }
    }
}
