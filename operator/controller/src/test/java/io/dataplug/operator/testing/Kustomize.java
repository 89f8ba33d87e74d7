package io.dataplug.operator.testing;

import io.dataplug.core.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code kubectl kustomize}: renders a kustomization the way {@code kubectl apply -k} would. */
public final class Kustomize {

    private Kustomize() {
    }

    /** Skips the calling test without kubectl (not installed by .ci/install-tools: Debian's is too old). */
    public static void assumeInstalled() {
        ExternalTools.require("kubectl");
    }

    /** @throws IllegalStateException with kubectl's error when the tree does not render */
    public static String render(Path dir) {
        ExternalTools.Result r = ExternalTools.exec(dir, null, null, "kubectl", "kustomize", ".");
        if (r.exit() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + ": " + r.err().strip());
        }
        return new String(r.out(), StandardCharsets.UTF_8);
    }
}
