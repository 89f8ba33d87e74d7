package io.dataplug.operator.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The CRDs generated from this model, on the classpath of this jar as {@code META-INF/fabric8/<file>} (and checked in
 * as {@code crds/<file>}): for tools and tests that register them with an API server.
 */
public final class Crds {

    public static final List<String> FILES = List.of("clouddatasets.dataplug.io-v1.yml", "partitionings.dataplug.io-v1.yml");

    private Crds() {
    }

    public static InputStream open(String file) throws IOException {
        InputStream in = Crds.class.getResourceAsStream("/META-INF/fabric8/" + file);
        if (in == null) {
            throw new IOException("CRD " + file + " is not on the classpath (build operator/api first)");
        }
        return in;
    }
}
