package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.ForwardingStore;
import io.dataplug.core.testing.Pipeline;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A map task whose scan finishes the record that straddles its chunk's end reads that record with its own bytes: no
 * task reads on, in a request of its own, from where its previous read of the source stopped. (That request would
 * come after the whole chunk was read, a round trip on every chunk but the last.)
 */
class ChunkReadsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void aMapTaskReadsTheRecordOverItsEndWithItsOwnBytes(ChunkedSamples s) {
        long chunkSize = s.data().length / 4 + 1;
        List<long[]> reads = new CopyOnWriteArrayList<>();
        try (Pipeline p = Pipeline.local(dir.resolve("p")).chunkSize(chunkSize)) {
            ObjectInfo info = p.store().head(s.put(p));
            PreprocessPlan plan = s.plan(p, info, chunkSize);
            assertThat(plan.tasks()).as("map tasks").hasSize(4);
            try (Pipeline recorded = p.withStores(store -> new ForwardingStore(store) {
                @Override
                public InputStream open(ObjectLocation location, long offset, long length, String etag) {
                    if (location.equals(info.location())) {
                        reads.add(new long[] {offset, offset + length});
                    }
                    return super.open(location, offset, length, etag);
                }
            })) {
                TaskRunner runner = recorded.taskRunner();
                for (TaskSpec task : plan.tasks()) {
                    reads.clear();
                    new LocalExecutionBackend(runner, 1).runAll(List.of(task), b -> { });
                    assertThat(reads).as(task.describe() + ": reads of the source").isNotEmpty();
                    for (int i = 1; i < reads.size(); i++) {
                        assertThat(reads.get(i)[0]).as(task.describe() + ": read " + i + " of " + reads.stream()
                                .map(r -> "[" + r[0] + ", " + r[1] + ")").toList()).isNotEqualTo(reads.get(i - 1)[1]);
                    }
                }
                new LocalExecutionBackend(runner, 1).runAll(plan.finalizeTasks(), b -> { });
            }
            List<ObjectInfo> infos = List.of(info);
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), infos, s.strategy(), s.params()));
        }
    }
}
