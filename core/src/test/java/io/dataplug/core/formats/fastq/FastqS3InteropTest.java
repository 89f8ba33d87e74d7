package io.dataplug.core.formats.fastq;

import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FastqInteropTest} on an embedded S3 server over HTTP (one server for the class). */
class FastqS3InteropTest extends FastqInteropTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @Override
    Pipeline pipeline(String prefix) {
        return Pipeline.s3(S3.server(), prefix + "/");
    }
}
