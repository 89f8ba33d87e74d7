package io.dataplug.core.formats.fastq;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Corruptions;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link FastqGzipInteropTest} on an embedded S3 server over HTTP (one server for the class). */
class FastqGzipS3InteropTest extends FastqGzipInteropTest {

    static EmbeddedS3 s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new EmbeddedS3();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    /** 100 slices are covered on local files; over HTTP the other counts and 300 one-read slices suffice. */
    @Override
    int[] counts() {
        return new int[] {1, 3, 16};
    }

    @Override
    Pipeline pipeline(String prefix) {
        return Pipeline.s3(s3, prefix + "/");
    }

    @Override
    UnaryOperator<Slice> damageBehindTheEtag(Pipeline p, ObjectLocation loc, Corruptions.Flip flip, Slice probe)
            throws IOException {
        return Corruptions.damageOnServer(s3, p, loc, flip);
    }
}
