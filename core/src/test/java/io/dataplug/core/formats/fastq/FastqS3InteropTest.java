package io.dataplug.core.formats.fastq;

import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link FastqInteropTest} on an embedded S3 server over HTTP (one server for the class). */
class FastqS3InteropTest extends FastqInteropTest {

    static EmbeddedS3 s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new EmbeddedS3();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @Override
    Pipeline pipeline(String prefix) {
        return Pipeline.s3(s3, prefix + "/");
    }
}
