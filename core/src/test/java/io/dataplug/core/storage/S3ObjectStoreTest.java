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

/** The storage contract against a real S3 server over HTTP (s3proxy in this JVM). */
class S3ObjectStoreTest extends ObjectStoreContractTest {
    static EmbeddedS3 s3;
    static ObjectStores store;

    @BeforeAll
    static void start() throws Exception {
        s3 = new EmbeddedS3();
        s3.createBucket("contract");
        store = s3.store();
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        s3.close();
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

    @Test
    void listingPaginates() {
        IntStream.range(0, 1005).parallel().forEach(i -> store.put(at(String.format("many/%05d", i)), new byte[] {1}));
        assertThat(store.list(at("many/")).count()).isEqualTo(1005);
    }
}
