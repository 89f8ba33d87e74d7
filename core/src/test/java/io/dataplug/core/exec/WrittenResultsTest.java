package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.ForwardingStore;
import io.dataplug.core.testing.Pipeline;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A finalize that runs in the process that ran the map tasks takes their results from memory instead of reading
 * each back, and commits exactly what a finalize in another process commits from the stored results.
 */
class WrittenResultsTest {

    static final long CHUNK = 16 << 10;

    @TempDir
    Path dir;

    /** Counts reads of stored chunk results. */
    static final class ChunkReads extends ForwardingStore {
        final AtomicInteger reads = new AtomicInteger();

        ChunkReads(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
            if (location.key().contains("/" + MetadataLayout.CHUNKS + "/")) {
                reads.incrementAndGet();
            }
            return super.open(location, offset, length, expectedEtag);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void finalizeInTheSameProcessReadsNoResultBackAndCommitsWhatAnotherProcessWould(ChunkedSamples s) {
        List<ChunkReads> stores = new CopyOnWriteArrayList<>();
        CommittedIndex oneProcess;
        try (Pipeline base = Pipeline.local(dir.resolve("one")).chunkSize(CHUNK);
             Pipeline p = base.withStores(store -> {
                 ChunkReads counting = new ChunkReads(store);
                 stores.add(counting);
                 return counting;
             })) {
            List<ObjectInfo> infos = p.preprocess(s.format(), s.options(), s.put(p));
            oneProcess = CommittedIndex.read(p, s.format(), s.options(), infos.get(0));
            assertThat(p.store().list(p.metadataRoot()).filter(o -> o.location().key().contains("/" + MetadataLayout.CHUNKS + "/")).count())
                    .as("chunk results stored for other processes and retries").isGreaterThan(1);
        }
        assertThat(stores.stream().mapToInt(c -> c.reads.get()).sum()).as("stored chunk results read back by the finalize")
                .isZero();

        CommittedIndex twoProcesses;
        try (Pipeline p = Pipeline.local(dir.resolve("two")).chunkSize(CHUNK)) {
            ObjectInfo info = p.store().head(s.put(p));
            Format<?, ?, ?> f = Formats.get(s.format());
            PreprocessPlan plan = Planner.plan(f, Params.parse(f.options(), s.options(), "test"), List.of(info),
                    p.storage(), p.metadata(), CHUNK);
            new LocalExecutionBackend(p.taskRunner(), 2).runAll(plan.tasks(), b -> { });
            new LocalExecutionBackend(p.taskRunner(), 1).runAll(plan.finalizeTasks(), b -> { }); // another runner
            twoProcesses = CommittedIndex.read(p, s.format(), s.options(), info);
        }
        oneProcess.assertSameContentAs(twoProcesses, s.format() + ": finalize from memory against from the store");
        assertThat(oneProcess.plan()).isEqualTo(twoProcesses.plan());
    }
}
