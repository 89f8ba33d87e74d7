package io.dataplug.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: every sample reaches Ready with the real formats, and the exit code says so. */
class DevClusterTest {

    @TempDir
    Path work;

    @Test
    void everySampleBecomesReadyAndTheManifestsAreWritten() throws Exception {
        // The dev cluster points the AWS SDK's default chain (system properties) at its own S3 server; put back
        // what other tests in this JVM set.
        String id = System.getProperty("aws.accessKeyId");
        String key = System.getProperty("aws.secretAccessKey");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            code = DevCluster.run(new String[] {"--exit-when-ready", "--samples", "../../samples", "--workdir", work.toString(),
                    "--timeout", "4m"}, out);
        } finally {
            restore("aws.accessKeyId", id);
            restore("aws.secretAccessKey", key);
        }
        String output = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isZero();
        assertThat(output).contains("All " + samples("CloudDataset") + " dataset(s) and " + samples("Partitioning")
                        + " partitioning(s) are Ready")
                .contains("dataplug-samples/sample-text").contains("lines=4000")
                .contains("dataplug-samples/sample-imzml").contains("spectra=48").contains("dataplug-samples/sample-las")
                .contains("dataplug-samples/sample-cog").contains("width=640");
        Path text = work.resolve("manifests/dataplug-samples/sample-text-chunks");
        assertThat(text.resolve("manifest.json")).exists();
        assertThat(text.resolve("slice-00003.json")).exists();
        assertThat(Files.readString(work.resolve("kubeconfig"))).contains("server: http://");
    }

    @Test
    void badArgumentsAreAUsageError() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = DevCluster.run(new String[] {"--frobnicate"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("unknown argument '--frobnicate'").contains("usage:");
    }

    /** How many resources of a kind the files of samples/kustomization.yaml hold. */
    private static long samples(String kind) throws java.io.IOException {
        long n = 0;
        for (String line : Files.readAllLines(Path.of("../../samples/kustomization.yaml"))) {
            if (line.trim().startsWith("- ") && line.trim().endsWith(".yaml")) {
                n += Files.readString(Path.of("../../samples", line.trim().substring(2))).lines()
                        .filter(l -> l.equals("kind: " + kind)).count();
            }
        }
        return n;
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
