package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.Pipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Map tasks and finalizes of plans of several chunks look up the marker and their stored results while they work,
 * not before. A task run again after its work was stored or committed (a retried pod, a second run) still ends as
 * skipped: it writes nothing, reports its bytes once, and the committed index is a clean run's.
 */
class LookupWhileWorkingTest {

    static final long CHUNK = 16 << 10;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void tasksRunAgainWriteNothingAndReportTheirBytesOnce(ChunkedSamples s) {
        try (Pipeline p = Pipeline.local(dir).chunkSize(CHUNK)) {
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, CHUNK);
            assertThat(plan.tasks().size()).as("map tasks").isGreaterThan(1);
            long bytes = plan.tasks().stream().mapToLong(TaskSpec::bytes).sum();
            assertThat(bytes).isEqualTo(info.size());
            new LocalExecutionBackend(p.taskRunner(), 2).runAll(plan.tasks(), b -> { });

            List<OneChunkPlanTest.Writes> made = new CopyOnWriteArrayList<>();
            try (Pipeline other = OneChunkPlanTest.Writes.counting(p, made)) {
                AtomicLong progress = new AtomicLong();
                new LocalExecutionBackend(other.taskRunner(), 2).runAll(plan.tasks(), progress::addAndGet);
                assertThat(progress.get()).as("progress of map tasks whose results are stored").isEqualTo(bytes);
                assertThat(OneChunkPlanTest.Writes.total(made)).as("writes by map tasks whose results are stored").isZero();
            }
            new LocalExecutionBackend(p.taskRunner(), 1).runAll(plan.finalizeTasks(), b -> { });
            made.clear();
            try (Pipeline other = OneChunkPlanTest.Writes.counting(p, made)) {
                AtomicLong progress = new AtomicLong();
                new LocalExecutionBackend(other.taskRunner(), 2).runAll(plan.tasks(), progress::addAndGet);
                new LocalExecutionBackend(other.taskRunner(), 1).runAll(plan.finalizeTasks(), progress::addAndGet);
                assertThat(progress.get()).as("progress of tasks whose object is committed").isEqualTo(bytes);
                assertThat(OneChunkPlanTest.Writes.total(made)).as("writes by tasks whose object is committed").isZero();
            }
            CommittedIndex.read(p, s.format(), s.options(), info).assertSameContentAs(s.cleanIndex(CHUNK), s.format());
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), List.of(info), s.strategy(), s.params()));
        }
    }

    /** The metadata store refuses reads: a map task fails with that error, not a stand-in, and writes nothing. */
    @Test
    void aLookupThatFailsIsTheMapTasksError() {
        try (Pipeline p = Pipeline.local(dir).chunkSize(CHUNK)) {
            ChunkedSamples s = ChunkedSamples.of("csv");
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, CHUNK);
            List<OneChunkPlanTest.Writes> made = new CopyOnWriteArrayList<>();
            try (Pipeline refusing = p.withStores(store -> {
                OneChunkPlanTest.Writes w = new OneChunkPlanTest.Writes(store) {
                    @Override
                    public Optional<byte[]> readIfExists(ObjectLocation location) {
                        if (location.key().startsWith(p.metadataRoot().key())) {
                            throw new StorageException(location.toUri(), "access denied");
                        }
                        return super.readIfExists(location);
                    }
                };
                made.add(w);
                return w;
            })) {
                assertThatThrownBy(() -> new LocalExecutionBackend(refusing.taskRunner(), 1).runAll(plan.tasks(), b -> { }))
                        .isInstanceOf(StorageException.class).hasMessageEndingWith(": access denied");
            }
            assertThat(OneChunkPlanTest.Writes.total(made)).as("writes").isZero();
        }
    }
}
