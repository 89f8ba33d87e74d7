package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.Params;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.ForwardingStore;
import io.dataplug.core.testing.Pipeline;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A plan of one chunk commits in its map task: the same index a finalize commits (here: a finalize alone, which
 * computes the chunk itself, in another runner), no chunk result left behind, and a finalize task run afterwards by
 * another process (an operator's finalize pod) finds the marker and writes nothing. And the planner's marker
 * lookups, started ahead, still sort many objects exactly into indexed and to do.
 */
class OneChunkPlanTest {

    private static final long WHOLE = 64L << 20;

    @TempDir
    Path dir;

    /** Counts writes that change something (a put-if-absent that finds the object there writes nothing). */
    static class Writes extends ForwardingStore {
        final AtomicInteger writes = new AtomicInteger();

        Writes(ObjectStore delegate) {
            super(delegate);
        }

        /** Another process over {@code p}'s folders whose stores count their writes into {@code made}. */
        static Pipeline counting(Pipeline p, List<Writes> made) {
            return p.withStores(store -> {
                Writes w = new Writes(store);
                made.add(w);
                return w;
            });
        }

        static int total(List<Writes> made) {
            return made.stream().mapToInt(w -> w.writes.get()).sum();
        }

        @Override
        public void put(ObjectLocation location, byte[] data) {
            writes.incrementAndGet();
            super.put(location, data);
        }

        @Override
        public boolean putIfAbsent(ObjectLocation location, byte[] data) {
            boolean written = super.putIfAbsent(location, data);
            if (written) {
                writes.incrementAndGet();
            }
            return written;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void theMapTaskCommitsWhatAFinalizeWouldAndLeavesItNothingToDo(ChunkedSamples s) {
        CommittedIndex byMap;
        try (Pipeline p = Pipeline.local(dir.resolve("map")).chunkSize(WHOLE)) {
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, WHOLE);
            assertThat(plan.tasks()).hasSize(1);
            AtomicLong committing = new AtomicLong();
            new LocalExecutionBackend(p.taskRunner(), 1).runAll(plan.tasks(), committing::addAndGet);
            assertThat(committing.get()).as("progress of the task that commits (what its index build reads again is not progress)")
                    .isEqualTo(info.size());
            byMap = CommittedIndex.read(p, s.format(), s.options(), info);
            assertThat(p.store().list(p.metadataRoot()).filter(o -> o.location().key().contains("/" + MetadataLayout.CHUNKS + "/")))
                    .as("chunk results").isEmpty();
            List<Writes> made = new CopyOnWriteArrayList<>();
            try (Pipeline other = Writes.counting(p, made)) {
                new LocalExecutionBackend(other.taskRunner(), 1).runAll(plan.finalizeTasks(), b -> { });
                // the same map task again (a retried pod): it may work while its marker lookup is in flight, but
                // drops what it made (or, done first, finds the marker there when it commits), writes nothing, and
                // reports its bytes once
                AtomicLong progress = new AtomicLong();
                new LocalExecutionBackend(other.taskRunner(), 1).runAll(plan.tasks(), progress::addAndGet);
                assertThat(progress.get()).as("progress of a task whose object is committed").isEqualTo(info.size());
            }
            assertThat(Writes.total(made)).as("writes by a finalize and a retried map task after the map task committed").isZero();
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), List.of(info), s.strategy(), s.params()));
        }
        CommittedIndex byFinalize;
        try (Pipeline p = Pipeline.local(dir.resolve("finalize")).chunkSize(WHOLE)) {
            ObjectInfo info = p.store().head(s.put(p));
            new LocalExecutionBackend(p.taskRunner(), 1).runAll(s.plan(p, info, WHOLE).finalizeTasks(), b -> { });
            byFinalize = CommittedIndex.read(p, s.format(), s.options(), info);
        }
        byMap.assertSameContentAs(byFinalize, s.format() + ": one-chunk plan committed by its map task against a finalize");
        assertThat(byMap.plan()).isEqualTo(byFinalize.plan());
    }

    /**
     * A retried map task whose marker lookup answers only after its work is done (a slow metadata store): a small
     * index's commit does not wait for the lookup, finds the marker there, and keeps it; a large one waits. Either way
     * nothing changes, and the task reports its bytes once.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void aRetriedTaskWhoseLookupIsSlowChangesNothing(ChunkedSamples s) {
        try (Pipeline p = Pipeline.local(dir.resolve("slow")).chunkSize(WHOLE)) {
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, WHOLE);
            new LocalExecutionBackend(p.taskRunner(), 1).runAll(plan.tasks(), b -> { });
            CommittedIndex before = CommittedIndex.read(p, s.format(), s.options(), info);
            String markerBefore = markerText(p, s, info);
            List<Writes> made = new CopyOnWriteArrayList<>();
            AtomicLong progress = new AtomicLong();
            try (Pipeline slow = p.withStores(store -> {
                Writes w = new Writes(store) {
                    @Override
                    public Optional<byte[]> readIfExists(ObjectLocation location) {
                        if (location.key().endsWith("/_SUCCESS.json")) {
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return super.readIfExists(location);
                    }
                };
                made.add(w);
                return w;
            })) {
                new LocalExecutionBackend(slow.taskRunner(), 1).runAll(plan.tasks(), progress::addAndGet);
            }
            assertThat(progress.get()).as("progress").isEqualTo(info.size());
            assertThat(Writes.total(made)).as("writes").isZero();
            assertThat(markerText(p, s, info)).as("the marker").isEqualTo(markerBefore);
            CommittedIndex.read(p, s.format(), s.options(), info).assertSameContentAs(before, s.format());
        }
    }

    /**
     * Right after planning (as the CLI runs its tasks), a task that commits looks its marker up only before writing
     * anything besides it: an object whose commit is one marker is indexed with no marker read at all, one with side
     * files or an {@code index.json} with one read before them. Run again on the committed object (a second CLI racing
     * the first), the task writes nothing, keeps the first marker, and reports its bytes once.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void rightAfterPlanningATaskLooksItsMarkerUpOnlyBeforeWritingBesideIt(ChunkedSamples s) {
        try (Pipeline p = Pipeline.local(dir.resolve("planned")).chunkSize(WHOLE)) {
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, WHOLE);
            List<ObjectLocation> markerReads = runRightAfterPlanning(p, plan);
            CommittedIndex first = CommittedIndex.read(p, s.format(), s.options(), info);
            boolean markerOnly = first.sideFiles().isEmpty()
                    && p.metadata().marker(s.format(), s.formatOptions().asMap(), info).orElseThrow().index() != null;
            assertThat(markerReads).as(s.format() + (markerOnly ? ": a commit that is one marker" : ": a commit with "
                    + first.sideFiles().keySet() + " beside the marker")).hasSize(markerOnly ? 0 : 1);
            String markerBefore = markerText(p, s, info);

            List<Writes> made = new CopyOnWriteArrayList<>();
            AtomicLong progress = new AtomicLong();
            try (Pipeline other = Writes.counting(p, made)) {
                new LocalExecutionBackend(other.taskRunner(MarkerLookup.BEFORE_SIDE_WRITES), 1).runAll(plan.tasks(),
                        progress::addAndGet);
            }
            assertThat(progress.get()).as("progress of a task whose object is committed").isEqualTo(info.size());
            assertThat(Writes.total(made)).as("writes by a task whose object is committed").isZero();
            assertThat(markerText(p, s, info)).as("the marker").isEqualTo(markerBefore);
            CommittedIndex.read(p, s.format(), s.options(), info).assertSameContentAs(first, s.format());
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), List.of(info), s.strategy(), s.params()));
        }
    }

    /** Right after planning too, a task larger than one ranged read looks its marker up while it works. */
    @Test
    void rightAfterPlanningALargeTaskLooksItsMarkerUpWhileItWorks() {
        try (Pipeline p = Pipeline.local(dir.resolve("large")).chunkSize(WHOLE)) {
            byte[] line = "a line of text of some length\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] data = new byte[(int) MarkerLookup.SMALL_TASK + line.length * 10];
            for (int i = 0; i + line.length <= data.length; i += line.length) {
                System.arraycopy(line, 0, data, i, line.length);
            }
            ObjectInfo info = p.store().head(p.put("large.txt", data));
            PreprocessPlan plan = ChunkedSamples.of("text").plan(p, info, WHOLE);
            assertThat(plan.tasks()).hasSize(1);
            List<ObjectLocation> markerReads = runRightAfterPlanning(p, plan);
            assertThat(markerReads).as("marker lookups of a task of %d bytes", data.length).hasSize(1);
            assertThat(p.metadata().marker("text", ChunkedSamples.of("text").formatOptions().asMap(), info)).isPresent();
        }
    }

    /**
     * A task that commits an object of one chunk reads the object's first bytes from the store once: what its index
     * build reads again of them (csv's header, found once the scan is done) comes from what the scan read.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void aOneChunkTaskReadsTheObjectsFirstBytesOnce(ChunkedSamples s) {
        try (Pipeline p = Pipeline.local(dir.resolve("once")).chunkSize(WHOLE)) {
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, WHOLE);
            List<long[]> reads = new CopyOnWriteArrayList<>();
            try (Pipeline reading = p.withStores(store -> new ForwardingStore(store) {
                @Override
                public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
                    if (location.equals(info.location())) {
                        reads.add(new long[] {offset, length});
                    }
                    return super.open(location, offset, length, expectedEtag);
                }
            })) {
                new LocalExecutionBackend(reading.taskRunner(MarkerLookup.BEFORE_SIDE_WRITES), 1).runAll(plan.tasks(), b -> { });
            }
            assertThat(reads.stream().filter(r -> r[0] == 0).map(java.util.Arrays::toString))
                    .as(s.format() + ": reads from the object's first byte, of all its reads " + reads.stream()
                            .map(java.util.Arrays::toString).toList()).hasSize(1);
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), List.of(info), s.strategy(), s.params()));
        }
    }

    /** Runs {@code plan}'s tasks as the CLI does, right after planning; returns the markers they read. */
    private static List<ObjectLocation> runRightAfterPlanning(Pipeline p, PreprocessPlan plan) {
        List<ObjectLocation> markerReads = new CopyOnWriteArrayList<>();
        try (Pipeline reading = p.withStores(store -> new ForwardingStore(store) {
            @Override
            public Optional<byte[]> readIfExists(ObjectLocation location) {
                if (location.key().endsWith("/" + MetadataLayout.MARKER)) {
                    markerReads.add(location);
                }
                return super.readIfExists(location);
            }
        })) {
            new LocalExecutionBackend(reading.taskRunner(MarkerLookup.BEFORE_SIDE_WRITES), 1).runAll(plan.tasks(), b -> { });
        }
        return markerReads;
    }

    private static String markerText(Pipeline p, ChunkedSamples s, ObjectInfo info) {
        ObjectLocation at = MetadataLayout.marker(p.metadata().layout().objectDir(s.format(), s.formatOptions().asMap(), info));
        return new String(p.store().readIfExists(at).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The task's own marker lookup fails (the metadata store refuses reads): the task fails with that error, not a
     * stand-in, although it looked the marker up while it worked. It writes nothing when the lookup failed before
     * the work was done (here the source is read only once the lookup has been refused); a commit that did not wait
     * for the lookup would be complete (a put-if-absent marker), and the task would still fail with the lookup's error.
     */
    @Test
    void aMarkerLookupThatFailsIsTheTasksError() {
        try (Pipeline p = Pipeline.local(dir.resolve("refused")).chunkSize(WHOLE)) {
            ChunkedSamples s = ChunkedSamples.of("text");
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, WHOLE);
            List<Writes> made = new CopyOnWriteArrayList<>();
            CountDownLatch refused = new CountDownLatch(1);
            try (Pipeline refusing = p.withStores(store -> {
                Writes w = new Writes(store) {
                    @Override
                    public Optional<byte[]> readIfExists(ObjectLocation location) {
                        if (location.key().endsWith("/_SUCCESS.json")) {
                            refused.countDown();
                            throw new StorageException(location.toUri(), "access denied");
                        }
                        return super.readIfExists(location);
                    }

                    @Override
                    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
                        try {
                            refused.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return super.open(location, offset, length, expectedEtag);
                    }
                };
                made.add(w);
                return w;
            })) {
                assertThatThrownBy(() -> new LocalExecutionBackend(refusing.taskRunner(), 1).runAll(plan.tasks(), b -> { }))
                        .isInstanceOf(StorageException.class).hasMessageEndingWith("_SUCCESS.json: access denied");
            }
            if (Writes.total(made) > 0) { // the lookup was refused after the work was done
                CommittedIndex.read(p, s.format(), s.options(), info).assertSameContentAs(s.cleanIndex(WHOLE), "text");
            }
        }
    }

    @Test
    void manyObjectsSomeIndexedArePlannedExactly() {
        try (Pipeline p = Pipeline.local(dir.resolve("many")).chunkSize(WHOLE)) {
            List<ObjectInfo> all = new ArrayList<>();
            List<String> indexed = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // more than the lookups started ahead
                ObjectLocation loc = p.put("part-" + i + ".txt", ("line " + i + "\nmore\n").getBytes());
                if (i % 3 == 0) {
                    p.preprocess("text", Map.of(), loc);
                    indexed.add(loc.toUri());
                }
                all.add(p.store().head(loc));
            }
            Format<?, ?, ?> text = Formats.get("text");
            PreprocessPlan plan = Planner.plan(text, Params.parse(text.options(), Map.of(), "test"), all, p.storage(),
                    p.metadata(), WHOLE);
            assertThat(plan.alreadyIndexed()).containsExactlyElementsOf(indexed);
            List<String> planned = plan.tasks().stream().map(t -> t.source().location().toUri()).toList();
            assertThat(planned).containsExactlyElementsOf(all.stream().map(o -> o.location().toUri())
                    .filter(u -> !indexed.contains(u)).toList());
        }
    }
}
