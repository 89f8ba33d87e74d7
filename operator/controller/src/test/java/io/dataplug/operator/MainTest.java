package io.dataplug.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dataplug-operator dev}: help is help (exit 0, stdout); anything else says where the dev cluster is (exit 2). */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void devHelpPrintsWhereTheDevClusterIs() {
        assertThat(Main.dev(List.of("--help"), print(out), print(err))).isZero();
        assertThat(text(out)).startsWith("usage: java -jar operator/dev/target/dataplug-dev.jar [--exit-when-ready]");
        assertThat(text(err)).isEmpty();
        assertThat(Main.dev(List.of("--samples", "x", "-h"), print(out), print(err))).isZero();
    }

    @Test
    void devWithoutHelpIsAUsageError() {
        assertThat(Main.dev(List.of("--exit-when-ready"), print(out), print(err))).isEqualTo(2);
        assertThat(text(err)).isEqualTo("dataplug-operator: error: the dev cluster is not part of the production operator; run "
                + Main.DEV_JAR + "\n");
        assertThat(text(out)).isEmpty();
    }

    private static PrintStream print(ByteArrayOutputStream buf) {
        return new PrintStream(buf, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
