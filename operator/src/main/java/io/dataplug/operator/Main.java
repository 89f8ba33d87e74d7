package io.dataplug.operator;

import io.dataplug.operator.dev.DevCluster;
import java.util.Arrays;

/**
 * Entry point of {@code dataplug-operator.jar}: {@code java -jar dataplug-operator.jar} runs the operator
 * in a cluster; {@code java -jar dataplug-operator.jar dev [--exit-when-ready] ...} runs the embedded dev cluster.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("dev")) {
            DevCluster.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("usage: dataplug-operator            run the operator (in-cluster or current kubeconfig)");
            System.out.println("       dataplug-operator dev [--exit-when-ready] [--samples DIR] [--workdir DIR] [--timeout 5m]");
            System.out.println("                                    run the embedded dev cluster with samples/");
        } else {
            DataplugOperator.main(args);
        }
    }
}
