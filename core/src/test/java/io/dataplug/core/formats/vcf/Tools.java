package io.dataplug.core.formats.vcf;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs third-party command-line tools (bcftools, tabix, samtools...) for interop tests. */
final class Tools {

    private Tools() {
    }

    /** Whether every tool is on the PATH. */
    static boolean available(String... tools) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String t : tools) {
            boolean found = Arrays.stream(path.split(File.pathSeparator)).map(d -> Path.of(d, t))
                    .anyMatch(Files::isExecutable);
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Runs a command in {@code dir}, optionally writing stdout to {@code stdoutFile}; returns stdout otherwise. */
    static byte[] run(Path dir, Path stdoutFile, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        if (stdoutFile != null) {
            pb.redirectOutput(stdoutFile.toFile());
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = stdoutFile == null ? p.getInputStream().readAllBytes() : new byte[0];
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] run(Path dir, String... command) {
        return run(dir, null, command);
    }

    /** A shell pipeline, for tools that stream into each other. */
    static void sh(Path dir, String script) {
        run(dir, "bash", "-o", "pipefail", "-c", script);
    }

    static List<String> lines(byte[] out) {
        String s = new String(out, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
