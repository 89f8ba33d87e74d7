package io.dataplug.operator.testing;

import java.nio.file.Path;

/** {@code kubectl kustomize}: renders a kustomization the way {@code kubectl apply -k} would. */
public final class Kustomize {

    private Kustomize() {
    }

    public static void assumeInstalled() {
        ExternalCommand.require("kubectl", "not installed by .ci/install-tools: Debian's kubectl is too old");
    }

    /** @throws IllegalStateException with kubectl's error when the tree does not render */
    public static String render(Path dir) {
        ExternalCommand.Result r = ExternalCommand.run(dir, new byte[0], "kubectl", "kustomize", ".");
        if (r.exit() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + ": " + r.stderr().strip());
        }
        return r.stdout();
    }
}
