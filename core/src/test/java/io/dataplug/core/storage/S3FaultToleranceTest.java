package io.dataplug.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.FaultyTcpProxy;
import java.io.InputStream;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Throttling and broken connections between us and a real S3 server. */
class S3FaultToleranceTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("faults");
    static FaultyTcpProxy proxy;
    static String etag;
    static byte[] data = new byte[2_000_000];
    static ObjectLocation loc = ObjectLocation.s3("faults", "object.bin");

    @BeforeAll
    static void start() throws Exception {
        new Random(5).nextBytes(data);
        try (var direct = S3.server().store()) {
            direct.put(loc, data);
            etag = direct.head(loc).etag();
        }
        proxy = new FaultyTcpProxy(URI.create(S3.server().endpoint()).getPort());
    }

    /** A fresh client, so its first request opens a new connection through the proxy. */
    private static S3ObjectStore throughProxy() {
        return new S3ObjectStore(new StorageOptions(proxy.endpoint(), "us-east-1", true, false, false));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
    }

    @Test
    void throttledRequestsAreRetriedWithBackoff() {
        proxy.slowDownNext(3);
        try (S3ObjectStore store = throughProxy()) {
            byte[] got = store.read(loc, 1000, 5000, etag);
            assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 6000));
        }
        assertThat(proxy.pendingSlowDowns()).isZero();
    }

    @Test
    void brokenBodyIsResumedFromTheLastByte() throws Exception {
        proxy.cutNextResponseAfter(700_000);
        try (S3ObjectStore store = throughProxy(); InputStream in = store.open(loc, 0, data.length, etag)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(proxy.cutPending()).isFalse();
    }
}
