package io.dataplug.core.formats.imzml;

import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The imzml round trips against the embedded S3 server over HTTP (one server for the class). */
class S3ImzmlRoundTripTest extends ImzmlRoundTripTest {

    private static EmbeddedS3 s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new EmbeddedS3();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    Pipeline newPipeline(String test) {
        return Pipeline.s3(s3, "imzml-" + test + "-" + System.nanoTime() + "/");
    }

    @Override
    boolean thorough() {
        return false;
    }
}
