package io.dataplug.operator.testing;

import static org.awaitility.Awaitility.await;

import io.dataplug.core.storage.ObjectStore;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.support.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;

/** Shared helpers: a fresh namespace per test, test data in the embedded S3, resource builders and waits. */
public abstract class OperatorTestSupport extends ClusterTestSupport {

    private static final AtomicInteger NS = new AtomicInteger();

    protected TestCluster cluster;

    @BeforeEach
    void setUpCluster() throws Exception {
        cluster = TestCluster.get();
        newNamespace(cluster.client,
                "t" + NS.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase().replaceAll("[^a-z0-9]", "").substring(0, 8));
    }

    @Override
    protected ObjectStore store() {
        return cluster.s3.store();
    }

    @Override
    protected String s3Endpoint() {
        return cluster.s3.endpoint();
    }

    /** About {@code bytes} bytes of whole lines. */
    public static byte[] linesOfSize(long seed, int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 100);
        Random r = new Random(seed);
        int i = 0;
        while (sb.length() < bytes) {
            String line = "row " + seed + "-" + (i++) + " " + "y".repeat(r.nextInt(40)) + "\n";
            if (sb.length() + line.length() > bytes) {
                sb.append("z".repeat(Math.max(0, bytes - sb.length() - 1))).append('\n');
                break;
            }
            sb.append(line);
        }
        sb.setLength(bytes);
        sb.setCharAt(bytes - 1, '\n');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static long countLines(byte[] data) {
        long n = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n' || i == data.length - 1) {
                n++;
            }
        }
        return n;
    }

    protected Partitioning partitioning(String name, String dataset, String strategy, Map<String, String> params) {
        return TestResources.partitioning(ns, name, dataset, strategy, params);
    }

    protected static Condition ready(CloudDataset ds) {
        return ds == null || ds.getStatus() == null ? null : Conditions.get(ds.getStatus(), Conditions.READY).orElse(null);
    }

    protected static Condition ready(Partitioning p) {
        return p == null || p.getStatus() == null ? null : Conditions.get(p.getStatus(), Conditions.READY).orElse(null);
    }

    protected CloudDataset awaitDataset(String name, Predicate<CloudDataset> condition) {
        return awaitDataset(name, condition, Duration.ofSeconds(60));
    }

    protected CloudDataset awaitDataset(String name, Predicate<CloudDataset> condition, Duration timeout) {
        CloudDataset[] last = new CloudDataset[1];
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = getDataset(name);
                return last[0] != null && condition.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("CloudDataset " + name + " did not get there; last status: "
                    + (last[0] == null ? null : io.dataplug.core.util.Json.pretty(last[0].getStatus())), e);
        }
        return last[0];
    }

    protected CloudDataset awaitReady(String name) {
        return awaitDataset(name, d -> ready(d) != null && "True".equals(ready(d).getStatus())
                && d.getMetadata().getGeneration().equals(d.getStatus().observedGeneration));
    }

    protected CloudDataset awaitReason(String name, String reason) {
        return awaitDataset(name, d -> ready(d) != null && reason.equals(ready(d).getReason()));
    }

    protected Partitioning awaitPartitioning(String name, Predicate<Partitioning> condition) {
        Partitioning[] last = new Partitioning[1];
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = getPartitioning(name);
                return last[0] != null && condition.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Partitioning " + name + " did not get there; last status: "
                    + (last[0] == null ? null : io.dataplug.core.util.Json.pretty(last[0].getStatus())), e);
        }
        return last[0];
    }
}
