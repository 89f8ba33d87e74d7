package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metadata that is there but unusable — a torn or hand-edited chunk result, a result moved to another range's
 * name, an unreadable marker, a marker that points outside its object's folder — is never trusted: finalize
 * recomputes what it cannot use, the planner indexes again what no valid marker commits, and the outcome is a
 * clean run's index.
 */
class UnusableMetadataTest {

    static final long CHUNK = 16 << 10;

    @TempDir
    Path dir;

    /** Map results stored, finalize not yet run: then chunk 1's result is garbage and chunk 2's is chunk 0's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void finalizeRecomputesChunkResultsItCannotUse(ChunkedSamples s) {
        try (Pipeline p = Pipeline.local(dir).chunkSize(CHUNK)) {
            ObjectLocation loc = s.put(p);
            ObjectInfo info = p.store().head(loc);
            PreprocessPlan plan = s.plan(p, info, CHUNK);
            new LocalExecutionBackend(p.taskRunner(), 2).runAll(plan.tasks(), b -> { });
            ChunkPlan chunks = plan.finalizeTasks().get(0).plan();
            ObjectLocation planDir = planDir(p, s, info, chunks.id());
            p.store().put(MetadataLayout.chunk(planDir, chunks.start(1), chunks.end(1)),
                    "{\"schema\": \"dataplug.io/chunk-res".getBytes(StandardCharsets.US_ASCII));
            p.store().put(MetadataLayout.chunk(planDir, chunks.start(2), chunks.end(2)),
                    p.store().readIfExists(MetadataLayout.chunk(planDir, chunks.start(0), chunks.end(0))).orElseThrow());
            new LocalExecutionBackend(p.taskRunner(), 2).runAll(plan.finalizeTasks(), b -> { });
            CommittedIndex.read(p, s.format(), s.options(), info).assertSameContentAs(s.cleanIndex(CHUNK), s.format());
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), List.of(info), s.strategy(), s.params()));
        }
    }

    @Test
    void anUnreadableMarkerIsReplacedByTheNextRun() {
        tamperWithTheMarkerThenRetry("vcf", json -> json.substring(0, json.length() / 2));
    }

    /** A marker edited to name a plan folder outside the object's folder is not followed. */
    @Test
    void aMarkerNamingAPathOutsideItsFolderCommitsNothing() {
        tamperWithTheMarkerThenRetry("csv", json -> json.replace("\"plan\":\"plan-16384\"", "\"plan\":\"../../../../data\""));
    }

    @Test
    void aMarkerOfAnotherObjectVersionCommitsNothing() {
        tamperWithTheMarkerThenRetry("fastq", json -> json.replaceFirst("\"etag\":\"[^\"]*\"", "\"etag\":\"0123\""));
    }

    @Test
    void aMarkerWhoseIndexIsNotAnIndexCommitsNothing() {
        tamperWithTheMarkerThenRetry("text", json -> json.substring(0, json.indexOf(",\"index\":")) + ",\"index\":\"edited\"}");
    }

    private void tamperWithTheMarkerThenRetry(String format, UnaryOperator<String> edit) {
        ChunkedSamples s = ChunkedSamples.of(format);
        try (Pipeline p = Pipeline.local(dir).chunkSize(CHUNK)) {
            ObjectLocation loc = s.put(p);
            ObjectInfo info = p.preprocess(s.format(), s.options(), loc).get(0);
            ObjectLocation marker = MetadataLayout.marker(objectDir(p, s, info));
            String json = new String(p.store().readIfExists(marker).orElseThrow(), StandardCharsets.UTF_8);
            String edited = edit.apply(json);
            assertThat(edited).isNotEqualTo(json);
            p.store().put(marker, edited.getBytes(StandardCharsets.UTF_8));
            assertThat(p.metadata().marker(s.format(), s.formatOptions().asMap(), info)).as("the edited marker commits nothing").isEmpty();
            assertThat(s.plan(p, info, CHUNK).isEmpty()).as("so the object is planned again").isFalse();
            p.preprocess(s.format(), s.options(), loc);
            CommittedIndex index = CommittedIndex.read(p, s.format(), s.options(), info);
            assertThat(index.plan()).isEqualTo(new ChunkPlan(info.size(), CHUNK).id());
            index.assertSameContentAs(s.cleanIndex(CHUNK), s.format());
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), List.of(info), s.strategy(), s.params()));
        }
    }

    private static ObjectLocation objectDir(Pipeline p, ChunkedSamples s, ObjectInfo info) {
        return p.metadata().layout().objectDir(s.format(), s.formatOptions().asMap(), info);
    }

    private static ObjectLocation planDir(Pipeline p, ChunkedSamples s, ObjectInfo info, String plan) {
        return MetadataLayout.planDir(objectDir(p, s, info), plan);
    }
}
