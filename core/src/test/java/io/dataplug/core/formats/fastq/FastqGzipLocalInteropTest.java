package io.dataplug.core.formats.fastq;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Corruptions;
import io.dataplug.core.testing.Pipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;

/** {@link FastqGzipInteropTest} on local files. */
class FastqGzipLocalInteropTest extends FastqGzipInteropTest {

    @TempDir
    static Path dir;

    @Override
    Pipeline pipeline(String prefix) {
        return Pipeline.local(dir.resolve(prefix));
    }

    @Override
    UnaryOperator<Slice> damageBehindTheEtag(Pipeline p, ObjectLocation loc, Corruptions.Flip flip, Slice probe)
            throws IOException {
        return Corruptions.damageLocalFile(p, loc, flip, probe);
    }
}
