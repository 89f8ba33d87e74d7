package io.dataplug.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataplug.worker.testing.PortHolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's hand-over from a JDK older than 21: the child runs the jar's main class, its exit code is the
 * launcher's, and it never outlives the launcher (SIGTERM or SIGKILL). Runs the real launcher class from a jar built
 * here, on a JDK older than 21 found under /usr/lib/jvm (skipped where there is none).
 */
class LauncherTest {

    @TempDir
    Path tmp;

    private Path jar;
    private Process launcher;
    private long childPid = -1;

    @BeforeEach
    void buildJar() throws IOException, URISyntaxException {
        jar = tmp.resolve("launched.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Launcher.class.getName());
        mf.getMainAttributes().putValue("Dataplug-Main-Class", PortHolder.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            add(out, Launcher.class);
            add(out, PortHolder.class);
        }
    }

    private static void add(JarOutputStream out, Class<?> c) throws IOException, URISyntaxException {
        String name = c.getName().replace('.', '/') + ".class";
        Path root = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        out.putNextEntry(new JarEntry(name));
        out.write(Files.readAllBytes(root.resolve(name)));
        out.closeEntry();
    }

    @AfterEach
    void cleanUp() {
        if (launcher != null) {
            launcher.destroyForcibly();
        }
        if (childPid > 0) {
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A java older than 21, so that the launcher hands over. */
    static Optional<Path> oldJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            for (Path dir : dirs.sorted().toList()) {
                Path java = dir.resolve("bin/java");
                int feature = feature(java);
                if (Files.isExecutable(java) && feature >= 11 && feature < 21) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }

    private static int feature(Path java) {
        try {
            Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("version \"(\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private Process launch(String... args) throws IOException {
        Optional<Path> java = oldJava();
        assumeTrue(java.isPresent(), "no JDK older than 21 under /usr/lib/jvm: the launcher would not hand over");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(java.get().toString(), "-jar", jar.toString()),
                Stream.of(args)).toList()).redirectError(ProcessBuilder.Redirect.INHERIT);
        // The JDK the launcher hands over to: the one running this test (21+).
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** Starts the launcher and waits for the handed-over child's "pid N port P" line; returns the port. */
    private int launchPortHolder() throws IOException {
        launcher = launch();
        BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's first line").startsWith("pid ");
        String[] f = line.split(" ");
        childPid = Long.parseLong(f[1]);
        assertThat(childPid).as("main ran in a child process").isNotEqualTo(launcher.pid());
        assertThat(ProcessHandle.of(childPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)).contains(launcher.pid());
        return Integer.parseInt(f[3]);
    }

    private boolean childAlive() {
        return ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void killOfTheLauncherStopsTheChildAndFreesItsPort() throws Exception {
        int port = launchPortHolder();
        assertThat(portFree(port)).isFalse();
        launcher.destroy();    // kill <pid>: SIGTERM
        assertThat(launcher.waitFor()).isEqualTo(143);
        assertThat(childAlive()).as("child %d after the launcher exited", childPid).isFalse();
        assertThat(portFree(port)).isTrue();
    }

    @Test
    void killDashNineOfTheLauncherStillStopsTheChild() throws Exception {
        int port = launchPortHolder();
        launcher.destroyForcibly();    // kill -9: no hook runs in the launcher; the child notices by itself
        launcher.waitFor();
        await().atMost(Duration.ofSeconds(20)).until(() -> !childAlive());
        await().atMost(Duration.ofSeconds(5)).until(() -> portFree(port));
    }

    @Test
    void theChildsExitCodeIsTheLaunchers() throws Exception {
        launcher = launch("exit", "7");
        assertThat(launcher.waitFor()).isEqualTo(7);
    }
}
