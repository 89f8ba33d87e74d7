package io.dataplug.operator;

import java.io.PrintStream;
import java.util.List;

/**
 * Entry point of {@code dataplug-operator.jar}: runs the operator in a cluster (or against the current kubeconfig).
 * The embedded dev cluster is a separate jar, {@code operator/dev/target/dataplug-dev.jar}.
 */
public final class Main {

    static final String DEV_JAR = "java -jar operator/dev/target/dataplug-dev.jar [--exit-when-ready] (--help lists its options)";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && isHelp(args[0])) {
            System.out.println("usage: dataplug-operator   run the operator (in-cluster or current kubeconfig); settings from DATAPLUG_* env");
            System.out.println("The embedded dev cluster: " + DEV_JAR);
        } else if (args.length > 0 && args[0].equals("dev")) {
            int code = dev(List.of(args).subList(1, args.length), System.out, System.err);
            if (code != 0) {
                System.exit(code);
            }
        } else {
            DataplugOperator.main(args);
        }
    }

    /** {@code dataplug-operator dev …}: the dev cluster lives in its own jar; says where (exit 0 for --help, else 2). */
    static int dev(List<String> args, PrintStream out, PrintStream err) {
        if (args.stream().anyMatch(Main::isHelp)) {
            out.println("usage: " + DEV_JAR);
            out.println("The dev cluster is not part of the production operator jar; it is operator/dev/target/dataplug-dev.jar.");
            return 0;
        }
        err.println("dataplug-operator: error: the dev cluster is not part of the production operator; run " + DEV_JAR);
        return 2;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("-h") || arg.equals("--help");
    }
}
