package io.dataplug.operator.dev;

import io.dataplug.operator.DataplugOperator;
import io.dataplug.operator.dev.api.ApiCatalog;
import io.dataplug.operator.dev.api.KubeApiFront;
import io.dataplug.operator.OperatorConfig;
import io.dataplug.operator.local.InProcessContainerRunner;
import io.dataplug.operator.local.LocalJobRunner;
import io.dataplug.operator.model.Crds;
import io.dataplug.worker.DataplugCli;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * fails or the timeout passes; otherwise it keeps serving until Ctrl-C: kubectl works against it through
 * {@link KubeApiFront} ({@code <workdir>/kubeconfig}), and what it applies shows in the console and summary.
 */
public final class DevCluster implements AutoCloseable {

    public static final String ACCESS_KEY = "dataplug-dev";
    public static final String SECRET_KEY = "dataplug-dev-secret";

    /** Keeps java.util.logging levels set here from being garbage collected. */
    private static final List<Logger> QUIET = new ArrayList<>();

    private final DevOptions opts;
    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private DevS3 s3;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private LocalJobRunner runner;
    private DataplugOperator operator;
    private DevStatusBoard board;
    private KubeApiFront front;
    private Thread follower;

    private DevCluster(DevOptions opts, PrintStream out) {
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
        DevOptions opts;
        try {
            opts = DevOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("dev-cluster: " + e.getMessage());
            out.println(DevOptions.USAGE);
            return 2;
        }
        for (String name : List.of("io.fabric8.mockwebserver", "io.fabric8.kubernetes.client.server.mock")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.WARNING);
            QUIET.add(l);
        }
        if (opts.help()) {
            out.println(DevOptions.HELP);
            return 0;
        }
        if (opts.exitWhenReady()) {
            try (DevCluster dev = new DevCluster(opts, out)) {
                return dev.start();
            } catch (Exception e) {
                out.println("dev-cluster: " + e);
                return 1;
            }
        }
        try {
            DevCluster dev = serve(opts, out);
            out.println();
            out.println("Serving until Ctrl-C. For kubectl:");
            out.println("  export KUBECONFIG=" + dev.kubeconfig().toAbsolutePath());
            out.println("  kubectl get cds,pt -n dataplug-samples");
            out.println("S3: " + dev.s3.endpoint() + " (AWS_ACCESS_KEY_ID=" + ACCESS_KEY + " AWS_SECRET_ACCESS_KEY=" + SECRET_KEY + ")");
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
        } catch (DevClusterNotReady e) {
            return 1;
        } catch (Exception e) {
            out.println("dev-cluster: " + e);
            return 1;
        }
    }

    /** Thrown by {@link #serve} when the samples did not all become Ready (the board printed why). */
    static final class DevClusterNotReady extends Exception {
        DevClusterNotReady() {
            super("not every sample became Ready");
        }
    }

    /**
     * Starts the dev cluster, waits until the samples are Ready, then keeps following what kubectl (or anything else)
     * changes in the background until {@link #close()}.
     */
    static DevCluster serve(DevOptions opts, PrintStream out) throws Exception {
        DevCluster dev = new DevCluster(opts, out);
        try {
            if (dev.start() != 0) {
                throw new DevClusterNotReady();
            }
            dev.follower = new Thread(() -> {
                try {
                    dev.board.follow();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        dev.log("console stopped following the cluster: %s", e);
                    }
                }
            }, "dev-cluster-console");
            dev.follower.setDaemon(true);
            dev.follower.start();
            return dev;
        } catch (Exception e) {
            dev.close();
            throw e;
        }
    }

    /** The kubeconfig kubectl uses. */
    Path kubeconfig() {
        return opts.workdir().resolve("kubeconfig");
    }

    private int start() throws Exception {
        List<HasMetadata> docs = DevSamples.load(opts.samples());
        Files.createDirectories(opts.workdir());
        // In-process workers use the standard AWS chain, which reads these system properties.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);

        s3 = new DevS3(ACCESS_KEY, SECRET_KEY, opts.s3Port());
        int seeded = DevSamples.seed(docs, opts.samples(), s3);
        log("S3 server at %s, %d sample object(s) from %s", s3.endpoint(), seeded, opts.samples().resolve("data"));

        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        board = new DevStatusBoard(client, s3, opts, out, t0);
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String crd : Crds.FILES) {
            try (InputStream in = Crds.open(crd)) {
                CustomResourceDefinition def = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                crds.add(client.apiextensions().v1().customResourceDefinitions().resource(def).create());
            }
        }
        // kubectl talks to the front (discovery, tables, HTTP watches); the operator talks to the mock directly.
        front = KubeApiFront.start(ApiCatalog.of(crds), URI.create(client.getMasterUrl().toString()), client,
                new DevAdmission(client.getKubernetesSerialization(), opts.samples(), s3), opts.apiPort());
        Files.writeString(kubeconfig(), kubeconfig(front.url()));
        log("Kubernetes API (Fabric8 mock server, CRUD mode) at %s, CRDs registered; for kubectl: export KUBECONFIG=%s",
                front.url(), DevOptions.display(kubeconfig()));

        int pods = Math.max(2, Runtime.getRuntime().availableProcessors());
        runner = new LocalJobRunner(client, new InProcessContainerRunner("dataplug", DataplugCli::execute,
                Boolean.getBoolean("dataplug.dev.echo")), pods, Duration.ofSeconds(1)).start();
        OperatorConfig config = OperatorConfig.fromEnv(System.getenv())
                .retryInterval(Duration.ofSeconds(2)).jobPollInterval(Duration.ofSeconds(5)).rescanInterval(Duration.ofMinutes(1));
        operator = DataplugOperator.start(client, config);
        log("operator started; local Job runner runs up to %d pods at once, in this JVM", pods);

        for (HasMetadata d : docs) {
            client.resource(DevSamples.rewrite(d, s3)).create();
        }
        log("applied %d resource(s) from %s", docs.size(), opts.samples());
        return board.watch();
    }

    private void log(String fmt, Object... args) {
        DevStatusBoard.log(out, t0, fmt, args);
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
        if (follower != null) {
            follower.interrupt();
            follower.join(5_000);
        }
        if (front != null) {
            front.close();
        }
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
