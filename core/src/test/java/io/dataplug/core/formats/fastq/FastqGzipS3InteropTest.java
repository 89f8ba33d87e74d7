package io.dataplug.core.formats.fastq;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Corruptions;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FastqGzipInteropTest} on an embedded S3 server over HTTP (one server for the class). */
class FastqGzipS3InteropTest extends FastqGzipInteropTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    /** 100 slices are covered on local files; over HTTP the other counts and 300 one-read slices suffice. */
    @Override
    int[] counts() {
        return new int[] {1, 3, 16};
    }

    @Override
    Pipeline pipeline(String prefix) {
        return Pipeline.s3(S3.server(), prefix + "/");
    }

    @Override
    UnaryOperator<Slice> damageBehindTheEtag(Pipeline p, ObjectLocation loc, Corruptions.Flip flip, Slice probe)
            throws IOException {
        return Corruptions.damageOnServer(S3.server(), p, loc, flip);
    }
}
