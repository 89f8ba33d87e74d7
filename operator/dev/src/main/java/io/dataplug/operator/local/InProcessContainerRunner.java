package io.dataplug.operator.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntBiFunction;

/**
 * Runs a container's command through a Java entry point in this JVM (e.g. the worker's
 * {@code DataplugCli::execute}), with the pod's environment handed over as a map. Each run's stdout and stderr
 * are captured separately, even when several run at once, and their tail becomes the termination message,
 * as {@code terminationMessagePolicy: FallbackToLogsOnError} would make it.
 */
public final class InProcessContainerRunner implements ContainerRunner {

    /** Kubernetes keeps at most 2048 bytes / 80 lines of log as a fallback termination message. */
    public static final int MESSAGE_BYTES = 2048;
    public static final int MESSAGE_LINES = 80;

    private static final InheritableThreadLocal<OutputStream> CAPTURE = new InheritableThreadLocal<>();
    private static volatile boolean installed;

    private final String entrypoint;
    private final ToIntBiFunction<Map<String, String>, String[]> main;
    private final boolean echo;
    private final ContainerRunner others;

    /**
     * @param entrypoint the image's entrypoint name ({@code dataplug}); a container command naming it is dropped
     * @param main       runs the arguments with the given environment and returns the exit code
     * @param echo       also copy each pod's output, prefixed by its name, to this JVM's stderr
     */
    public InProcessContainerRunner(String entrypoint, ToIntBiFunction<Map<String, String>, String[]> main, boolean echo) {
        this(entrypoint, main, echo, null);
    }

    /**
     * @param others runs containers whose command is not {@code entrypoint} (e.g. {@link ProcessContainerRunner});
     *               null: they fail with exit code 127
     */
    public InProcessContainerRunner(String entrypoint, ToIntBiFunction<Map<String, String>, String[]> main, boolean echo,
                                    ContainerRunner others) {
        this.entrypoint = entrypoint;
        this.main = main;
        this.echo = echo;
        this.others = others;
        install();
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        System.setOut(new PrintStream(new Router(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Router(System.err), true, StandardCharsets.UTF_8));
        installed = true;
    }

    @Override
    public Result run(Launch launch) {
        List<String> argv = new ArrayList<>();
        List<String> command = launch.command() == null ? List.of() : launch.command();
        if (!command.isEmpty()) {
            String first = command.get(0);
            if (!first.equals(entrypoint) && !first.endsWith("/" + entrypoint)) {
                return others != null ? others.run(launch)
                        : new Result(127, "in-process runner: command " + command + " is not " + entrypoint);
            }
            argv.addAll(command.subList(1, command.size()));
        }
        if (launch.args() != null) {
            argv.addAll(launch.args());
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        OutputStream previous = CAPTURE.get();
        CAPTURE.set(log);
        int code;
        try {
            code = main.applyAsInt(launch.env(), argv.toArray(String[]::new));
        } catch (Throwable t) {
            synchronized (log) {
                new PrintStream(log, true, StandardCharsets.UTF_8).println("in-process container crashed: " + t);
            }
            code = 1;
        } finally {
            CAPTURE.set(previous);
        }
        String out;
        synchronized (log) {
            out = log.toString(StandardCharsets.UTF_8);
        }
        if (echo && !out.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            out.lines().forEach(l -> sb.append('[').append(launch.pod()).append("] ").append(l).append('\n'));
            Router.ORIGINAL_ERR.print(sb);
            Router.ORIGINAL_ERR.flush();
        }
        return new Result(code, tail(out));
    }

    static String tail(String log) {
        List<String> lines = log.lines().toList();
        String t = String.join("\n", lines.subList(Math.max(0, lines.size() - MESSAGE_LINES), lines.size()));
        byte[] b = t.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MESSAGE_BYTES) {
            return t;
        }
        return new String(b, b.length - MESSAGE_BYTES, MESSAGE_BYTES, StandardCharsets.UTF_8);
    }

    /** Sends writes to the capturing buffer of the current thread's run, or to the original stream. */
    private static final class Router extends OutputStream {
        static final PrintStream ORIGINAL_ERR = System.err;
        private final PrintStream original;

        Router(PrintStream original) {
            this.original = original;
        }

        private OutputStream target() {
            OutputStream c = CAPTURE.get();
            return c != null ? c : original;
        }

        @Override
        public void write(int b) {
            OutputStream t = target();
            synchronized (t) {
                try {
                    t.write(b);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            OutputStream t = target();
            synchronized (t) {
                try {
                    t.write(b, off, len);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public void flush() {
            if (CAPTURE.get() == null) {
                original.flush();
            }
        }
    }
}
