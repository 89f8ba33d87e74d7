package io.dataplug.core.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifest writer copies the parts of a slice that repeat; what it writes must still be, byte for byte, Jackson's
 * serialization of each slice (what manifests were before it), and read back by the strict reader as the same slices:
 * for every format and strategy of {@link SliceLimitTest#cases()}, for slices of different partitionings, datasets
 * and objects mixed in one manifest, and for a manifest of 100,000 slices streamed to the embedded S3 server.
 */
class ManifestWriterTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("data", "meta");

    @TempDir
    Path dir;

    /** What manifests were before the writer: each slice through the project's mapper, one per line. */
    private static byte[] jackson(List<Slice> slices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Slice s : slices) {
            out.writeBytes(Json.bytes(s));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * The manifest as the strict reader reads it, serialized again by Jackson: equal to the manifest when every slice
     * reads back equal (record equality would compare the corrections' arrays by reference).
     */
    private static byte[] readBack(byte[] manifest) {
        return jackson(Manifest.fromJsonLines(new ByteArrayInputStream(manifest), "m.jsonl"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dataplug.core.slice.SliceLimitTest#cases")
    void everyFormatAndStrategyIsWrittenAsJacksonWritesItAndReadBack(SliceLimitTest.Case c) {
        try (Pipeline p = Pipeline.local(dir.resolve(c.name()))) {
            c.beside().forEach(p::put);
            List<ObjectInfo> infos = p.preprocess(c.format(), c.options(), p.put(c.name(), c.data()));
            List<Slice> all = new ArrayList<>();
            for (SliceLimitTest.Cut cut : c.cuts()) {
                List<Slice> slices;
                try {
                    slices = p.partition(c.format(), c.options(), infos, cut.strategy(), cut.params());
                } catch (TooManySlicesException e) { // the cuts that SliceLimitTest refuses
                    continue;
                }
                byte[] manifest = Manifest.toJsonLines(slices);
                assertThat(manifest).as(c.format() + " " + cut).isEqualTo(jackson(slices));
                assertThat(readBack(manifest)).as(c.format() + " " + cut).isEqualTo(manifest);
                ManifestWriter one = new ManifestWriter(OutputStream.nullOutputStream());
                assertThat(slices).allSatisfy(s -> assertThat(one.json(s)).isEqualTo(Json.string(s)));
                all.addAll(slices);
            }
            // one writer across partitionings: each slice still gets its own strategy, params and count
            assertThat(Manifest.toJsonLines(all)).as(c.format() + ", all cuts in one manifest").isEqualTo(jackson(all));
        }
    }

    /** Slices of two datasets, two option sets and two objects, interleaved: nothing cached leaks into a neighbour. */
    @Test
    void neighboursOfAnotherDatasetObjectOrRootKeepTheirOwnFields() {
        try (Pipeline a = Pipeline.local(dir.resolve("a")); Pipeline b = Pipeline.local(dir.resolve("b"))) {
            byte[] text = lines(5000);
            List<ObjectInfo> one = a.preprocess("text", Map.of(), a.put("one.txt", text), a.put("two.txt", text));
            List<ObjectInfo> other = b.preprocess("text", Map.of("checkpoint-span", "4KiB"), b.put("one.txt", text));
            List<Slice> x = a.partition("text", Map.of(), one, "chunks", Map.of("count", "5"));
            List<Slice> y = b.partition("text", Map.of("checkpoint-span", "4KiB"), other, "chunks", Map.of("count", "4"));
            assertThat(x).anySatisfy(s -> assertThat(s.parts()).hasSizeGreaterThan(1));
            List<Slice> mixed = new ArrayList<>();
            for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
                if (i < x.size()) {
                    mixed.add(x.get(i));
                }
                if (i < y.size()) {
                    mixed.add(y.get(i));
                    mixed.add(renamed(y.get(i), "other \"name\" \u00e9\n"));
                }
            }
            byte[] manifest = Manifest.toJsonLines(mixed);
            assertThat(manifest).isEqualTo(jackson(mixed));
            assertThat(readBack(manifest)).isEqualTo(manifest);
        }
    }

    private static Slice renamed(Slice s, String dataset) {
        return new Slice(s.schema(), dataset, s.format(), s.options(), s.strategy(), s.params(), s.index(), s.count(), s.source(),
                s.metadata(), s.parts());
    }

    /**
     * Issue 14.6's size: 100,000 slices streamed to the metadata store through {@code putStreamed} (a multipart upload
     * with parts in flight, as the operator writes bucket manifests) are Jackson's bytes, and slices read back from
     * them are the same; one slice more than the default limit is refused before any is built.
     */
    @Test
    void aHundredThousandSlicesAreStreamedToS3AndReadBack() throws IOException {
        try (Pipeline p = Pipeline.s3(S3.server(), "big/")) {
            List<ObjectInfo> infos = p.preprocess("text", Map.of("checkpoint-span", "64KiB"), p.put("lines.txt", lines(120_000)));
            List<Slice> slices = p.partition("text", Map.of("checkpoint-span", "64KiB"), infos, "chunks",
                    Map.of("count", Long.toString(SliceLimit.DEFAULT_MAX)));
            assertThat(slices).hasSize((int) SliceLimit.DEFAULT_MAX);
            ObjectLocation at = p.metadataRoot().resolve("manifest.jsonl");
            p.store().putStreamed(at, out -> Manifest.write(slices, out));
            byte[] stored;
            try (InputStream in = p.store().open(at, 0, p.store().head(at).size(), null)) {
                stored = in.readAllBytes();
            }
            assertThat(stored.length).isGreaterThan(16 << 20); // more than one part of the streamed upload
            assertThat(stored).isEqualTo(jackson(slices));
            // the strict reader on every 997th line and the last (reading all 100,000 takes most of a minute on 2 cores)
            String[] lines = new String(stored, StandardCharsets.UTF_8).split("\n");
            List<Integer> checked = new ArrayList<>();
            for (int i = 0; i < lines.length; i += 997) {
                checked.add(i);
            }
            checked.add(lines.length - 1);
            for (int i : checked) {
                Slice back = Manifest.parseSlice(lines[i], "manifest.jsonl line " + (i + 1));
                assertThat(Json.string(back)).isEqualTo(lines[i]);
                assertThat(back.index()).isEqualTo(i);
            }
            assertThatThrownBy(() -> p.partition("text", Map.of("checkpoint-span", "64KiB"), infos, "chunks",
                    Map.of("count", Long.toString(SliceLimit.DEFAULT_MAX + 1))))
                    .isInstanceOf(TooManySlicesException.class).hasMessageContaining("more than the limit of 100000");
        }
    }

    /** The writer names the fields itself: a field added to a slice or a part must be added to it too. */
    @Test
    void theWriterKnowsEveryFieldOfASliceAndAPart() {
        assertThat(Arrays.stream(Slice.class.getRecordComponents()).map(RecordComponent::getName)).as("ManifestWriter.append")
                .containsExactly("schema", "dataset", "format", "options", "strategy", "params", "index", "count", "source",
                        "metadata", "parts");
        assertThat(Arrays.stream(SlicePart.class.getRecordComponents()).map(RecordComponent::getName)).as("ManifestWriter.part")
                .containsExactly("object", "start", "end", "corrections");
    }

    @Test
    void schemaV1SlicesAreNeverWritten() {
        Slice v1 = new Slice(Slice.SCHEMA_V1, "d", "text", Map.of(), "chunks", Map.of(), 0, 1, null, null, List.of());
        assertThatThrownBy(() -> Manifest.toJsonLines(List.of(v1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read but never written");
    }

    /** {@code n} short numbered lines. */
    private static byte[] lines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
