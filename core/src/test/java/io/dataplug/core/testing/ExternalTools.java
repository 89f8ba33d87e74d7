package io.dataplug.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Third-party command-line tools for interop tests (samtools, wgsim, bgzip, tabix, bcftools, gzip, pigz,
 * gztool, python3...): is a tool installed, and run it. A test that needs a missing tool calls
 * {@link #require} (or its class is annotated {@link RequiresTools}) and is reported as skipped, never as
 * passed; CI installs the tools with {@code .ci/install-tools}.
 */
public final class ExternalTools {

    private static final long TIMEOUT_SECONDS = 300;

    private ExternalTools() {
    }

    /** Whether every tool is an executable on the PATH. */
    public static boolean has(String... tools) {
        return missing(tools).isEmpty();
    }

    /** The tools that are not on the PATH. */
    public static List<String> missing(String... tools) {
        String path = System.getenv("PATH");
        List<String> missing = new ArrayList<>();
        for (String t : tools) {
            boolean found = path != null && Arrays.stream(path.split(File.pathSeparator))
                    .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, t)));
            if (!found) {
                missing.add(t);
            }
        }
        return missing;
    }

    /**
     * Skips the calling test (a JUnit assumption) unless every tool is installed — or fails it, when a missing tool
     * is {@link #mandatory}.
     */
    public static void require(String... tools) {
        List<String> missing = missing(tools);
        List<String> mandatory = missing.stream().filter(ExternalTools::mandatory).toList();
        if (!mandatory.isEmpty()) {
            Assertions.fail(String.join(", ", mandatory) + " not installed, and DATAPLUG_REQUIRE_TOOLS says the tests must run");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> String.join(", ", missing)
                + " not installed (CI installs it with .ci/install-tools): test skipped");
    }

    /**
     * Whether a test that needs {@code tool} must fail rather than be skipped where it is missing: the
     * {@code DATAPLUG_REQUIRE_TOOLS} environment variable names it (comma-separated), as {@code .ci/run} does for
     * tools {@code .ci/install-tools} installs, so that CI cannot pass by skipping.
     */
    public static boolean mandatory(String tool) {
        String v = System.getenv("DATAPLUG_REQUIRE_TOOLS");
        return v != null && Arrays.asList(v.strip().split("\\s*,\\s*")).contains(tool);
    }

    /** What a command did: its exit code, its stdout (empty when redirected to a file) and its stderr. */
    public record Result(int exit, byte[] out, String err) {
    }

    /**
     * Runs {@code command} in {@code dir} (null: the current folder) with stdin from {@code stdin} (null: none)
     * and stdout to {@code stdout} (null: captured in the result). Any exit code is returned.
     */
    public static Result exec(Path dir, Path stdin, Path stdout, String... command) {
        Path err = null;
        try {
            err = Files.createTempFile("dataplug-tool-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            if (stdout != null) {
                pb.redirectOutput(stdout.toFile());
            }
            Process p = pb.start();
            if (stdin == null) {
                p.getOutputStream().close();
            }
            byte[] out = stdout == null ? p.getInputStream().readAllBytes() : new byte[0];
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": timed out");
            }
            return new Result(p.exitValue(), out, Files.readString(err, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (err != null) {
                err.toFile().delete();
            }
        }
    }

    /** Runs a command in {@code dir}, stdout to {@code stdoutFile} (or returned when null); fails on a non-zero exit. */
    public static byte[] run(Path dir, Path stdoutFile, String... command) {
        return check(exec(dir, null, stdoutFile, command), command).out();
    }

    /** Runs a command in {@code dir} and returns its stdout; fails on a non-zero exit. */
    public static byte[] run(Path dir, String... command) {
        return run(dir, null, command);
    }

    /** A bash pipeline ({@code pipefail}), for tools that stream into each other. */
    public static void sh(Path dir, String script) {
        run(dir, "bash", "-o", "pipefail", "-c", script);
    }

    /** Runs {@code command} with {@code input} on stdin and returns its stdout; fails on a non-zero exit. */
    public static byte[] pipe(byte[] input, String... command) {
        Path in = null;
        Path out = null;
        try {
            in = Files.createTempFile("dataplug-tool-in-", ".bin");
            out = Files.createTempFile("dataplug-tool-out-", ".bin");
            Files.write(in, input);
            check(exec(null, in, out, command), command);
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (in != null) {
                in.toFile().delete();
            }
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    /** Output split into lines, without the empty string after a final newline. */
    public static List<String> lines(byte[] out) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static Result check(Result r, String... command) {
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": exit " + r.exit() + ": " + r.err().strip());
        }
        return r;
    }
}
