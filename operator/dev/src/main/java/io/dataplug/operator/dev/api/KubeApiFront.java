package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev cluster's Kubernetes API as kubectl sees it: an HTTP front on the kubeconfig's port that answers what the
 * Fabric8 mock server (CRUD mode) lacks and passes everything else to it. It serves discovery ({@code /version},
 * {@code /api}, {@code /apis}, each group version's APIResourceList with short names and categories), server-side
 * printing (Table responses from the CRDs' printer columns), field selectors, watches over plain HTTP, and applies
 * merge patches itself (kubectl apply), strategic-merge ones as JSON merge patches.
 * Custom resources are checked against their CRD schemas ({@link SchemaCheck}); {@link OpenApiDocs} tells kubectl so.
 */
public final class KubeApiFront implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubeApiFront.class.getName());
    private static final Pattern GROUP_VERSION = Pattern.compile("/api/(v1)|/apis/([^/]+)/([^/]+)");

    private final ApiCatalog catalog;
    private final URI upstream;
    private final KubernetesClient client;
    private final CreateHook hook;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dev-api-front");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;

    private KubeApiFront(ApiCatalog catalog, URI upstream, KubernetesClient client, CreateHook hook, int port) throws IOException {
        this.catalog = catalog;
        this.upstream = upstream;
        this.client = client;
        this.hook = hook;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Starts the front on a loopback {@code port} (0: any free one), passing to the mock API at {@code upstream};
     * {@code client} talks to the mock directly (its WebSocket watches back the HTTP ones).
     */
    public static KubeApiFront start(ApiCatalog catalog, URI upstream, KubernetesClient client, CreateHook hook, int port)
            throws IOException {
        KubeApiFront front = new KubeApiFront(catalog, upstream, client, hook, port);
        front.server.start();
        return front;
    }

    /** The URL kubectl uses. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getRawPath();
            Query q = Query.parse(ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod();
            if (method.equals("GET") && discovery(ex, path)) {
                return;
            }
            Optional<ApiPath> target = ApiPath.parse(path, catalog);
            if (target.isPresent() && method.equals("GET") && q.watch()) {
                HttpWatch.serve(ex, client, target.get(), q, json);
            } else if (target.isPresent() && method.equals("GET") && target.get().subresource() == null) {
                read(ex, target.get(), path, q);
            } else if (target.isPresent() && method.equals("POST") && target.get().name() == null) {
                if (!(json.readTree(ex.getRequestBody()) instanceof ObjectNode body)) {
                    throw new IllegalArgumentException("the request body is not a JSON object");
                }
                if (refused(ex, target.get().type(), body, q)) {
                    return;
                }
                byte[] admitted = json.writeValueAsBytes(hook.admit(target.get().type(), body));
                reply(ex, send("POST", path + q.without(""), admitted, "application/json"));
            } else if (target.isPresent() && method.equals("PATCH") && target.get().name() != null && mergePatch(contentType(ex))) {
                patch(ex, path, json.readTree(ex.getRequestBody()), q);
            } else if (target.isPresent() && method.equals("PUT") && target.get().subresource() == null) {
                JsonNode body = json.readTree(ex.getRequestBody());
                if (!refused(ex, target.get().type(), body, q)) {
                    reply(ex, send("PUT", path + q.without(""), json.writeValueAsBytes(body)));
                }
            } else {
                reply(ex, send(method, path + q.without(""), ex.getRequestBody().readAllBytes(), contentType(ex)));
            }
        } catch (IllegalArgumentException | JsonProcessingException e) {
            try {
                status(ex, 400, "BadRequest", e.getMessage());
            } catch (IOException ignored) {
                // the client is gone
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "dev API front: " + ex.getRequestMethod() + " " + ex.getRequestURI(), e);
            try {
                status(ex, 500, "InternalError", "dev cluster API front: " + e);
            } catch (IOException ignored) {
                // the client is gone
            }
        } finally {
            ex.close();
        }
    }

    /** Answers discovery and OpenAPI requests; false for anything else. */
    private boolean discovery(HttpExchange ex, String path) throws IOException {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        switch (p) {
            case "/version" -> json(ex, 200, json.createObjectNode().put("major", "1").put("minor", "32")
                    .put("gitVersion", "v1.32.0-dataplug-dev").put("platform", "mock/dev"));
            case "/api" -> json(ex, 200, catalog.apiVersions());
            case "/apis" -> json(ex, 200, catalog.apiGroupList());
            default -> {
                if (p.equals("/openapi/v3")) {
                    json(ex, 200, OpenApiDocs.root(catalog));
                    return true;
                }
                if (p.startsWith("/openapi/")) {
                    Optional<ObjectNode> doc = p.startsWith("/openapi/v3/") ? OpenApiDocs.groupVersion(catalog, p.substring(12))
                            : Optional.empty();
                    if (doc.isPresent()) {
                        json(ex, 200, doc.get());
                    } else {
                        status(ex, 404, "NotFound", "the dev cluster serves OpenAPI v3 only");
                    }
                    return true;
                }
                Matcher m = GROUP_VERSION.matcher(p);
                if (!m.matches()) {
                    return false;
                }
                Optional<ObjectNode> list = m.group(1) != null ? catalog.resourceList("", "v1") : catalog.resourceList(m.group(2), m.group(3));
                if (list.isPresent()) {
                    json(ex, 200, list.get());
                } else {
                    status(ex, 404, "NotFound", "the server could not find the requested resource");
                }
            }
        }
        return true;
    }

    /** A get or list through the mock, then field selection and server-side printing here. */
    private void read(HttpExchange ex, ApiPath target, String path, Query q) throws Exception {
        FieldSelector fields = FieldSelector.parse(q.get("fieldSelector"));
        HttpResponse<byte[]> r = send("GET", path + q.without("fieldSelector"), null);
        if (r.statusCode() != 200) {
            reply(ex, r);
            return;
        }
        JsonNode body = json.readTree(r.body());
        if (body instanceof ObjectNode list && body.has("items")) {
            // The mock answers kind "List"; typed clients (kubectl describe's events) need "EventList".
            list.put("kind", target.type().kind() + "List").put("apiVersion", target.type().apiVersion());
            for (Iterator<JsonNode> it = ((ArrayNode) body.get("items")).elements(); it.hasNext(); ) {
                if (!fields.matches(it.next())) {
                    it.remove();
                }
            }
        }
        json(ex, 200, TableView.wanted(ex.getRequestHeaders().getFirst("Accept"))
                ? TableView.of(target.type(), body, true, Instant.now()) : body);
    }

    private static String contentType(HttpExchange ex) {
        return ex.getRequestHeaders().getFirst("Content-Type");
    }

    private static boolean mergePatch(String contentType) {
        return contentType != null && (contentType.startsWith("application/merge-patch+json")
                || contentType.startsWith("application/strategic-merge-patch+json"));
    }

    /**
     * A merge patch applied here (get, patch, update with the read resourceVersion; again on a conflict), because the
     * mock keeps the nulls that should remove fields and refuses strategic-merge patches.
     */
    private void patch(HttpExchange ex, String path, JsonNode patch, Query q) throws Exception {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> current = send("GET", path, null);
            if (current.statusCode() != 200) {
                reply(ex, current);
                return;
            }
            JsonNode patched = MergePatch.apply(json.readTree(current.body()), patch.deepCopy());
            Optional<ApiPath> target = ApiPath.parse(path, catalog);
            if (target.isPresent() && target.get().subresource() == null && refused(ex, target.get().type(), patched, q)) {
                return;
            }
            HttpResponse<byte[]> updated = send("PUT", path, json.writeValueAsBytes(patched));
            if (updated.statusCode() != 409 || attempt == 4) {
                reply(ex, updated);
                return;
            }
        }
    }

    /**
     * Checks a custom resource against its CRD schema as the API server would; answers 422 Invalid (wrong types,
     * missing required fields) or, under {@code fieldValidation=Strict}, 400 for undeclared fields, which are otherwise
     * pruned from {@code object} (the operator's typed model refuses them). True when refused.
     */
    private boolean refused(HttpExchange ex, ApiResource type, JsonNode object, Query q) throws IOException {
        if (type.schema() == null) {
            return false;
        }
        SchemaCheck check = SchemaCheck.of(type.schema(), object);
        String name = object.path("metadata").path("name").asText("");
        if (!check.invalid().isEmpty()) {
            String causes = check.invalid().size() == 1 ? check.invalid().get(0) : "[" + String.join(", ", check.invalid()) + "]";
            status(ex, 422, "Invalid", type.kind() + "." + type.group() + " \"" + name + "\" is invalid: " + causes);
            return true;
        }
        if (!check.unknown().isEmpty() && "Strict".equals(q.get("fieldValidation"))) {
            status(ex, 400, "BadRequest", type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                    + ": strict decoding error: " + String.join(", ", check.unknown().stream().map(f -> "unknown field \"" + f + "\"").toList()));
            return true;
        }
        check.prune();
        return false;
    }

    private HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body) throws Exception {
        return send(method, pathAndQuery, body, body == null ? null : "application/json");
    }

    /** The request to the mock API server, which always answers JSON. */
    private HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream.toString().replaceAll("/$", "") + pathAndQuery))
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Accept", "application/json");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange ex, HttpResponse<byte[]> r) throws IOException {
        ex.getResponseHeaders().set("Content-Type", r.headers().firstValue("Content-Type").orElse("application/json"));
        respond(ex, r.statusCode(), r.body());
    }

    private void json(HttpExchange ex, int code, JsonNode body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        respond(ex, code, json.writeValueAsBytes(body));
    }

    private void status(HttpExchange ex, int code, String reason, String message) throws IOException {
        json(ex, code, json.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("message", message).put("reason", reason).put("code", code));
    }

    private static void respond(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
