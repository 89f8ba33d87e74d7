package io.dataplug.operator;

/**
 * Entry point of {@code dataplug-operator.jar}: runs the operator in a cluster (or against the current kubeconfig).
 * The embedded dev cluster is a separate jar, {@code operator/dev/target/dataplug-dev.jar}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("usage: dataplug-operator   run the operator (in-cluster or current kubeconfig); settings from DATAPLUG_* env");
            System.out.println("The embedded dev cluster: java -jar operator/dev/target/dataplug-dev.jar [--exit-when-ready]");
        } else if (args.length > 0 && args[0].equals("dev")) {
            System.err.println("dataplug-operator: error: the dev cluster is not part of the production operator; run "
                    + "java -jar operator/dev/target/dataplug-dev.jar [--exit-when-ready]");
            System.exit(2);
        } else {
            DataplugOperator.main(args);
        }
    }
}
