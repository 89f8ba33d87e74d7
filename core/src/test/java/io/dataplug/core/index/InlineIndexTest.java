package io.dataplug.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.InvalidDocumentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A small index is committed inside its marker (no index.json), a large one in its plan's index.json; either way
 * the same index is loaded and the same slices come out.
 */
class InlineIndexTest {

    static final long CHUNK = 16 << 10;

    @TempDir
    Path dir;

    static Stream<ChunkedSamples> samples() {
        return ChunkedSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theIndexInsideTheMarkerIsTheOneIndexJsonWouldHold(ChunkedSamples s) {
        try (Pipeline inline = Pipeline.local(dir.resolve("inline")).chunkSize(CHUNK);
             Pipeline file = Pipeline.local(dir.resolve("file")).chunkSize(CHUNK).inlineIndexLimit(0)) {
            ObjectInfo a = inline.preprocess(s.format(), s.options(), s.put(inline)).get(0);
            ObjectInfo b = file.preprocess(s.format(), s.options(), s.put(file)).get(0);

            List<String> committed = CommittedIndex.under(file.store(), file.metadataRoot());
            assertThat(indexFiles(file)).as("index.json files with inlining off").hasSize(1);
            assertThat(indexFiles(inline)).as("index.json files with inlining on").hasSize(
                    committed.get(0).getBytes(StandardCharsets.UTF_8).length <= MetadataStore.INLINE_INDEX_LIMIT ? 0 : 1);
            assertThat(CommittedIndex.under(inline.store(), inline.metadataRoot())).isEqualTo(committed);
            assertThat(inline.indexes(s.format(), s.options(), List.of(a)).get(0).index()).usingRecursiveComparison()
                    .isEqualTo(file.indexes(s.format(), s.options(), List.of(b)).get(0).index());
            s.assertSlicesHoldTheData(inline.evaluateAll(s.format(), s.options(), List.of(a), s.strategy(), s.params()));
            s.assertSlicesHoldTheData(file.evaluateAll(s.format(), s.options(), List.of(b), s.strategy(), s.params()));
        }
    }

    @Test
    void anIndexLargerThanTheLimitGoesToItsOwnFile() {
        ChunkedSamples s = ChunkedSamples.of("text");
        try (Pipeline p = Pipeline.local(dir).chunkSize(CHUNK)) {
            p.preprocess(s.format(), s.options(), s.put(p));
            int size = CommittedIndex.under(p.store(), p.metadataRoot()).get(0).getBytes(StandardCharsets.UTF_8).length;
            assertThat(size).isLessThanOrEqualTo(MetadataStore.INLINE_INDEX_LIMIT);
            try (Pipeline q = Pipeline.local(dir.resolve("q")).chunkSize(CHUNK).inlineIndexLimit(size - 1)) {
                q.preprocess(s.format(), s.options(), s.put(q));
                assertThat(indexFiles(q)).as("one byte over the limit").hasSize(1);
            }
            try (Pipeline q = Pipeline.local(dir.resolve("r")).chunkSize(CHUNK).inlineIndexLimit(size)) {
                q.preprocess(s.format(), s.options(), s.put(q));
                assertThat(indexFiles(q)).as("exactly at the limit").isEmpty();
            }
        }
    }

    /** A hand-edited index inside the marker is refused as index.json would be: by field, naming the marker. */
    @Test
    void aHandEditedInlineIndexIsAClearError() {
        ChunkedSamples s = ChunkedSamples.of("csv");
        try (Pipeline p = Pipeline.local(dir).chunkSize(CHUNK)) {
            ObjectInfo info = p.preprocess(s.format(), s.options(), s.put(p)).get(0);
            ObjectLocation marker = markers(p).get(0);
            String json = new String(p.store().readIfExists(marker).orElseThrow(), StandardCharsets.UTF_8);
            int at = json.indexOf("\"index\":{") + "\"index\":{".length();
            String edited = json.substring(0, at) + "\"surprise\":1," + json.substring(at);
            p.store().put(marker, edited.getBytes(StandardCharsets.UTF_8));
            Throwable t = catchThrowable(() -> p.indexes(s.format(), s.options(), List.of(info)));
            assertThat(t).isInstanceOf(InvalidDocumentException.class).hasMessageContaining(marker.toUri())
                    .hasMessageContaining("index.surprise");
        }
    }

    private static List<ObjectInfo> indexFiles(Pipeline p) {
        try (Stream<ObjectInfo> all = p.store().list(p.metadataRoot())) {
            return all.filter(o -> o.location().key().endsWith("/" + MetadataLayout.INDEX)).toList();
        }
    }

    private static List<ObjectLocation> markers(Pipeline p) {
        try (Stream<ObjectInfo> all = p.store().list(p.metadataRoot())) {
            return all.map(ObjectInfo::location).filter(l -> l.key().endsWith("/" + MetadataLayout.MARKER)).toList();
        }
    }
}
