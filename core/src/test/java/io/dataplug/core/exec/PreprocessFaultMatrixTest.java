package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.CrashingStore;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7.1 acceptance: preprocessing killed at each step — through the storage layer (the process dies at a
 * given write, before or after it lands) or the task runner (between map and finalize) — and then retried with
 * the same or another chunk size ends, for every chunked format, with exactly the index a clean run makes
 * (index, side files, attributes) and slices that hold exactly the original data. Local folders for the
 * whole matrix; the embedded S3 server for the steps whose writes differ there (results and the marker).
 */
class PreprocessFaultMatrixTest {

    static final long FIRST = 16 << 10;
    /** Not a multiple of FIRST: the retry's chunks straddle the crashed run's. */
    static final long OTHER = 27 << 10;

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @TempDir
    Path dir;

    /** Where the first run dies. */
    enum Step {
        DURING_MAP(key -> key.contains("/chunks/"), 3, false, false),
        AFTER_A_MAP_RESULT_IS_STORED(key -> key.contains("/chunks/"), 3, true, false),
        BETWEEN_MAP_AND_FINALIZE(null, 0, false, false),
        DURING_FINALIZE(key -> !key.contains("/chunks/") && !key.endsWith("/_SUCCESS.json"), 1, false, true),
        AFTER_THE_INDEX_IS_STORED(key -> key.endsWith("/index.json"), 1, true, true),
        DURING_MARKER_WRITE(key -> key.endsWith("/_SUCCESS.json"), 1, false, false),
        AFTER_THE_MARKER_IS_STORED(key -> key.endsWith("/_SUCCESS.json"), 1, true, false);

        final Predicate<String> keys;
        final int nth;
        final boolean afterWrite;
        /** The first run writes its index to index.json (a large index's commit), not inside the marker. */
        final boolean indexFile;

        Step(Predicate<String> keys, int nth, boolean afterWrite, boolean indexFile) {
            this.keys = keys;
            this.nth = nth;
            this.afterWrite = afterWrite;
            this.indexFile = indexFile;
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (ChunkedSamples s : ChunkedSamples.all()) {
            for (Step step : Step.values()) {
                cases.add(Arguments.of(s, step, FIRST));
                cases.add(Arguments.of(s, step, OTHER));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> s3Matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (ChunkedSamples s : ChunkedSamples.all()) {
            for (Step step : List.of(Step.AFTER_A_MAP_RESULT_IS_STORED, Step.DURING_MARKER_WRITE, Step.AFTER_THE_MARKER_IS_STORED)) {
                cases.add(Arguments.of(s, step, OTHER));
            }
        }
        return cases.stream();
    }

    /** A plan of one chunk commits in its map task: every step of that commit, for every format. */
    static Stream<Arguments> oneChunkMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (ChunkedSamples s : ChunkedSamples.all()) {
            for (Step step : List.of(Step.DURING_FINALIZE, Step.AFTER_THE_INDEX_IS_STORED, Step.DURING_MARKER_WRITE,
                    Step.AFTER_THE_MARKER_IS_STORED)) {
                cases.add(Arguments.of(s, step, OTHER));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: killed {1}, retried with {2}-byte chunks")
    @MethodSource("matrix")
    void crashThenRetryOnLocalFiles(ChunkedSamples s, Step step, long retryChunkSize) {
        try (Pipeline p = Pipeline.local(dir)) {
            crashThenRetry(p, s, step, FIRST, retryChunkSize);
        }
    }

    @ParameterizedTest(name = "{0}: one-chunk plan killed {1}, retried with {2}-byte chunks")
    @MethodSource("oneChunkMatrix")
    void oneChunkPlanCrashThenRetry(ChunkedSamples s, Step step, long retryChunkSize) {
        try (Pipeline p = Pipeline.local(dir)) {
            crashThenRetry(p, s, step, Long.MAX_VALUE, retryChunkSize);
        }
    }

    @ParameterizedTest(name = "{0}: killed {1}, retried with {2}-byte chunks")
    @MethodSource("s3Matrix")
    void crashThenRetryOnS3(ChunkedSamples s, Step step, long retryChunkSize) {
        try (Pipeline p = Pipeline.s3(S3.server(), "matrix-" + s.format() + "-" + step + "-" + retryChunkSize + "/")) {
            crashThenRetry(p, s, step, FIRST, retryChunkSize);
        }
    }

    private static void crashThenRetry(Pipeline p, ChunkedSamples s, Step step, long firstChunkSize, long retryChunkSize) {
        ObjectLocation loc = s.put(p);
        List<CrashingStore> crashing = new ArrayList<>();
        try (Pipeline dying = p.withStores(store -> wrap(store, step, crashing)).workers(1).chunkSize(firstChunkSize)
                .inlineIndexLimit(step.indexFile ? 0 : MetadataStore.INLINE_INDEX_LIMIT)) {
            ExecutionBackend backend = step == Step.BETWEEN_MAP_AND_FINALIZE
                    ? killedBeforeFinalize(dying.taskRunner()) : new LocalExecutionBackend(dying.taskRunner(), 1);
            Throwable t = catchThrowable(() -> dying.preprocess(backend, s.format(), s.options(), loc));
            assertThat(t).as("the first run dies").isInstanceOf(CrashingStore.Crash.class);
            assertThat(step.keys == null || crashing.stream().anyMatch(CrashingStore::crashed))
                    .as("the run died at the chosen write").isTrue();
        }
        List<ObjectInfo> infos = p.chunkSize(retryChunkSize).preprocess(s.format(), s.options(), loc);
        long committed = step == Step.AFTER_THE_MARKER_IS_STORED ? firstChunkSize : retryChunkSize;
        CommittedIndex index = CommittedIndex.read(p, s.format(), s.options(), infos.get(0));
        assertThat(index.plan()).as("the plan the marker commits").isEqualTo(new ChunkPlan(s.data().length, committed).id());
        index.assertSameContentAs(s.cleanIndex(committed), s.format() + " after a crash " + step);
        s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), infos, s.strategy(), s.params()));
    }

    private static ObjectStore wrap(ObjectStore store, Step step, List<CrashingStore> made) {
        if (step.keys == null) {
            return store;
        }
        CrashingStore c = new CrashingStore(store, step.keys, step.nth, step.afterWrite);
        made.add(c);
        return c;
    }

    /** The task runner's view of a kill between the stages: every map task ran, finalize never starts. */
    static ExecutionBackend killedBeforeFinalize(TaskRunner runner) {
        return (tasks, progress) -> {
            if (tasks.stream().anyMatch(t -> t.kind().equals(TaskSpec.FINALIZE))) {
                throw new CrashingStore.Crash("killed before finalize");
            }
            new LocalExecutionBackend(runner, 1).runAll(tasks, progress);
        };
    }
}
