package io.dataplug.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.testing.EmbeddedS3Extension;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against a real S3 server over HTTP (s3proxy in this JVM). */
class S3ObjectStoreTest extends ObjectStoreContractTest {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("contract");
    static ObjectStores store;

    @BeforeAll
    static void start() {
        store = S3.server().store();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectLocation at(String key) {
        return ObjectLocation.s3("contract", key);
    }

    @Test
    void missingBucket() {
        assertThatThrownBy(() -> store.head(ObjectLocation.s3("no-such-bucket", "k"))).isInstanceOf(ObjectNotFoundException.class);
    }

    /** A listing's pages are requested as it is read; a failure there is still this store's exception. */
    @Test
    void listingAMissingBucketFailsAsAMissingBucket() {
        ObjectLocation nowhere = ObjectLocation.s3("no-such-bucket", "p/");
        assertThatThrownBy(() -> store.list(nowhere).count()).isInstanceOf(BucketNotFoundException.class)
                .hasMessageContaining("no-such-bucket");
        assertThatThrownBy(() -> store.listFolders(nowhere).count()).isInstanceOf(BucketNotFoundException.class)
                .hasMessageContaining("no-such-bucket");
    }

    @Test
    void listingPaginates() {
        IntStream.range(0, 1005).parallel().forEach(i -> store.put(at(String.format("many/%05d", i)), new byte[] {1}));
        assertThat(store.list(at("many/")).count()).isEqualTo(1005);
    }
}
