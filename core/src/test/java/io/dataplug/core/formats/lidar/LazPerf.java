package io.dataplug.core.formats.lidar;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.testing.SharedFixtures;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The independent reader of the lidar tests: laz-perf (npm {@code laz-perf@0.0.7}) and copc.js
 * ({@code copc@0.0.8}) under Node, as {@code .ci/install-tools} installs them into
 * {@code .ci/lidar-checkers/node_modules} ({@code -Ddataplug.node.modules=DIR} overrides). Tests that need
 * it are skipped where node or the packages are absent.
 */
public final class LazPerf {

    private LazPerf() {
    }

    /** What laz-perf decoded from a file, and its header as the file states it. */
    record Decoded(JsonNode header, byte[] records) {
        int pointLength() {
            return header.get("pointLength").asInt();
        }

        long points() {
            return header.get("points").asLong();
        }

        /** Record {@code i}'s bytes. */
        byte[] record(int i) {
            int l = pointLength();
            return java.util.Arrays.copyOfRange(records, i * l, (i + 1) * l);
        }
    }

    static Optional<Path> modules() {
        String override = System.getProperty("dataplug.node.modules");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(Files::isDirectory);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) {
                Path m = d.resolve(".ci/lidar-checkers/node_modules");
                return Files.isDirectory(m.resolve("laz-perf")) && Files.isDirectory(m.resolve("copc"))
                        ? Optional.of(m) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Skips the test unless node and the packages are there. */
    static void require() {
        assumeTrue(modules().isPresent(), "laz-perf/copc npm packages not installed (.ci/install-tools): skipped");
        assumeTrue(nodeOnPath(), "node not on the PATH: skipped");
    }

    private static boolean nodeOnPath() {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "node")));
    }

    /** Decodes {@code file} with laz-perf (our dump script). */
    static Decoded decode(Path file) {
        return decodeAll(List.of(file)).get(0);
    }

    /** Decodes every file in one node process. */
    static List<Decoded> decodeAll(List<Path> files) {
        try {
            Path script = script("lazdump.cjs");
            List<String> args = new ArrayList<>(List.of(script.toString()));
            List<Path> outs = new ArrayList<>();
            for (Path f : files) {
                Path out = Files.createTempFile("lazdump-", ".bin");
                outs.add(out);
                args.add(f.toString());
                args.add(out.toString());
            }
            try {
                String[] lines = run(args.toArray(String[]::new)).split("\n");
                List<Decoded> decoded = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    decoded.add(new Decoded(Json.read(lines[i], JsonNode.class), Files.readAllBytes(outs.get(i))));
                }
                return decoded;
            } finally {
                for (Path o : outs) {
                    Files.deleteIfExists(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared {@code lazcheck.cjs} summary of a LAS/LAZ file. */
    static JsonNode lazcheck(Path file) {
        return Json.read(run(SharedFixtures.require("checkers/lazcheck.cjs").toString(), file.toString()), JsonNode.class);
    }

    /** The shared {@code copccheck.cjs} summary of a COPC file. */
    static JsonNode copccheck(Path file) {
        return Json.read(run(SharedFixtures.require("checkers/copccheck.cjs").toString(), file.toString()), JsonNode.class);
    }

    private static Path script(String name) throws IOException {
        Path p = Files.createTempFile("dataplug-", "-" + name);
        try (InputStream in = LazPerf.class.getResourceAsStream("/lidar/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        p.toFile().deleteOnExit();
        return p;
    }

    private static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("node"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("NODE_PATH", modules().orElseThrow().toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + ": exit " + p.exitValue() + ": " + new String(err.join(), StandardCharsets.UTF_8));
            }
            return out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
