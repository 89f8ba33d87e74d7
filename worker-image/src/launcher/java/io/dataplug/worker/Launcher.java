package io.dataplug.worker;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of dataplug.jar, compiled for Java 11 so that {@code java -jar dataplug.jar} on an older
 * default JVM still works: it re-runs the CLI on a JDK 21+ (JAVA_HOME, then /usr/lib/jvm) or explains
 * what is missing, instead of failing with UnsupportedClassVersionError.
 */
public final class Launcher {

    private static final int REQUIRED = 21;
    /** Manifest attribute naming the real main class; the CLI when absent. */
    private static final String MAIN_ATTRIBUTE = "Dataplug-Main-Class";
    private static final String DEFAULT_MAIN = "io.dataplug.worker.DataplugCli";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        String main = mainClass();
        if (Runtime.version().feature() >= REQUIRED) {
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
        cmd.add("-cp");
        cmd.add(jar);
        cmd.add(main);
        for (String a : args) {
            cmd.add(a);
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        System.exit(p.waitFor());
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
