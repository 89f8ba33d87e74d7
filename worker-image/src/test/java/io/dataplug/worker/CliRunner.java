package io.dataplug.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in this JVM with captured stdout and stderr. */
final class CliRunner {

    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private CliRunner() {
    }

    static Result run(Map<String, String> env, String... args) {
        return runWithStdin(env, new byte[0], args);
    }

    /** Runs the CLI with {@code stdin} as its standard input. */
    static synchronized Result runWithStdin(Map<String, String> env, byte[] stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin));
            int code = DataplugCli.execute(env, args);
            System.out.flush();
            return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }
}
