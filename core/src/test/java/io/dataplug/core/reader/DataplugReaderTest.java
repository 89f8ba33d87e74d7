package io.dataplug.core.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.InvalidSliceException;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader API over every kind of manifest (object, file, ConfigMap folder, stream), on manifests that are
 * truncated, reordered or incomplete, on slices that fail half way, and under the security rules.
 */
class DataplugReaderTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @TempDir
    static Path dir;

    static Pipeline pipeline;
    static List<Slice> slices;
    static List<byte[]> expected = new ArrayList<>();
    static byte[] data;
    static String jsonl;
    static ObjectLocation manifest = ObjectLocation.s3("meta", "manifests/notes.jsonl");

    @BeforeAll
    static void partition() {
        pipeline = Pipeline.s3(S3.server(), "reader/").chunkSize(8 << 10);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            sb.append("line ").append(i).append(' ').append("y".repeat(i % 41)).append('\n');
        }
        data = sb.toString().getBytes(StandardCharsets.US_ASCII);
        List<ObjectInfo> infos = pipeline.preprocess("text", Map.of(), pipeline.put("notes.txt", data));
        slices = pipeline.partition("text", Map.of(), infos, "chunks", Map.of("count", "5"));
        slices.forEach(s -> expected.add(pipeline.evaluate(s)));
        jsonl = new String(Manifest.toJsonLines(slices), StandardCharsets.UTF_8);
        pipeline.store().put(manifest, jsonl.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    private static ReaderOptions options() {
        return ReaderOptions.defaults().withStorage(pipeline.storage());
    }

    private static byte[] bytes(DataSlice s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(out);
        return out.toByteArray();
    }

    private static Path folder(String name, List<String> lines) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < lines.size(); i++) {
            Files.writeString(d.resolve(String.format("slice-%05d.json", i)), lines.get(i));
        }
        return d;
    }

    @Test
    void everyKindOfManifestGivesTheSameSlices() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.jsonl"), "\n" + jsonl); // a blank line is no slice
        Path withJsonl = Files.createDirectories(dir.resolve("with-jsonl"));
        Files.writeString(withJsonl.resolve("manifest.jsonl"), jsonl);
        List<String> names = List.of(manifest.toUri(), file.toString(), file.toUri().toString(),
                folder("configmap", jsonl.lines().toList()).toString(), withJsonl.toString());
        for (String name : names) {
            try (DataplugReader reader = DataplugReader.open(name, options())) {
                assertThat(reader.sliceCount()).as(name).isEqualTo(slices.size());
                for (int i = slices.size() - 1; i >= 0; i--) {
                    assertThat(bytes(reader.slice(i))).as(name + " slice " + i).isEqualTo(expected.get(i));
                }
                try (var entries = reader.entries()) {
                    assertThat(entries.map(ManifestEntry::index)).containsExactly(0, 1, 2, 3, 4);
                }
                assertThatThrownBy(() -> reader.slice(5)).isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("slice index 5 out of range").hasMessageContaining("holds 5 slices");
            }
        }
        // A stream is read once, front to back.
        try (DataplugReader reader = DataplugReader.open(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)),
                "stdin", options())) {
            assertThat(bytes(reader.slice(3))).isEqualTo(expected.get(3));
            assertThatThrownBy(() -> reader.slice(4)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("read once");
        }
    }

    @Test
    void theStreamAndTheRecordsAreTheSlicesBytes() throws Exception {
        try (DataplugReader reader = DataplugReader.open(manifest.toUri(), options())) {
            DataSlice s = reader.slice(2);
            try (InputStream in = s.open()) {
                assertThat(in.readAllBytes()).isEqualTo(expected.get(2));
            }
            try (RecordStream<FramedRecord> lines = s.records()) {
                String joined = String.join("\n", lines.stream().map(r -> (String) r.value(0)).toList()) + "\n";
                assertThat(joined).isEqualTo(new String(expected.get(2), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void closingEarlyStopsTheEvaluation() throws Exception {
        try (DataplugReader reader = DataplugReader.open(manifest.toUri(), options())) {
            RecordStream<FramedRecord> lines = reader.slice(0).records();
            assertThat(lines.next().value(0)).isEqualTo("line 0 ");
            lines.close();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("dataplug-slice-0"));
        }
    }

    @Test
    void aTruncatedReorderedOrIncompleteManifestIsRefused() throws Exception {
        List<String> lines = jsonl.lines().toList();
        Path truncated = Files.writeString(dir.resolve("truncated.jsonl"), String.join("\n", lines.subList(0, 4)));
        try (DataplugReader reader = DataplugReader.open(truncated.toString(), options())) {
            assertThatThrownBy(reader::sliceCount).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("holds 4 slices, but its slices say the partitioning has 5");
        }
        List<String> swapped = new ArrayList<>(lines);
        swapped.set(1, lines.get(2));
        swapped.set(2, lines.get(1));
        Path reordered = Files.writeString(dir.resolve("reordered.jsonl"), String.join("\n", swapped));
        try (DataplugReader reader = DataplugReader.open(reordered.toString(), options())) {
            assertThatThrownBy(() -> reader.slice(1)).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("reordered.jsonl line 2: holds slice 2 where slice 1 belongs");
        }
        Path gap = folder("gap", lines);
        Files.delete(gap.resolve("slice-00001.json"));
        try (DataplugReader reader = DataplugReader.open(gap.toString(), options())) {
            assertThatThrownBy(() -> reader.slice(1)).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("slice-00001.json is missing");
        }
        try (DataplugReader reader = DataplugReader.open(Files.createDirectories(dir.resolve("empty")).toString(), options())) {
            assertThatThrownBy(() -> reader.slice(0)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("holds no slices");
        }
        assertThatThrownBy(() -> DataplugReader.open("s3://meta/manifests/absent.jsonl", options()).slice(0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no such manifest");
    }

    /** A slice over two objects whose second changed after indexing: the first one's records, then the error. */
    @Test
    void aSliceThatFailsHalfWayThrowsAfterTheRecordsBeforeIt() throws Exception {
        Pipeline two = Pipeline.s3(S3.server(), "halfway/");
        byte[] a = "a1\na2\na3\n".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        byte[] b = "b1\nb2\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        List<ObjectInfo> infos = two.preprocess("text", Map.of(), two.put("a.txt", a), two.put("b.txt", b));
        List<Slice> one = two.partition("text", Map.of(), infos, "chunks", Map.of("count", "1"));
        assertThat(one).hasSize(1);
        assertThat(one.get(0).parts()).hasSize(2);
        two.put("b.txt", "B1\nB2\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        ObjectLocation m = ObjectLocation.s3("meta", "manifests/halfway.jsonl");
        two.store().put(m, Manifest.toJsonLines(one));
        List<Object> seen = new ArrayList<>();
        try (DataplugReader reader = DataplugReader.open(m.toUri(), options());
             RecordStream<FramedRecord> lines = reader.slice(0).records()) {
            assertThatThrownBy(() -> lines.forEachRemaining(r -> seen.add(r.value(0))))
                    .isInstanceOf(ObjectChangedException.class).hasMessageContaining("b.txt");
        }
        assertThat(seen).hasSize(6000).allMatch(v -> ((String) v).startsWith("a"));
        two.close();
    }

    @Test
    void theManifestRulesApplyUnchanged() throws Exception {
        // A local dataset: its manifest may read local files only where it is itself a local file.
        Pipeline local = Pipeline.local(dir.resolve("local"));
        List<ObjectInfo> infos = local.preprocess("text", Map.of(), local.put("l.txt", data));
        String localJsonl = new String(Manifest.toJsonLines(local.partition("text", Map.of(), infos, "chunks",
                Map.of("count", "2"))), StandardCharsets.UTF_8);
        Path localManifest = Files.writeString(dir.resolve("local.jsonl"), localJsonl);
        ObjectLocation remote = ObjectLocation.s3("meta", "manifests/local.jsonl");
        pipeline.store().put(remote, localJsonl.getBytes(StandardCharsets.UTF_8));
        // A local file, and stdin (handed over by the user like a file), may name local files; an object may not.
        for (DataplugReader reader : List.of(DataplugReader.open(localManifest.toString(), options()),
                DataplugReader.open(new ByteArrayInputStream(localJsonl.getBytes(StandardCharsets.UTF_8)), "stdin", options()))) {
            try (reader) {
                assertThat(bytes(reader.slice(0))).isEqualTo(local.evaluate(local.partition("text", Map.of(), infos,
                        "chunks", Map.of("count", "2")).get(0)));
            }
        }
        try (DataplugReader reader = DataplugReader.open(remote.toUri(), options());
             RecordStream<FramedRecord> r = reader.slice(0).records()) {
            assertThatThrownBy(r::hasNext).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("file:// is read only from a manifest that is itself a local file");
        }
        // The reader's allowed roots confine slices whatever roots they declare.
        try (DataplugReader reader = DataplugReader.open(manifest.toUri(),
                options().withAllowedRoots(List.of("s3://data/elsewhere/")))) {
            assertThatThrownBy(() -> bytes(reader.slice(0))).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("is not under the roots this reader allows (s3://data/elsewhere/)");
        }
        local.close();
    }

    @Test
    void aPodReadsItsOwnSliceUnderItsJobsTrustAnchor() throws Exception {
        Path mounted = folder("mounted", jsonl.lines().toList());
        PodEnvironment pod = new PodEnvironment(Map.of(PodEnvironment.MANIFEST, mounted.toString(),
                PodEnvironment.COMPLETION_INDEX, "3", PodEnvironment.SLICE_COUNT, "5",
                PodEnvironment.ALLOWED_ROOTS, "s3://data/reader/, s3://meta/reader/"));
        try (DataplugReader reader = pod.open(options())) {
            assertThat(bytes(pod.slice(reader))).isEqualTo(expected.get(3));
        }
        PodEnvironment confined = new PodEnvironment(Map.of(PodEnvironment.MANIFEST, mounted.toString(),
                PodEnvironment.COMPLETION_INDEX, "3", PodEnvironment.ALLOWED_ROOTS, "s3://data/other/"));
        try (DataplugReader reader = confined.open(options())) {
            assertThatThrownBy(() -> bytes(confined.slice(reader))).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("s3://data/other/");
        }
        PodEnvironment stale = new PodEnvironment(Map.of(PodEnvironment.MANIFEST, mounted.toString(),
                PodEnvironment.COMPLETION_INDEX, "1", PodEnvironment.SLICE_COUNT, "7"));
        try (DataplugReader reader = stale.open(options())) {
            assertThatThrownBy(() -> stale.slice(reader)).isInstanceOf(InvalidSliceException.class)
                    .hasMessageContaining("made for 7 (DATAPLUG_SLICE_COUNT): the partitioning changed");
        }
        PodEnvironment none = new PodEnvironment(Map.of());
        assertThatThrownBy(none::index).isInstanceOf(InvalidRequestException.class).hasMessageContaining("JOB_COMPLETION_INDEX");
        if (!Files.exists(Path.of(PodEnvironment.MOUNT))) {
            assertThatThrownBy(() -> none.open(options())).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("DATAPLUG_MANIFEST is not set");
        }
    }
}
