package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.ForwardingStore;
import io.dataplug.core.testing.Pipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map task's chunk result is stored in the background: the task's thread goes on while it is written, and the
 * runner's {@link TaskRunner#flush} (which the local backend and a worker's task group call before they finish)
 * waits for it and fails with its error.
 */
class BackgroundChunkResultsTest {

    private static final ChunkedSamples SAMPLE = ChunkedSamples.of("vcf");

    @TempDir
    Path dir;

    private static boolean isChunkResult(ObjectLocation at) {
        return at.key().contains("/chunks/");
    }

    @Test
    void aMapTaskReturnsWhileItsResultIsWrittenAndFlushWaitsForIt() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (Pipeline p = Pipeline.local(dir.resolve("gated")).chunkSize(SAMPLE.data().length / 3 + 1)) {
            ObjectInfo info = p.store().head(SAMPLE.put(p));
            PreprocessPlan plan = SAMPLE.plan(p, info, SAMPLE.data().length / 3 + 1);
            try (Pipeline gated = beforeChunkResultPuts(p, at -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })) {
                TaskRunner runner = gated.taskRunner();
                TaskSpec first = plan.tasks().get(0);
                CompletableFuture.runAsync(() -> runner.run(first, b -> { })).get(30, TimeUnit.SECONDS);
                assertThat(chunkResults(p)).as("stored while the write is held").isEmpty();
                CompletableFuture<Void> flushed = CompletableFuture.runAsync(runner::flush);
                Thread.sleep(200);
                assertThat(flushed).as("flush while the write is held").isNotDone();
                gate.countDown();
                flushed.get(30, TimeUnit.SECONDS);
                assertThat(chunkResults(p)).as("stored after flush").hasSize(1);
                // the rest of the plan, in this runner: its finalize takes the held result from memory
                new LocalExecutionBackend(runner, 1).runAll(plan.tasks().subList(1, plan.tasks().size()), b -> { });
                assertThat(chunkResults(p)).as("stored when the backend returns").hasSize(plan.tasks().size());
                new LocalExecutionBackend(runner, 1).runAll(plan.finalizeTasks(), b -> { });
            }
            CommittedIndex.read(p, SAMPLE.format(), SAMPLE.options(), info)
                    .assertSameContentAs(SAMPLE.cleanIndex(SAMPLE.data().length / 3 + 1), "after background writes");
            SAMPLE.assertSlicesHoldTheData(p.evaluateAll(SAMPLE.format(), SAMPLE.options(), List.of(info), SAMPLE.strategy(),
                    SAMPLE.params()));
        }
    }

    @Test
    void aResultTheStoreRefusesFailsTheRunWithTheStoresError() {
        try (Pipeline p = Pipeline.local(dir.resolve("refused")).chunkSize(SAMPLE.data().length / 3 + 1)) {
            ObjectInfo info = p.store().head(SAMPLE.put(p));
            PreprocessPlan plan = SAMPLE.plan(p, info, SAMPLE.data().length / 3 + 1);
            try (Pipeline refusing = beforeChunkResultPuts(p, at -> {
                throw new StorageException(at.toUri(), "refused (test)");
            })) {
                Throwable t = catchThrowable(() -> new LocalExecutionBackend(refusing.taskRunner(), 2)
                        .runAll(plan.tasks(), b -> { }));
                assertThat(t).isInstanceOf(StorageException.class).hasMessageContaining("/chunks/")
                        .hasMessageContaining("refused (test)");
                assertThat(t.getSuppressed()).as("the other chunks' failures").hasSize(plan.tasks().size() - 1);
            }
            assertThat(p.metadata().marker(SAMPLE.format(), SAMPLE.formatOptions().asMap(), info)).as("marker").isEmpty();
        }
    }

    /** Another process over {@code p}'s folders whose stores run {@code hook} before each chunk result's PUT. */
    private static Pipeline beforeChunkResultPuts(Pipeline p, Consumer<ObjectLocation> hook) {
        return p.withStores(store -> new ForwardingStore(store) {
            @Override
            public void put(ObjectLocation location, byte[] data) {
                if (isChunkResult(location)) {
                    hook.accept(location);
                }
                super.put(location, data);
            }
        });
    }

    private static List<ObjectLocation> chunkResults(Pipeline p) {
        return p.store().list(p.metadataRoot()).map(ObjectInfo::location).filter(BackgroundChunkResultsTest::isChunkResult)
                .toList();
    }
}
