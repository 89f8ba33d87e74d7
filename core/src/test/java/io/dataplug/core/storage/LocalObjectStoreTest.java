package io.dataplug.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.ForwardingStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on local files. */
class LocalObjectStoreTest extends ObjectStoreContractTest {
    @TempDir
    static Path dir;
    private final LocalObjectStore store = new LocalObjectStore();

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectLocation at(String key) {
        return ObjectLocation.local(dir.resolve(key));
    }

    /**
     * A marker read while its put-if-absent is finishing: the file is in place (hard-linked from a temporary file)
     * and its status changes once the temporary name is removed, between the read's HEAD and its read. The whole
     * object is still read, not refused as changed.
     */
    @Test
    void aFileWhoseStatusChangesBetweenHeadAndReadIsReadWhole() throws Exception {
        Path file = dir.resolve("linked-marker.json");
        Path tmp = dir.resolve(".linked-marker.tmp");
        byte[] json = "{\"plan\":\"plan-1\"}".getBytes(StandardCharsets.US_ASCII);
        Files.write(tmp, json);
        Files.createLink(file, tmp);
        ObjectLocation loc = ObjectLocation.local(file);
        String linked = store.head(loc).etag();
        int[] heads = {0};
        ObjectStore racing = new ForwardingStore(store) {
            @Override
            public ObjectInfo head(ObjectLocation location) {
                ObjectInfo info = super.head(location);
                if (heads[0]++ == 0) {
                    try {
                        Thread.sleep(20); // file timestamps come from a clock that ticks every few milliseconds
                        Files.delete(tmp); // what put-if-absent does right after linking
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                return info;
            }
        };
        assertThat(racing.readIfExists(loc)).hasValueSatisfying(b -> assertThat(b).isEqualTo(json));
        assertThat(store.head(loc).etag()).as("the unlink changed the file's status").isNotEqualTo(linked);
        assertThat(heads[0]).as("HEADs: the first answer went stale").isEqualTo(2);
    }

    /** A file that changes between every HEAD and read is refused as changed, after a few tries, never read torn. */
    @Test
    void aFileThatKeepsChangingIsRefusedAfterAFewReads() {
        Path file = dir.resolve("always-changing.json");
        ObjectLocation loc = ObjectLocation.local(file);
        store.put(loc, "{}".getBytes(StandardCharsets.US_ASCII));
        int[] heads = {0};
        ObjectStore changing = new ForwardingStore(store) {
            @Override
            public ObjectInfo head(ObjectLocation location) {
                ObjectInfo info = super.head(location);
                heads[0]++;
                store.put(loc, "{}".getBytes(StandardCharsets.US_ASCII)); // replaced: a new file, a new ETag
                return info;
            }
        };
        assertThatThrownBy(() -> changing.readIfExists(loc)).isInstanceOf(ObjectChangedException.class);
        assertThat(heads[0]).isEqualTo(ObjectStore.READ_ATTEMPTS);
    }

    /** What cp -p and rsync -a leave (same size, same modification time, other bytes) is a new version. */
    @Test
    void copiesThatKeepSizeAndMtimeGetANewEtag() throws Exception {
        Path file = dir.resolve("kept-mtime.bin");
        Files.write(file, "ACGT".getBytes(StandardCharsets.US_ASCII));
        ObjectLocation loc = ObjectLocation.local(file);
        String original = store.head(loc).etag();
        assertThat(store.head(loc).etag()).as("unchanged file").isEqualTo(original);
        FileTime mtime = Files.getLastModifiedTime(file);
        Thread.sleep(20); // file timestamps come from a clock that ticks every few milliseconds

        Files.write(file, "ACGA".getBytes(StandardCharsets.US_ASCII)); // cp -p: rewritten in place, mtime restored
        Files.setLastModifiedTime(file, mtime);
        String inPlace = store.head(loc).etag();
        assertThat(store.head(loc).size()).isEqualTo(4);
        assertThat(inPlace).isNotEqualTo(original);

        Thread.sleep(20);
        Path tmp = dir.resolve("kept-mtime.bin.tmp"); // rsync -a: a new file with the old mtime, renamed over
        Files.write(tmp, "ACGC".getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(tmp, mtime);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(store.head(loc).etag()).isNotEqualTo(inPlace).isNotEqualTo(original);
    }
}
