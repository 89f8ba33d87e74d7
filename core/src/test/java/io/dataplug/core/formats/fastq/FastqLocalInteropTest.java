package io.dataplug.core.formats.fastq;

import io.dataplug.core.testing.Pipeline;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link FastqInteropTest} on local files. */
class FastqLocalInteropTest extends FastqInteropTest {

    @TempDir
    static Path dir;

    @Override
    Pipeline pipeline(String prefix) {
        return Pipeline.local(dir.resolve(prefix));
    }
}
