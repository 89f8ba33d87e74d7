package io.dataplug.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStores;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.util.Sizes;
import io.dataplug.operator.DataplugOperator;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.local.InProcessContainerRunner;
import io.dataplug.operator.local.LocalJobRunner;
import io.dataplug.operator.model.CloudDataset;
import io.dataplug.operator.model.Crds;
import io.dataplug.operator.model.Partitioning;
import io.dataplug.operator.support.Conditions;
import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The embedded dev cluster: no cluster, no cloud. Starts Fabric8's mock Kubernetes API (CRUD mode) with the
 * CRDs registered, an s3proxy S3 server seeded with {@code samples/data}, the real operator, and the local Job
 * runner that runs each Job pod's {@code dataplug} command in this JVM with the pod's environment. Then applies
 * {@code samples/} (its kustomization, with the S3 endpoint and credentials pointed at the embedded server),
 * prints progress and a summary, and writes every manifest to a local folder.
 *
 * <pre>
 * DevCluster [--samples DIR] [--workdir DIR] [--exit-when-ready] [--timeout 5m] [--api-port N] [--s3-port N]
 * </pre>
 * With {@code --exit-when-ready} it exits 0 once every CloudDataset and Partitioning is Ready, 1 when one
 * fails or the timeout passes; otherwise it keeps serving (kubeconfig and S3 endpoint printed) until Ctrl-C.
 */
public final class DevCluster implements AutoCloseable {

    public static final String ACCESS_KEY = "dataplug-dev";
    public static final String SECRET_KEY = "dataplug-dev-secret";

    /** Keeps java.util.logging levels set here from being garbage collected. */
    private static final List<Logger> QUIET = new ArrayList<>();

    private final Options opts;
    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private DevS3 s3;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private LocalJobRunner runner;
    private DataplugOperator operator;

    record Options(Path samples, Path workdir, boolean exitWhenReady, Duration timeout, int apiPort, int s3Port) {
    }

    private DevCluster(Options opts, PrintStream out) {
        this.opts = opts;
        this.out = out;
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
        }
        int code = run(args, System.out);
        if (code != 0 || Stream.of(args).anyMatch("--exit-when-ready"::equals)) {
            System.exit(code);
        }
    }

    /** Runs the dev cluster; returns the exit code (with --exit-when-ready) or blocks until the JVM stops. */
    public static int run(String[] args, PrintStream out) {
        Options opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            out.println("dev-cluster: " + e.getMessage());
            out.println("usage: DevCluster [--samples DIR] [--workdir DIR] [--exit-when-ready] [--timeout 5m] [--api-port N] [--s3-port N]");
            return 2;
        }
        for (String name : List.of("io.fabric8.mockwebserver", "io.fabric8.kubernetes.client.server.mock")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.WARNING);
            QUIET.add(l);
        }
        DevCluster dev = new DevCluster(opts, out);
        if (opts.exitWhenReady()) {
            try (dev) {
                return dev.start();
            } catch (Exception e) {
                out.println("dev-cluster: " + e);
                return 1;
            }
        }
        try {
            int code = dev.start();
            if (code != 0) {
                dev.close();
                return code;
            }
            out.println();
            out.println("Serving until Ctrl-C. Kubernetes API: " + dev.client.getMasterUrl() + " (kubeconfig for Fabric8-based "
                    + "clients: " + opts.workdir().resolve("kubeconfig") + "; kubectl needs API discovery, which the mock lacks), S3: "
                    + dev.s3.endpoint()
                    + " (AWS_ACCESS_KEY_ID=" + ACCESS_KEY + " AWS_SECRET_ACCESS_KEY=" + SECRET_KEY + ")");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    dev.close();
                } catch (Exception ignored) {
                    // exiting anyway
                }
                stop.countDown();
            }, "dev-cluster-shutdown"));
            stop.await();
            return 0;
        } catch (Exception e) {
            out.println("dev-cluster: " + e);
            try {
                dev.close();
            } catch (Exception ignored) {
                // reporting the first failure
            }
            return 1;
        }
    }

    static Options parse(String[] args) {
        Path samples = null;
        Path workdir = null;
        boolean exit = false;
        Duration timeout = Duration.ofMinutes(5);
        int apiPort = 0;
        int s3Port = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--exit-when-ready" -> exit = true;
                case "--samples" -> samples = Path.of(value(args, ++i, a));
                case "--workdir" -> workdir = Path.of(value(args, ++i, a));
                case "--timeout" -> timeout = duration(value(args, ++i, a));
                case "--api-port" -> apiPort = Integer.parseInt(value(args, ++i, a));
                case "--s3-port" -> s3Port = Integer.parseInt(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (samples == null) {
            samples = findUp("samples");
        }
        if (!Files.isDirectory(samples)) {
            throw new IllegalArgumentException("no samples folder at " + samples.toAbsolutePath() + " (use --samples DIR)");
        }
        if (workdir == null) {
            workdir = samples.toAbsolutePath().getParent().resolve("target").resolve("dev-cluster");
        }
        return new Options(samples, workdir, exit, timeout, apiPort, s3Port);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static Duration duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
        return switch (t.replaceAll("^[0-9]+", "")) {
            case "", "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("bad duration '" + s + "' (e.g. 90s, 5m)");
        };
    }

    /** {@code name} in the working directory or the nearest parent that has it (so it runs from a module too). */
    static Path findUp(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(name))) {
                return dir.resolve(name);
            }
            dir = dir.getParent();
        }
        return Path.of(name);
    }

    private void log(String fmt, Object... args) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, String.format(Locale.ROOT, fmt, args));
        out.flush();
    }

    private int start() throws Exception {
        List<HasMetadata> docs = loadSamples(opts.samples());
        Files.createDirectories(opts.workdir());
        // In-process workers use the standard AWS chain, which reads these system properties.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);

        s3 = new DevS3(ACCESS_KEY, SECRET_KEY, opts.s3Port());
        int seeded = seed(docs);
        log("S3 server at %s, %d sample object(s) from %s", s3.endpoint(), seeded, opts.samples().resolve("data"));

        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), opts.apiPort());
        client = server.createClient();
        for (String crd : Crds.FILES) {
            try (InputStream in = Crds.open(crd)) {
                CustomResourceDefinition def = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(def).create();
            }
        }
        Files.writeString(opts.workdir().resolve("kubeconfig"), kubeconfig(client.getMasterUrl().toString()));
        log("Kubernetes API (Fabric8 mock server, CRUD mode) at %s, CRDs registered", client.getMasterUrl());

        int pods = Math.max(2, Runtime.getRuntime().availableProcessors());
        runner = new LocalJobRunner(client, new InProcessContainerRunner("dataplug", DataplugCli::execute,
                Boolean.getBoolean("dataplug.dev.echo")), pods, Duration.ofSeconds(1)).start();
        OperatorConfig config = OperatorConfig.fromEnv(System.getenv())
                .retryInterval(Duration.ofSeconds(2)).jobPollInterval(Duration.ofSeconds(5)).rescanInterval(Duration.ofMinutes(1));
        operator = DataplugOperator.start(client, config);
        log("operator started; local Job runner runs up to %d pods at once, in this JVM", pods);

        for (HasMetadata d : docs) {
            client.resource(rewrite(d)).create();
        }
        log("applied %d resource(s) from %s", docs.size(), opts.samples());
        return watch();
    }

    /** The kustomization's resources, in order (or every YAML file but workloads when there is none). */
    static List<HasMetadata> loadSamples(Path dir) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Path> files = new ArrayList<>();
        Path kustomization = dir.resolve("kustomization.yaml");
        if (Files.isRegularFile(kustomization)) {
            for (JsonNode r : yaml.readTree(kustomization.toFile()).path("resources")) {
                files.add(dir.resolve(r.asText()));
            }
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().contains("workload")).sorted().forEach(files::add);
            }
        }
        KubernetesSerialization ser = new KubernetesSerialization();
        ser.registerKubernetesResource(CloudDataset.class);
        ser.registerKubernetesResource(Partitioning.class);
        List<HasMetadata> docs = new ArrayList<>();
        for (Path f : files) {
            for (String part : Files.readString(f).split("(?m)^---\\s*$")) {
                if (part.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"))) {
                    continue;
                }
                KubernetesResource r = ser.unmarshal(part);
                if (r instanceof HasMetadata h) {
                    docs.add(h);
                }
            }
        }
        // Namespaces first, then Secrets, then the rest in file order.
        List<HasMetadata> ordered = new ArrayList<>();
        docs.stream().filter(d -> "Namespace".equals(d.getKind())).forEach(ordered::add);
        docs.stream().filter(d -> "Secret".equals(d.getKind())).forEach(ordered::add);
        docs.stream().filter(d -> !"Namespace".equals(d.getKind()) && !"Secret".equals(d.getKind())).forEach(ordered::add);
        return ordered;
    }

    /** Creates every bucket the samples name and uploads {@code samples/data} into each source bucket. */
    private int seed(List<HasMetadata> docs) throws IOException {
        Set<String> sourceBuckets = new LinkedHashSet<>();
        Set<String> buckets = new LinkedHashSet<>();
        for (HasMetadata d : docs) {
            if (d instanceof CloudDataset ds && ds.getSpec() != null) {
                if (ds.getSpec().source != null && ds.getSpec().source.uri != null) {
                    String b = ObjectLocation.parse(ds.getSpec().source.uri).bucket();
                    sourceBuckets.add(b);
                    buckets.add(b);
                }
                if (ds.getSpec().metadata != null && ds.getSpec().metadata.uri != null) {
                    buckets.add(ObjectLocation.parse(ds.getSpec().metadata.uri).bucket());
                }
            }
        }
        buckets.forEach(s3::createBucket);
        Path data = opts.samples().resolve("data");
        if (!Files.isDirectory(data)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (ObjectStores store = new ObjectStores(new StorageOptions(s3.endpoint(), "us-east-1", true, false, false))) {
            for (String b : sourceBuckets) {
                for (Path f : files) {
                    store.put(ObjectLocation.s3(b, data.relativize(f).toString().replace('\\', '/')), Files.readAllBytes(f));
                }
            }
        }
        return files.size() * sourceBuckets.size();
    }

    /** Points datasets at the embedded S3 server and fills credential Secrets with its keys. */
    private HasMetadata rewrite(HasMetadata d) {
        if (d instanceof CloudDataset ds && ds.getSpec() != null) {
            if (ds.getSpec().source != null) {
                ds.getSpec().source.endpoint = s3.endpoint();
                ds.getSpec().source.pathStyle = true;
                ds.getSpec().source.anonymous = null;
                ds.getSpec().source.requesterPays = null;
            }
            if (ds.getSpec().metadata != null) {
                ds.getSpec().metadata.endpoint = s3.endpoint();
                ds.getSpec().metadata.pathStyle = true;
            }
        } else if (d instanceof Secret secret) {
            Map<String, String> keys = new LinkedHashMap<>();
            Set<String> names = new LinkedHashSet<>();
            if (secret.getStringData() != null) {
                names.addAll(secret.getStringData().keySet());
            }
            if (secret.getData() != null) {
                names.addAll(secret.getData().keySet());
            }
            if (names.contains("AWS_ACCESS_KEY_ID") || names.contains("AWS_SECRET_ACCESS_KEY")) {
                keys.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
                keys.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
                secret.setData(null);
                secret.setStringData(keys);
            }
        }
        return d;
    }

    private int watch() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + opts.timeout().toNanos();
        Map<String, String> last = new HashMap<>();
        while (true) {
            List<CloudDataset> datasets = client.resources(CloudDataset.class).inAnyNamespace().list().getItems();
            List<Partitioning> parts = client.resources(Partitioning.class).inAnyNamespace().list().getItems();
            boolean allReady = true;
            List<String> failed = new ArrayList<>();
            for (CloudDataset ds : datasets) {
                var st = ds.getStatus();
                var ready = st == null ? null : Conditions.get(st, Conditions.READY).orElse(null);
                String line = (st == null || st.phase == null ? "Pending" : st.phase)
                        + (st != null && st.progress != null && !"Ready".equals(st.phase) ? " " + st.progress.summary : "")
                        + (ready != null && "False".equals(ready.getStatus()) && !"Preprocessing".equals(ready.getReason())
                        && !"Pending".equals(ready.getReason())
                        ? " (" + ready.getReason() + ": " + ready.getMessage() + ")" : "")
                        + ("Ready".equals(st == null ? null : st.phase) ? " " + st.objects + " object(s), " + st.size : "");
                report(last, "CloudDataset " + id(ds), line);
                allReady &= st != null && Conditions.isTrue(st, Conditions.READY);
                if (st != null && "Failed".equals(st.phase)) {
                    failed.add("CloudDataset " + id(ds) + ": " + (ready != null ? ready.getReason() + ": " + ready.getMessage() : "failed"));
                }
            }
            for (Partitioning p : parts) {
                var st = p.getStatus();
                var ready = st == null ? null : Conditions.get(st, Conditions.READY).orElse(null);
                String line = (st == null || st.phase == null ? "Pending" : st.phase)
                        + (ready != null && "False".equals(ready.getStatus()) && !"DatasetNotReady".equals(ready.getReason())
                        ? " (" + ready.getReason() + ": " + ready.getMessage() + ")" : "")
                        + (st != null && "Ready".equals(st.phase) ? " " + st.slices + " slice(s) in " + st.manifest.location : "");
                report(last, "Partitioning " + id(p), line);
                allReady &= st != null && Conditions.isTrue(st, Conditions.READY);
                if (st != null && "Failed".equals(st.phase)) {
                    failed.add("Partitioning " + id(p) + ": " + (ready != null ? ready.getReason() + ": " + ready.getMessage() : "failed"));
                }
            }
            if (!failed.isEmpty() && opts.exitWhenReady()) {
                out.println();
                out.println("FAILED:");
                failed.forEach(f -> out.println("  " + f));
                return 1;
            }
            if (allReady && (!datasets.isEmpty() || !parts.isEmpty())) {
                summary(datasets, parts);
                return 0;
            }
            if (System.nanoTime() > deadline) {
                out.println();
                out.println("TIMEOUT after " + opts.timeout() + ": not Ready:");
                datasets.stream().filter(d -> d.getStatus() == null || !Conditions.isTrue(d.getStatus(), Conditions.READY))
                        .forEach(d -> out.println("  CloudDataset " + id(d) + ": " + last.get("CloudDataset " + id(d))));
                parts.stream().filter(p -> p.getStatus() == null || !Conditions.isTrue(p.getStatus(), Conditions.READY))
                        .forEach(p -> out.println("  Partitioning " + id(p) + ": " + last.get("Partitioning " + id(p))));
                return 1;
            }
            Thread.sleep(500);
        }
    }

    private void report(Map<String, String> last, String what, String line) {
        if (!line.equals(last.put(what, line))) {
            log("%-58s %s", what, line);
        }
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
                    st.manifest.location, opts.workdir().getParent().getParent().relativize(dir.toAbsolutePath()));
        }
        out.println();
        out.println("Manifests written under " + manifests + " (one folder per partitioning, as its ConfigMaps mount in a pod).");
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
            try (ObjectStores store = new ObjectStores(new StorageOptions(s3.endpoint(), "us-east-1", true, false, false))) {
                store.readIfExists(ObjectLocation.parse(m.uri)).ifPresent(b -> {
                    try {
                        Files.write(dir.resolve("manifest.jsonl"), b);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
    }

    static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: dataplug-dev
                    cluster:
                      server: %s
                contexts:
                  - name: dataplug-dev
                    context:
                      cluster: dataplug-dev
                      user: dataplug-dev
                      namespace: dataplug-samples
                current-context: dataplug-dev
                users:
                  - name: dataplug-dev
                    user:
                      token: dev
                """.formatted(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    }

    @Override
    public void close() throws Exception {
        if (operator != null) {
            operator.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
