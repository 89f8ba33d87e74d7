package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.ForwardingStore;
import io.dataplug.core.testing.Pipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two preprocessing runs of one object with different chunk sizes at the same time (two CLIs, or two datasets
 * over one object on a shared metadata root): whichever commits, the index is the one a clean run with that
 * chunk size makes, and the slices hold exactly the original data. Every chunked format.
 */
class ConcurrentPreprocessTest {

    static final long A = PreprocessFaultMatrixTest.FIRST;
    static final long B = PreprocessFaultMatrixTest.OTHER;

    static final String ALL = "io.dataplug.core.testing.ChunkedSamples#all";

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @TempDir
    Path dir;

    static Stream<Arguments> interleavings() {
        List<Arguments> cases = new ArrayList<>();
        for (ChunkedSamples s : ChunkedSamples.all()) {
            cases.add(Arguments.of(s, true));
            cases.add(Arguments.of(s, false));
        }
        return cases.stream();
    }

    /**
     * Both runs plan before either commits and run their map stages; then the finalize tasks run in either order.
     * The first finalize commits; the second finds the marker and keeps it.
     */
    @ParameterizedTest(name = "{0}: {1} finalizes first")
    @MethodSource("interleavings")
    void interleavedStages(ChunkedSamples s, boolean smallerChunksFinalizeFirst) {
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation loc = s.put(p);
            Format f = Formats.get(s.format());
            Params opts = Params.parse(f.options(), s.options(), "test");
            List<ObjectInfo> infos = List.of(p.store().head(loc));
            PreprocessPlan a = Planner.plan(f, opts, infos, p.storage(), p.metadata(), A);
            PreprocessPlan b = Planner.plan(f, opts, infos, p.storage(), p.metadata(), B);
            LocalExecutionBackend backend = new LocalExecutionBackend(p.taskRunner(), 2);
            backend.runAll(a.tasks(), x -> { });
            backend.runAll(b.tasks(), x -> { });
            PreprocessPlan first = smallerChunksFinalizeFirst ? a : b;
            PreprocessPlan second = smallerChunksFinalizeFirst ? b : a;
            backend.runAll(first.finalizeTasks(), x -> { });
            backend.runAll(second.finalizeTasks(), x -> { });
            long committed = smallerChunksFinalizeFirst ? A : B;
            checkCommitted(p, s, infos.get(0), Set.of(committed));
            assertThat(CommittedIndex.read(p, s.format(), s.options(), infos.get(0)).plan())
                    .isEqualTo(new ChunkPlan(s.data().length, committed).id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void twoRunsRaceForTheMarkerOnLocalFiles(ChunkedSamples s) throws Exception {
        try (Pipeline p = Pipeline.local(dir)) {
            race(p, s);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void twoRunsRaceForTheMarkerOnS3(ChunkedSamples s) throws Exception {
        try (Pipeline p = Pipeline.s3(S3.server(), "race-" + s.format() + "/")) {
            race(p, s);
        }
    }

    /**
     * Two whole runs on their own threads; both finish their finalize work and meet right before writing the
     * marker, so both really try to commit. Exactly one marker wins.
     */
    private static void race(Pipeline p, ChunkedSamples s) throws Exception {
        ObjectLocation loc = s.put(p);
        CyclicBarrier atTheMarker = new CyclicBarrier(2);
        AtomicInteger commits = new AtomicInteger();
        List<Future<List<ObjectInfo>>> runs = new ArrayList<>();
        List<Pipeline> pipelines = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2); // its own threads: the common pool may have one
        try {
            for (long chunk : new long[] {A, B}) {
                Pipeline run = p.withStores(store -> new MeetAtMarker(store, atTheMarker, commits)).chunkSize(chunk);
                pipelines.add(run);
                runs.add(threads.submit(() -> run.preprocess(s.format(), s.options(), loc)));
            }
            for (Future<List<ObjectInfo>> r : runs) {
                r.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
            pipelines.forEach(Pipeline::close);
        }
        assertThat(commits).as("markers written").hasValue(1);
        checkCommitted(p, s, p.store().head(loc), Set.of(A, B));
    }

    private static void checkCommitted(Pipeline p, ChunkedSamples s, ObjectInfo info, Set<Long> allowed) {
        CommittedIndex index = CommittedIndex.read(p, s.format(), s.options(), info);
        long chunk = allowed.stream().filter(c -> new ChunkPlan(s.data().length, c).id().equals(index.plan())).findFirst()
                .orElseThrow(() -> new AssertionError("the marker commits " + index.plan() + ", no plan of these runs"));
        index.assertSameContentAs(s.cleanIndex(chunk), s.format() + " after two runs at once");
        s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), List.of(info), s.strategy(), s.params()));
    }

    /** Holds each marker write until the other run reaches its own. */
    private static final class MeetAtMarker extends ForwardingStore {
        private final CyclicBarrier barrier;
        private final AtomicInteger commits;

        MeetAtMarker(ObjectStore delegate, CyclicBarrier barrier, AtomicInteger commits) {
            super(delegate);
            this.barrier = barrier;
            this.commits = commits;
        }

        @Override
        public boolean putIfAbsent(ObjectLocation location, byte[] data) {
            if (!location.key().endsWith("/_SUCCESS.json")) {
                return delegate.putIfAbsent(location, data);
            }
            try {
                barrier.await(2, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException("the other run never reached its marker", e);
            }
            boolean written = delegate.putIfAbsent(location, data);
            if (written) {
                commits.incrementAndGet();
            }
            return written;
        }
    }
}
