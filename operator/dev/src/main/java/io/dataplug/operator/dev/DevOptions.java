package io.dataplug.operator.dev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/** The dev cluster's command line. */
record DevOptions(Path samples, Path workdir, boolean exitWhenReady, Duration timeout, int apiPort, int s3Port, boolean help) {

    static final String USAGE =
            "usage: dataplug-dev [--samples DIR] [--workdir DIR] [--exit-when-ready] [--timeout 5m] [--api-port N] [--s3-port N]";

    static final String HELP = USAGE + """

              --samples DIR      resources and data to apply (default: the nearest samples/ folder)
              --workdir DIR      kubeconfig and manifests go here (default: target/dev-cluster beside samples/)
              --exit-when-ready  exit 0 once every CloudDataset and Partitioning is Ready, 1 on failure or timeout;
                                 without it the cluster keeps serving kubectl (KUBECONFIG=<workdir>/kubeconfig) until Ctrl-C
              --timeout 5m       how long to wait for Ready (90s, 5m, 1h)
              --api-port N       Kubernetes API port for kubectl (default: any free port)
              --s3-port N        S3 port (default: any free port)
              -h, --help         this help""";

    static DevOptions parse(String[] args) {
        Path samples = null;
        Path workdir = null;
        boolean exit = false;
        Duration timeout = Duration.ofMinutes(5);
        int apiPort = 0;
        int s3Port = 0;
        if (Stream.of(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            return new DevOptions(Path.of("samples"), Path.of("target", "dev-cluster"), false, timeout, 0, 0, true);
        }
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
        return new DevOptions(samples, workdir, exit, timeout, apiPort, s3Port, false);
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

    /** {@code p} relative to the working directory when it is under it (as a user would type it), else absolute. */
    static Path display(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
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
}
