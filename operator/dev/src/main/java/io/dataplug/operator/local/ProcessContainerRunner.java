package io.dataplug.operator.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a container's command as a local process (no image, no isolation): the pod's environment plus this
 * machine's {@code PATH}, a fresh working folder, output captured and its tail kept as the termination message.
 * For workload containers in the dev cluster that are not the {@code dataplug} command.
 */
public final class ProcessContainerRunner implements ContainerRunner {

    @Override
    public Result run(Launch launch) {
        List<String> argv = new ArrayList<>(launch.command() == null ? List.of() : launch.command());
        if (launch.args() != null) {
            argv.addAll(launch.args());
        }
        if (argv.isEmpty()) {
            return new Result(127, "local process runner: the container has no command (image " + launch.image()
                    + " cannot run locally)");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dataplug-pod-");
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            String path = env.get("PATH");
            env.clear();
            if (path != null) {
                env.put("PATH", path);
            }
            env.putAll(launch.env());
            Process process = pb.start();
            process.getOutputStream().close();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Result(process.waitFor(), InProcessContainerRunner.tail(out));
        } catch (IOException e) {
            return new Result(127, "local process runner: cannot start " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(137, "local process runner: interrupted");
        } finally {
            if (dir != null) {
                dir.toFile().delete();
            }
        }
    }
}
