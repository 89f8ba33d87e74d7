package io.dataplug.operator.testing;

import io.dataplug.operator.model.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;

/**
 * Fabric8's mock API server in CRUD mode with our CRDs registered (so generations bump on spec changes), behind an
 * {@link ApiGate} (injected failures, RBAC for identified clients; neither unless a test asks).
 */
public final class MockApi implements AutoCloseable {

    public final KubernetesMockServer server;
    public final KubernetesClient client;
    public final ApiGate gate;

    public MockApi() throws IOException {
        gate = new ApiGate(new KubernetesCrudDispatcher());
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), gate, false);
        server.init();
        client = server.createClient();
        for (String crd : Crds.FILES) {
            try (InputStream in = Crds.open(crd)) {
                CustomResourceDefinition def = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(def).create();
            }
        }
    }

    /** A client of this server that presents {@code token}: its requests are checked when the gate knows the token. */
    public KubernetesClient clientWithToken(String token) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration()).withOauthToken(token).build())
                .build();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
