package io.dataplug.core.formats.imzml;

import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The imzml round trips against the embedded S3 server over HTTP (one server for the class). */
class S3ImzmlRoundTripTest extends ImzmlRoundTripTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @Override
    Pipeline newPipeline(String test) {
        return Pipeline.s3(S3.server(), "imzml-" + test + "-" + System.nanoTime() + "/");
    }

    @Override
    boolean thorough() {
        return false;
    }
}
