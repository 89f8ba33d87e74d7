package io.dataplug.operator.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool a test runs (kubectl, node, lua5.1). Where it is missing the test is skipped — or fails,
 * when the {@code DATAPLUG_REQUIRE_TOOLS} environment variable names it (comma-separated), as {@code .ci/run} does
 * for the tools {@code .ci/install-tools} installs: CI must not pass by skipping.
 */
public final class ExternalCommand {

    public record Result(int exit, String stdout, String stderr) {
    }

    private ExternalCommand() {
    }

    public static Optional<Path> find(String tool) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Arrays.stream(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    /** The tool's path; skips the test (or fails it, when required) if it is not on the PATH. */
    public static Path require(String tool, String installedBy) {
        Optional<Path> p = find(tool);
        if (p.isEmpty() && required(tool)) {
            fail(tool + " is not on the PATH but DATAPLUG_REQUIRE_TOOLS names it (" + installedBy + ")");
        }
        assumeTrue(p.isPresent(), tool + " is not on the PATH (" + installedBy + ")");
        return p.get();
    }

    /** Skips the test (or fails it, when {@code tool} is required) unless {@code ready}. */
    public static void assumeReady(boolean ready, String tool, String why) {
        if (!ready && required(tool)) {
            fail(why + " but DATAPLUG_REQUIRE_TOOLS names " + tool);
        }
        assumeTrue(ready, why);
    }

    static boolean required(String tool) {
        String v = System.getenv("DATAPLUG_REQUIRE_TOOLS");
        return v != null && List.of(v.split("\\s*,\\s*")).contains(tool);
    }

    /** Runs {@code command} in {@code dir} with {@code stdin}, waiting at most two minutes. */
    public static Result run(Path dir, byte[] stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": timed out");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
