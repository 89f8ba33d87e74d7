package io.dataplug.worker;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of dataplug.jar and the operator jars, compiled for Java 11 so that {@code java -jar} on an older
 * default JVM still works: it re-runs the real main class on a JDK 21+ (JAVA_HOME, then /usr/lib/jvm) or explains
 * what is missing, instead of failing with UnsupportedClassVersionError.
 *
 * <p>The hand-over child never outlives the launcher: a launcher stopped by a signal stops the child first (and
 * waits for it, so its ports are free when the launcher is gone), and the child itself exits when the launcher
 * dies in a way no hook sees ({@code kill -9}). Container images run the main class directly, not through this.
 */
public final class Launcher {

    private static final int REQUIRED = 21;
    /** Manifest attribute naming the real main class; the CLI when absent. */
    private static final String MAIN_ATTRIBUTE = "Dataplug-Main-Class";
    private static final String DEFAULT_MAIN = "io.dataplug.worker.DataplugCli";
    /** Set on the child: the launcher's pid, which the child watches. */
    static final String PARENT_PROPERTY = "dataplug.launcher.parent";
    /** Exit code of a child whose launcher died (as for SIGTERM). */
    static final int ORPHANED = 143;
    private static final long STOP_GRACE_SECONDS = 10;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        String main = mainClass();
        if (Runtime.version().feature() >= REQUIRED) {
            watchParent();
            Class.forName(main).getMethod("main", String[].class).invoke(null, (Object) args);
            return;
        }
        String java = findJava();
        if (java == null) {
            System.err.println("dataplug: error: Java " + REQUIRED + " or newer is required (this is Java "
                    + Runtime.version().feature() + "); set JAVA_HOME to a JDK " + REQUIRED + "+");
            System.exit(1);
        }
        String jar = new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        if (feature(new File(java)) >= 24) {
            // Netty and Guava still use sun.misc.Unsafe; JDK 24+ would warn about it on every start.
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        cmd.add("-cp");
        cmd.add(jar);
        // The child starts here too, so that it watches this process before the real main runs.
        cmd.add(Launcher.class.getName());
        for (String a : args) {
            cmd.add(a);
        }
        Process child = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "dataplug-launcher-stop-child"));
        System.exit(child.waitFor());
    }

    /** SIGTERM/SIGINT/System.exit of the launcher: the child gets SIGTERM and some time for its own shutdown hooks. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** In a hand-over child: exit (running shutdown hooks) as soon as the launcher is gone, however it went. */
    private static void watchParent() {
        String pid = System.getProperty(PARENT_PROPERTY);
        if (pid == null) {
            return;
        }
        System.clearProperty(PARENT_PROPERTY);
        ProcessHandle parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid)).orElse(null);
        } catch (NumberFormatException e) {
            return;
        }
        if (parent == null || !parent.isAlive()) {
            System.exit(ORPHANED);
        }
        parent.onExit().thenRun(() -> {
            // Not on the onExit thread: System.exit blocks until the shutdown hooks have run.
            Thread t = new Thread(() -> System.exit(ORPHANED), "dataplug-launcher-orphaned");
            t.setDaemon(true);
            t.start();
        });
    }

    private static String mainClass() throws IOException {
        try (java.io.InputStream in = Launcher.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
            if (in != null) {
                String main = new java.util.jar.Manifest(in).getMainAttributes().getValue(MAIN_ATTRIBUTE);
                if (main != null && !main.isBlank()) {
                    return main.trim();
                }
            }
        }
        return DEFAULT_MAIN;
    }

    private static String findJava() throws IOException {
        List<File> candidates = new ArrayList<>();
        String home = System.getenv("JAVA_HOME");
        if (home != null) {
            candidates.add(new File(home));
        }
        File[] jvms = new File("/usr/lib/jvm").listFiles(File::isDirectory);
        if (jvms != null) {
            java.util.Arrays.sort(jvms, (a, b) -> b.getName().compareTo(a.getName()));
            candidates.addAll(java.util.Arrays.asList(jvms));
        }
        for (File dir : candidates) {
            File bin = new File(dir, "bin/java");
            if (bin.canExecute() && feature(bin) >= REQUIRED) {
                return bin.getPath();
            }
        }
        return null;
    }

    private static int feature(File java) {
        try {
            Process p = new ProcessBuilder(java.getPath(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            int q = out.indexOf('"');
            if (q < 0) {
                return -1;
            }
            String v = out.substring(q + 1);
            int end = 0;
            while (end < v.length() && Character.isDigit(v.charAt(end))) {
                end++;
            }
            return end == 0 ? -1 : Integer.parseInt(v.substring(0, end));
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return -1;
        }
    }
}
