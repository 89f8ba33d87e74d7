package io.dataplug.operator.dev;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.util.Sizes;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.CloudDatasetStatus;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.model.PartitioningStatus;
import io.dataplug.operator.model.Phase;
import io.dataplug.operator.model.Reason;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the dev cluster prints: one line per resource whenever its state changes, then a summary once everything is
 * Ready (and each manifest written as its ConfigMaps would mount in a pod), or what failed or timed out.
 */
final class DevStatusBoard {

    private final KubernetesClient client;
    private final DevS3 s3;
    private final DevOptions opts;
    private final PrintStream out;
    private final long t0;
    private final Map<String, String> last = new HashMap<>();
    /** {@link #last} when the summary was last printed. */
    private Map<String, String> summarized = Map.of();

    DevStatusBoard(KubernetesClient client, DevS3 s3, DevOptions opts, PrintStream out, long t0) {
        this.client = client;
        this.s3 = s3;
        this.opts = opts;
        this.out = out;
        this.t0 = t0;
    }

    void log(String fmt, Object... args) {
        log(out, t0, fmt, args);
    }

    /** A progress line, stamped with the seconds since {@code t0}. */
    static void log(PrintStream out, long t0, String fmt, Object... args) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, String.format(Locale.ROOT, fmt, args));
        out.flush();
    }

    /** One look at the cluster: every dataset and partitioning, the failed ones, and whether all are Ready. */
    private record Snapshot(List<CloudDataset> datasets, List<Partitioning> parts, List<String> failed, boolean allReady) {

        boolean any() {
            return !datasets.isEmpty() || !parts.isEmpty();
        }
    }

    /** Polls until every resource is Ready (0), one failed with --exit-when-ready, or the timeout passed (1). */
    int watch() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + opts.timeout().toNanos();
        while (true) {
            Snapshot now = poll();
            if (!now.failed().isEmpty() && opts.exitWhenReady()) {
                out.println();
                out.println("FAILED:");
                now.failed().forEach(f -> out.println("  " + f));
                return 1;
            }
            if (now.allReady() && now.any()) {
                summary(now.datasets(), now.parts());
                summarized = Map.copyOf(last);
                return 0;
            }
            if (System.nanoTime() > deadline) {
                out.println();
                out.println("TIMEOUT after " + opts.timeout() + ": not Ready:");
                Stream.concat(now.datasets().stream().map(d -> Map.entry("CloudDataset " + id(d), status(d.getStatus()))),
                                now.parts().stream().map(p -> Map.entry("Partitioning " + id(p), status(p.getStatus()))))
                        .filter(e -> !e.getValue().ready())
                        .forEach(e -> out.println("  " + e.getKey() + ": " + last.get(e.getKey())));
                return 1;
            }
            Thread.sleep(500);
        }
    }

    /**
     * After {@link #watch()}, while the dev cluster serves: prints what changes (resources applied or deleted with
     * kubectl too) and the summary again, manifests written, whenever everything is Ready in a new state.
     */
    void follow() throws IOException, InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            Snapshot now = poll();
            if (now.allReady() && now.any() && !last.equals(summarized)) {
                summary(now.datasets(), now.parts());
                summarized = Map.copyOf(last);
            }
            Thread.sleep(500);
        }
    }

    private Snapshot poll() {
        List<CloudDataset> datasets = client.resources(CloudDataset.class).inAnyNamespace().list().getItems();
        List<Partitioning> parts = client.resources(Partitioning.class).inAnyNamespace().list().getItems();
        List<String> failed = new ArrayList<>();
        boolean allReady = true;
        Set<String> seen = new HashSet<>();
        for (CloudDataset ds : datasets) {
            seen.add("CloudDataset " + id(ds));
            allReady &= observe("CloudDataset " + id(ds), ds.getStatus(), datasetLine(ds.getStatus()), failed);
        }
        for (Partitioning p : parts) {
            seen.add("Partitioning " + id(p));
            allReady &= observe("Partitioning " + id(p), p.getStatus(), partitioningLine(p.getStatus()), failed);
        }
        for (String gone : new ArrayList<>(last.keySet())) {
            if (!seen.contains(gone)) {
                last.remove(gone);
                log("%-58s %s", gone, "deleted");
            }
        }
        return new Snapshot(datasets, parts, failed, allReady);
    }

    private static DataplugStatus status(DataplugStatus st) {
        return st != null ? st : new CloudDatasetStatus();
    }

    /** Prints the line when it changed; notes a failure; returns whether the resource is Ready. */
    private boolean observe(String what, DataplugStatus st, String line, List<String> failed) {
        if (!line.equals(last.put(what, line))) {
            log("%-58s %s", what, line);
        }
        if (st != null && st.phase == Phase.Failed) {
            Condition ready = st.condition(DataplugStatus.READY).orElse(null);
            failed.add(what + ": " + (ready != null ? ready.getReason() + ": " + ready.getMessage() : "failed"));
        }
        return st != null && st.ready();
    }

    private static String phase(DataplugStatus st) {
        return st == null || st.phase == null ? Phase.Pending.name() : st.phase.name();
    }

    /** The Ready condition's reason and message when it is False for a reason worth showing. */
    private static String problem(DataplugStatus st, Reason... routine) {
        Condition ready = st == null ? null : st.condition(DataplugStatus.READY).orElse(null);
        if (ready == null || !"False".equals(ready.getStatus())
                || Stream.of(routine).anyMatch(r -> r.name().equals(ready.getReason()))) {
            return "";
        }
        return " (" + ready.getReason() + ": " + ready.getMessage() + ")";
    }

    private static String datasetLine(CloudDatasetStatus st) {
        boolean ready = st != null && st.phase == Phase.Ready;
        return phase(st) + (st != null && st.progress != null && !ready ? " " + st.progress.summary : "")
                + problem(st, Reason.Preprocessing, Reason.Pending)
                + (ready ? " " + st.objects + " object(s), " + st.size : "");
    }

    private static String partitioningLine(PartitioningStatus st) {
        return phase(st) + problem(st, Reason.DatasetNotReady)
                + (st != null && st.phase == Phase.Ready ? " " + st.slices + " slice(s) in " + st.manifest.location : "");
    }

    private static String id(HasMetadata h) {
        return h.getMetadata().getNamespace() + "/" + h.getMetadata().getName();
    }

    private void summary(List<CloudDataset> datasets, List<Partitioning> parts) throws IOException {
        Path manifests = opts.workdir().resolve("manifests");
        out.println();
        out.printf(Locale.ROOT, "All %d dataset(s) and %d partitioning(s) are Ready in %.1f s.%n%n", datasets.size(), parts.size(),
                (System.nanoTime() - t0) / 1e9);
        out.println("DATASETS");
        for (CloudDataset ds : datasets) {
            var st = ds.getStatus();
            String attrs = st.attributes.entrySet().stream().filter(e -> !e.getKey().equals("objects") && !e.getKey().equals("bytes"))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            out.printf(Locale.ROOT, "  %-40s %-11s %3d object(s) %10s  %s%n", id(ds), ds.getSpec().format, st.objects,
                    Sizes.human(st.bytes), attrs);
        }
        out.println();
        out.println("PARTITIONINGS");
        for (Partitioning p : parts) {
            var st = p.getStatus();
            Path dir = manifests.resolve(p.getMetadata().getNamespace()).resolve(p.getMetadata().getName());
            export(p, dir);
            out.printf(Locale.ROOT, "  %-40s %-16s %4d slice(s)  %s -> %s%n", id(p), p.getSpec().strategy, st.slices,
                    st.manifest.location, DevOptions.display(dir));
        }
        out.println();
        out.println("Manifests written under " + DevOptions.display(manifests) + " (one folder per partitioning, as its ConfigMaps mount in a pod).");
    }

    /** Writes a partitioning's manifest as a pod would see it mounted: one file per ConfigMap key. */
    private void export(Partitioning p, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path old : s.toList()) {
                Files.delete(old);
            }
        }
        var m = p.getStatus().manifest;
        if (m.configMaps != null) {
            for (String name : m.configMaps) {
                ConfigMap cm = client.configMaps().inNamespace(p.getMetadata().getNamespace()).withName(name).get();
                for (var e : cm.getData().entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
                }
            }
        } else if (m.uri != null) {
            try (ObjectStores store = new ObjectStores(DevSamples.storage(s3))) {
                store.readIfExists(ObjectLocation.parse(m.uri)).ifPresent(b -> {
                    try {
                        Files.write(dir.resolve("manifest.jsonl"), b);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
