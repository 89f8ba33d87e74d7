package io.dataplug.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.testing.EmbeddedS3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same contract, checked against a local folder and a real S3 server over HTTP. */
public abstract class ObjectStoreContractTest {

    abstract ObjectStore store();

    abstract ObjectLocation at(String key);

    @Test
    void putHeadReadListDelete() throws IOException {
        byte[] data = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        ObjectLocation loc = at("dir/obj.txt");
        store().put(loc, data);
        ObjectInfo info = store().head(loc);
        assertThat(info.size()).isEqualTo(16);
        assertThat(info.etag()).isNotBlank().doesNotContain("\"");
        assertThat(store().read(loc, 3, 5, info.etag())).isEqualTo("34567".getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = store().open(loc, 10, 6, info.etag())) {
            assertThat(in.readAllBytes()).isEqualTo("abcdef".getBytes(StandardCharsets.US_ASCII));
        }
        store().put(at("dir/other.txt"), new byte[0]);
        store().put(at("dirx/no.txt"), new byte[1]);
        List<String> keys = store().list(at("dir/")).map(o -> o.location().fileName()).toList();
        assertThat(keys).containsExactly("obj.txt", "other.txt");
        store().delete(loc);
        assertThatThrownBy(() -> store().head(loc)).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("obj.txt");
    }

    /** One level below a folder, in key order, each folder once; files there and keys beside the folder are not. */
    @Test
    void listFoldersNamesTheFoldersRightUnderAFolder() {
        for (String key : List.of("lf/b/x/deep.txt", "lf/a/1.txt", "lf/a/2.txt", "lf/file.txt", "lfx/c/1.txt")) {
            store().put(at(key), ascii(key));
        }
        assertThat(store().listFolders(at("lf/"))).containsExactly("a", "b");
        assertThat(store().listFolders(at("lf/b/"))).containsExactly("x");
        assertThat(store().listFolders(at("lf/a/"))).isEmpty();
        assertThat(store().listFolders(at("nothing-here/"))).isEmpty();
    }

    /** More folders than one page of a listing (1,000 on S3): every one, once. */
    @Test
    void listFoldersReadsEveryPage() {
        List<String> names = IntStream.range(0, 1_030).mapToObj(i -> String.format("f%05d", i)).toList();
        names.parallelStream().forEach(n -> store().put(at("pages/" + n + "/_SUCCESS.json"), ascii(n)));
        assertThat(store().listFolders(at("pages/"))).containsExactlyElementsOf(names);
    }

    @Test
    void putIfAbsentWritesOnlyTheFirstTime() {
        ObjectLocation loc = at("once/marker.json");
        assertThat(store().putIfAbsent(loc, ascii("first"))).isTrue();
        assertThat(store().putIfAbsent(loc, ascii("second"))).isFalse();
        assertThat(store().readIfExists(loc)).contains(ascii("first"));
        store().put(loc, ascii("replaced"));
        assertThat(store().readIfExists(loc)).contains(ascii("replaced"));
    }

    /** Writers racing for one name: exactly one wins, and the object holds its bytes whole. */
    @Test
    void putIfAbsentHasOneWinnerAmongConcurrentWriters() throws Exception {
        ObjectLocation loc = at("race/marker.json");
        int writers = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Boolean>> won = IntStream.range(0, writers).mapToObj(i -> pool.submit(() -> {
                start.await();
                return store().putIfAbsent(loc, ascii("writer " + i + " ".repeat(1000 * i)));
            })).toList();
            int winners = 0;
            int winner = -1;
            for (int i = 0; i < writers; i++) {
                if (won.get(i).get()) {
                    winners++;
                    winner = i;
                }
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store().readIfExists(loc)).contains(ascii("writer " + winner + " ".repeat(1000 * winner)));
        } finally {
            pool.shutdownNow();
        }
    }

    /** 20 MB written in 1 MB pieces: several parts on S3, one file locally; read back whole. */
    @Test
    void streamedPutIsWholeWhenTheWriterReturns() {
        byte[] data = new byte[20 << 20];
        new Random(11).nextBytes(data);
        ObjectLocation loc = at("streamed/big.bin");
        store().putStreamed(loc, out -> {
            for (int off = 0; off < data.length; off += 1 << 20) {
                out.write(data, off, Math.min(1 << 20, data.length - off));
            }
        });
        ObjectInfo info = store().head(loc);
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(store().read(loc, 0, data.length, info.etag())).isEqualTo(data);
    }

    /** A writer that fails after more than one part leaves the previous object as it was, and no new one. */
    @Test
    void aFailedStreamedPutLeavesNothingBehind() {
        ObjectLocation old = at("streamed/old.txt");
        store().put(old, ascii("previous"));
        for (ObjectLocation loc : List.of(old, at("streamed/never.txt"))) {
            assertThatThrownBy(() -> store().putStreamed(loc, out -> {
                out.write(new byte[9 << 20]);
                throw new IOException("the writer failed");
            })).isInstanceOf(StorageException.class).hasMessageContaining("the writer failed");
        }
        assertThat(store().readIfExists(old)).contains(ascii("previous"));
        assertThatThrownBy(() -> store().head(at("streamed/never.txt"))).isInstanceOf(ObjectNotFoundException.class);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rangeBeyondEndIsAnError() {
        ObjectLocation loc = at("short.bin");
        store().put(loc, new byte[10]);
        String etag = store().head(loc).etag();
        assertThatThrownBy(() -> store().read(loc, 5, 10, etag)).isInstanceOf(StorageException.class)
                .hasMessageContaining("short.bin").hasMessageContaining("offset 5");
    }

    @Test
    void changedObjectIsRefused() throws Exception {
        ObjectLocation loc = at("changing.txt");
        store().put(loc, "version one".getBytes(StandardCharsets.US_ASCII));
        String etag = store().head(loc).etag();
        Thread.sleep(5); // local ETags include the modification time
        store().put(loc, "version two".getBytes(StandardCharsets.US_ASCII));
        assertThat(store().head(loc).etag()).isNotEqualTo(etag);
        assertThatThrownBy(() -> store().read(loc, 0, 7, etag)).isInstanceOf(ObjectChangedException.class)
                .hasMessageContaining("changing.txt").hasMessageContaining(etag);
    }

    /**
     * Blocks of 100,000 bytes 4 at a time; blocks spanning several buffered pieces; no read-ahead at all; tails short
     * enough to join their block.
     */
    @Test
    void parallelRangeStreamReassemblesLargeRanges() throws IOException {
        byte[] data = new byte[3_000_000];
        new Random(7).nextBytes(data);
        ObjectLocation loc = at("big.bin");
        store().put(loc, data);
        String etag = store().head(loc).etag();
        int[][] blockingAndParallelism = {{100_000, 4}, {700_000, 1}, {700_000, 3}, {1_000_000, 2}, {2_990_000, 2},
            {2_500_000, 4}};
        for (int[] bp : blockingAndParallelism) {
            try (InputStream in = new ParallelRangeInputStream(store(), loc, etag, 1234, 2_999_000, bp[0], bp[1],
                    RangeStreams.ioExecutor())) {
                byte[] got = in.readAllBytes();
                assertThat(got).as("blocks of %d, parallelism %d", bp[0], bp[1])
                        .isEqualTo(java.util.Arrays.copyOfRange(data, 1234, 2_999_000));
            }
        }
    }

    @Test
    void readIfExistsOfMissingAndEmptyObjects() {
        assertThat(store().readIfExists(at("nope/missing.json"))).isEmpty();
        ObjectLocation empty = at("empty.json");
        store().put(empty, new byte[0]);
        assertThat(store().readIfExists(empty)).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void missingObject() {
        assertThatThrownBy(() -> store().head(at("nope/none.txt"))).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("none.txt");
    }
}
