package io.dataplug.core.formats.fasta;

import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fasta round trips against the embedded S3 server over HTTP (one server for the class). */
class S3FastaRoundTripTest extends FastaRoundTripTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @Override
    Pipeline newPipeline(String test) {
        return Pipeline.s3(S3.server(), "fasta-" + test + "-" + System.nanoTime() + "/");
    }

    @Override
    boolean thorough() {
        return false;
    }
}
