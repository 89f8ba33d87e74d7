package io.dataplug.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.CrashingStore;
import io.dataplug.core.testing.Pipeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7.1 as reported: a run killed between map and finalize leaves chunk results behind, and a retry with
 * another chunk size used to finalize them as its own (vcf and fastq: wrong slices, exit 0; text, csv, fasta:
 * an error on every retry). Now the retry commits exactly a clean run's index. Both directions: the leftovers
 * cover fewer or more bytes than the retry's chunks of the same number. See {@link PreprocessFaultMatrixTest}
 * for every other crash point and {@link ConcurrentPreprocessTest} for two runs at once.
 */
class LeftoverChunkResultsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void retryWithLargerChunksIgnoresTheLeftovers(ChunkedSamples s) {
        crashThenRetry(s, 16 << 10, 40 << 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ConcurrentPreprocessTest.ALL)
    void retryWithSmallerChunksIgnoresTheLeftovers(ChunkedSamples s) {
        crashThenRetry(s, 40 << 10, 16 << 10);
    }

    private void crashThenRetry(ChunkedSamples s, long first, long retry) {
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation loc = s.put(p);
            ExecutionBackend mapOnly = PreprocessFaultMatrixTest.killedBeforeFinalize(p.taskRunner());
            assertThatThrownBy(() -> p.chunkSize(first).preprocess(mapOnly, s.format(), s.options(), loc))
                    .isInstanceOf(CrashingStore.Crash.class);
            List<ObjectInfo> infos = p.chunkSize(retry).preprocess(s.format(), s.options(), loc);
            CommittedIndex index = CommittedIndex.read(p, s.format(), s.options(), infos.get(0));
            assertThat(index.plan()).isEqualTo(new ChunkPlan(s.data().length, retry).id());
            index.assertSameContentAs(s.cleanIndex(retry), s.format());
            s.assertSlicesHoldTheData(p.evaluateAll(s.format(), s.options(), infos, s.strategy(), s.params()));
        }
    }
}
