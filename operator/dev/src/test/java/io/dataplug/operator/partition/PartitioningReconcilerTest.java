package io.dataplug.operator.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.util.Json;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.OutputSpec;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.testing.MountedManifest;
import io.dataplug.operator.testing.OperatorTestSupport;
import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests: published where the spec says, evaluated by the worker CLI back to exactly the dataset's bytes. */
class PartitioningReconcilerTest extends OperatorTestSupport {

    @TempDir
    Path tmp;

    /** Objects in key order, concatenated: what the slices must reproduce. */
    private final TreeMap<String, byte[]> objects = new TreeMap<>();

    private void putObject(String key, byte[] data) {
        put(key, data);
        objects.put(key, data);
    }

    private byte[] expected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        objects.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    private List<ConfigMap> configMaps(String partitioning) {
        return client.configMaps().inNamespace(ns).withLabel("dataplug.io/partitioning", partitioning).list().getItems().stream()
                .sorted(Comparator.comparing(c -> c.getMetadata().getName())).toList();
    }

    private Path mount(List<String> names) throws IOException {
        return MountedManifest.mount(client, ns, names, tmp);
    }

    /** Evaluates every slice with the worker CLI ({@code dataplug slice get}) and concatenates the outputs. */
    private byte[] evaluateAll(String manifest, int count) throws IOException {
        return MountedManifest.evaluateAll(manifest, count, Map.of(), cluster.s3.endpoint(), tmp);
    }

    /**
     * Evaluates every slice of a mounted ConfigMap folder in this JVM with the core evaluator (what the CLI runs),
     * and a sample of them through the CLI itself.
     */
    private byte[] evaluateFolder(Path dir, int count) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (StoreCache stores = new StoreCache()) {
            SliceEvaluator evaluator = new SliceEvaluator(stores, cluster.s3.options());
            for (int i = 0; i < count; i++) {
                Path f = dir.resolve(String.format("slice-%05d.json", i));
                evaluator.evaluate(Manifest.parseSlice(Files.readString(f), f.toString()), all);
            }
        }
        for (int i : new int[] {0, count / 2, count - 1}) {
            Path out = tmp.resolve("sample-" + i + ".out");
            assertThat(DataplugCli.execute(Map.of(), "slice", "get", "--manifest", dir.toString(), "--index", Integer.toString(i),
                    "--output", out.toString())).isZero();
            Path f = dir.resolve(String.format("slice-%05d.json", i));
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (StoreCache stores = new StoreCache()) {
                new SliceEvaluator(stores, cluster.s3.options()).evaluate(Manifest.parseSlice(Files.readString(f), f.toString()), one);
            }
            assertThat(Files.readAllBytes(out)).isEqualTo(one.toByteArray());
        }
        return all.toByteArray();
    }

    private Partitioning awaitPublished(String name) {
        return awaitPartitioning(name, p -> p.getStatus() != null && ready(p) != null && "True".equals(ready(p).getStatus())
                && p.getMetadata().getGeneration().equals(p.getStatus().observedGeneration));
    }

    @Test
    void waitsForTheDatasetThenPublishesAConfigMapWhoseSlicesReproduceTheData() throws Exception {
        for (int i = 0; i < 4; i++) {
            putObject("p" + i + ".txt", lines(200 + i, 300 + 100 * i));
        }
        create(partitioning("parts", "ds", "chunks", Map.of("count", "7")));
        Partitioning waiting = awaitPartitioning("parts", p -> ready(p) != null && "DatasetNotReady".equals(ready(p).getReason()));
        assertThat(ready(waiting).getMessage()).isEqualTo("CloudDataset ds not found in namespace " + ns);
        assertThat(waiting.getStatus().phase).isEqualTo(Phase.Pending);

        create(dataset("ds", "lines-test", "s3://raw/" + prefix));
        CloudDataset ds = awaitReady("ds");
        Partitioning p = awaitPublished("parts");
        assertThat(p.getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(p.getStatus().slices).isEqualTo(7);
        assertThat(p.getStatus().bytes).isEqualTo(expected().length);
        assertThat(p.getStatus().datasetRevision).isEqualTo(ds.getStatus().revision);
        assertThat(p.getStatus().attributes).isEqualTo(ds.getStatus().attributes);
        assertThat(p.getStatus().manifest.type).isEqualTo("ConfigMap");
        assertThat(p.getStatus().manifest.configMaps).containsExactly("parts-slices");
        assertThat(ready(p).getReason()).isEqualTo("Published");
        assertThat(events("parts", "Published")).hasSize(1);

        ConfigMap cm = client.configMaps().inNamespace(ns).withName("parts-slices").get();
        assertThat(cm.getData().keySet()).containsExactlyInAnyOrder("manifest.json", "slice-00000.json", "slice-00001.json",
                "slice-00002.json", "slice-00003.json", "slice-00004.json", "slice-00005.json", "slice-00006.json");
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Partitioning");
            assertThat(o.getName()).isEqualTo("parts");
        });
        JsonNode manifest = Json.read(cm.getData().get("manifest.json"), JsonNode.class);
        assertThat(manifest.get("schema").asText()).isEqualTo("dataplug.io/manifest/v1");
        assertThat(manifest.get("slices").asInt()).isEqualTo(7);
        assertThat(manifest.get("datasetRevision").asText()).isEqualTo(ds.getStatus().revision);
        assertThat(cm.getData().get("slice-00000.json")).doesNotContain(SECRET).doesNotContain("dataplug-test-secret");

        assertThat(evaluateAll(mount(List.of("parts-slices")).toString(), 7)).isEqualTo(expected());
    }

    @Test
    void largePartitioningIsShardedUnderTheConfigMapLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            putObject("big" + i + ".txt", linesOfSize(300 + i, 200_000));
        }
        CloudDataset ds = dataset("ds", "lines-test", "s3://raw/" + prefix);
        ds.getSpec().formatOptions.put("blockSize", "64");
        long t0 = System.nanoTime();
        create(ds);
        awaitReady("ds");
        System.err.printf("dataset ready after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        int count = 2200;
        create(partitioning("many", "ds", "chunks", Map.of("count", Integer.toString(count))));
        Partitioning p = awaitPublished("many");
        System.err.printf("partitioning published after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        List<String> names = p.getStatus().manifest.configMaps;
        System.err.printf("%d shards, slice 0 is %d bytes%n", names.size(),
                client.configMaps().inNamespace(ns).withName(names.get(0)).get().getData().get("slice-00000.json").length());
        assertThat(names.size()).isGreaterThan(1);
        assertThat(names.get(0)).isEqualTo("many-slices");
        assertThat(names.get(1)).isEqualTo("many-slices-1");
        List<ConfigMap> cms = configMaps("many");
        assertThat(cms).hasSize(names.size());
        for (ConfigMap cm : cms) {
            long size = cm.getData().entrySet().stream().mapToLong(e -> e.getKey().length()
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
            assertThat(size).as(cm.getMetadata().getName()).isLessThan(900 * 1024);
        }
        assertThat(cms.stream().mapToLong(cm -> cm.getData().keySet().stream().filter(k -> k.startsWith("slice-")).count()).sum())
                .isEqualTo(count);
        long t1 = System.nanoTime();
        Path dir = mount(names);
        System.err.printf("mounted in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
        assertThat(evaluateFolder(dir, count)).isEqualTo(expected());
        System.err.printf("evaluated in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
    }

    @Test
    void bucketOutputWritesOneJsonLinesObject() throws Exception {
        for (int i = 0; i < 3; i++) {
            putObject("b" + i + ".txt", lines(400 + i, 500));
        }
        create(dataset("ds", "lines-test", "s3://raw/" + prefix));
        awaitReady("ds");
        Partitioning spec = partitioning("tobucket", "ds", "chunks", Map.of("count", "5"));
        spec.getSpec().output = new OutputSpec();
        spec.getSpec().output.type = OutputSpec.Type.Bucket;
        create(spec);
        Partitioning p = awaitPublished("tobucket");
        String uri = "s3://meta/" + prefix + "dataplug-v1/manifests/" + ns + "/tobucket.jsonl";
        assertThat(p.getStatus().manifest.uri).isEqualTo(uri);
        assertThat(p.getStatus().manifest.type).isEqualTo("Bucket");
        assertThat(configMaps("tobucket")).isEmpty();
        assertThat(evaluateAll(uri, 5)).isEqualTo(expected());

        // Switching to ConfigMaps removes the object; deleting removes the ConfigMaps.
        Partitioning edit = getPartitioning("tobucket");
        edit.getSpec().output.type = OutputSpec.Type.ConfigMap;
        client.resources(Partitioning.class).inNamespace(ns).resource(edit).update();
        Partitioning cmOut = awaitPartitioning("tobucket", x -> x.getStatus().observedGeneration == 2 && x.getStatus().phase == Phase.Ready);
        assertThat(cmOut.getStatus().manifest.configMaps).containsExactly("tobucket-slices");
        assertThat(store().readIfExists(ObjectLocation.parse(uri))).isEmpty();
        client.resources(Partitioning.class).inNamespace(ns).withName("tobucket").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> getPartitioning("tobucket") == null && configMaps("tobucket").isEmpty());
    }

    @Test
    void recomputesOnSpecChangeAndWhenTheDatasetIsReindexed() throws Exception {
        putObject("r0.txt", lines(500, 400));
        putObject("r1.txt", lines(501, 400));
        create(dataset("ds", "lines-test", "s3://raw/" + prefix));
        CloudDataset first = awaitReady("ds");
        create(partitioning("re", "ds", "chunks", Map.of("count", "6")));
        awaitPublished("re");
        assertThat(client.configMaps().inNamespace(ns).withName("re-slices").get().getData()).containsKey("slice-00005.json");

        Partitioning edit = getPartitioning("re");
        edit.getSpec().params.put("count", "3");
        client.resources(Partitioning.class).inNamespace(ns).resource(edit).update();
        Partitioning fewer = awaitPartitioning("re", p -> p.getStatus().slices != null && p.getStatus().slices == 3);
        assertThat(client.configMaps().inNamespace(ns).withName("re-slices").get().getData())
                .containsOnlyKeys("manifest.json", "slice-00000.json", "slice-00001.json", "slice-00002.json");
        assertThat(evaluateAll(mount(fewer.getStatus().manifest.configMaps).toString(), 3)).isEqualTo(expected());

        putObject("r2.txt", lines(502, 300));
        Partitioning grown = awaitPartitioning("re", p -> p.getStatus().datasetRevision != null
                && !p.getStatus().datasetRevision.equals(first.getStatus().revision) && p.getStatus().phase == Phase.Ready);
        assertThat(grown.getStatus().attributes).containsEntry("objects", 3L);
        assertThat(evaluateAll(mount(grown.getStatus().manifest.configMaps).toString(), 3)).isEqualTo(expected());
    }

    @Test
    void unknownStrategyAndBadParameters() {
        putObject("u.txt", lines(600, 50));
        create(dataset("ds", "lines-test", "s3://raw/" + prefix));
        awaitReady("ds");
        create(partitioning("nostrat", "ds", "tiles", Map.of()));
        Partitioning p = awaitPartitioning("nostrat", x -> ready(x) != null && "UnknownStrategy".equals(ready(x).getReason()));
        assertThat(ready(p).getMessage()).isEqualTo("unknown strategy 'tiles' for format lines-test (known: chunks)");
        assertThat(p.getStatus().phase).isEqualTo(Phase.Failed);
        assertThat(events("nostrat", "UnknownStrategy")).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

        create(partitioning("noparam", "ds", "chunks", Map.of()));
        Partitioning q = awaitPartitioning("noparam", x -> ready(x) != null && "InvalidSpec".equals(ready(x).getReason()));
        assertThat(ready(q).getMessage()).startsWith("missing required parameter 'count' for strategy chunks of format lines-test");
        assertThat(new ArrayList<>(configMaps("noparam"))).isEmpty();
    }
}
