package io.dataplug.operator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's top folder, found from the test's working directory wherever the module sits. */
public final class RepoRoot {

    private RepoRoot() {
    }

    public static Path get() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve(".ci"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (a folder with mvnw and .ci/) above " + Path.of("").toAbsolutePath());
    }
}
