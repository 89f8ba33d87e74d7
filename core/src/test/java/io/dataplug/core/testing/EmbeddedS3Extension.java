package io.dataplug.core.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one {@link EmbeddedS3} server for the tests of a class, started before them (with the given
 * buckets) and stopped after them. Register it as a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("raw", "meta");
 * ...
 * Pipeline.s3(S3.server(), "prefix/");
 * </pre>
 * Test and lifecycle methods may also declare an {@code EmbeddedS3} parameter.
 */
public final class EmbeddedS3Extension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final List<String> buckets;
    private EmbeddedS3 server;

    public EmbeddedS3Extension(String... buckets) {
        this.buckets = List.of(buckets);
    }

    /** The running server. */
    public EmbeddedS3 server() {
        if (server == null) {
            throw new IllegalStateException("the embedded S3 server runs only while the tests of the class run; "
                    + "register the extension on a static field with @RegisterExtension");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (server == null) {
            server = new EmbeddedS3();
            buckets.forEach(server::createBucket);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedS3.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
