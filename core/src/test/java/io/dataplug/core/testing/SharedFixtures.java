package io.dataplug.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Third-party files (made by other writers, kept with their licences) in {@code ../shared/fixtures/} beside
 * the repository. They are never copied into the repository: a test that needs one calls {@link #require}
 * and is reported as skipped where {@code ../shared} is absent. {@code -Ddataplug.fixtures=DIR} overrides
 * the location.
 */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /** The fixtures folder, if it is there. */
    public static Optional<Path> dir() {
        String override = System.getProperty("dataplug.fixtures");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        // Surefire runs in the module folder (core/, operator/...); walk up to the repository root (it has mvnw).
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) {
                Path fixtures = d.resolveSibling("shared").resolve("fixtures");
                return Files.isDirectory(fixtures) ? Optional.of(fixtures) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A fixture file by its path under {@code fixtures/} (e.g. {@code lidar/laspy-simple.las}); skips the test when absent. */
    public static Path require(String relative) {
        Optional<Path> d = dir();
        Assumptions.assumeTrue(d.isPresent(), "../shared/fixtures is absent: third-party fixture tests skipped");
        Path p = d.get().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), () -> "fixture " + p + " is absent: test skipped");
        return p;
    }
}
