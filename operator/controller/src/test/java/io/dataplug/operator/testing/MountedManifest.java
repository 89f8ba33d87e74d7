package io.dataplug.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A manifest published as ConfigMaps, as a workload pod sees it (one folder) and evaluates it (the worker CLI). */
public final class MountedManifest {

    private MountedManifest() {
    }

    /** Every key of every named ConfigMap in one new folder under {@code parent}, as a projected volume over them. */
    public static Path mount(KubernetesClient client, String ns, List<String> configMaps, Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "mount");
        for (String n : configMaps) {
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(n).get();
            for (var e : cm.getData().entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        return dir;
    }

    /** {@code dataplug slice get} of one slice into {@code out}, with the pod's environment; returns the exit code. */
    public static int evaluate(String manifest, int index, Map<String, String> env, String s3Endpoint, Path out) {
        List<String> args = new ArrayList<>(List.of("slice", "get", "--manifest", manifest, "--index", Integer.toString(index),
                "--output", out.toString(), "--endpoint", s3Endpoint, "--region", "us-east-1", "--path-style"));
        return DataplugCli.execute(env, args.toArray(String[]::new));
    }

    /** Slices {@code 0..count-1}, each evaluated (exit code 0 asserted), concatenated. */
    public static byte[] evaluateAll(String manifest, int count, Map<String, String> env, String s3Endpoint, Path tmp)
            throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            Path out = Files.createTempFile(tmp, "slice-" + i + "-", ".out");
            assertThat(evaluate(manifest, i, env, s3Endpoint, out)).as("slice get %d", i).isZero();
            all.writeBytes(Files.readAllBytes(out));
        }
        return all.toByteArray();
    }
}
