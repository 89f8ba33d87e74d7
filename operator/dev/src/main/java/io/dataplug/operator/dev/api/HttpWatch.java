package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A watch over plain HTTP (a stream of {@code {"type":…,"object":…}} lines), which kubectl wait, delete and
 * {@code get -w} use: the mock API server watches only over WebSocket, so this opens a Fabric8 watch on it and
 * relays the events. The mock starts every watch with an ADDED event per existing object; when the client resumes
 * from a resourceVersion, replays of objects no newer than it are dropped, and when the one object a name selector
 * pins is already gone, DELETED is sent for it, so a deletion between kubectl's list and its watch is not lost.
 */
final class HttpWatch {

    private static final String CLOSED = "";
    private static final int HEARTBEAT_SECONDS = 10;

    private HttpWatch() {
    }

    static void serve(HttpExchange ex, KubernetesClient client, ApiPath path, Query q, ObjectMapper json) throws IOException {
        ApiResource type = path.type();
        ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(type.group()).withVersion(type.version())
                .withKind(type.kind()).withPlural(type.plural()).withNamespaced(type.namespaced()).build();
        FieldSelector fields = FieldSelector.parse(q.get("fieldSelector"));
        String name = path.name() != null ? path.name() : fields.name();
        boolean table = TableView.wanted(ex.getRequestHeaders().getFirst("Accept"));
        long timeout = q.get("timeoutSeconds") != null ? Long.parseLong(q.get("timeoutSeconds")) : 1800;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(timeout));

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        var all = client.genericKubernetesResources(ctx);
        var scoped = path.namespace() != null ? all.inNamespace(path.namespace()) : all.inAnyNamespace();
        var selected = q.get("labelSelector") != null ? scoped.withLabelSelector(q.get("labelSelector")) : scoped;
        Watch watch = selected.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource r) {
                events.add(action.name() + " " + client.getKubernetesSerialization().asJson(r));
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add(CLOSED);
            }
        });
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        try (watch; OutputStream out = ex.getResponseBody()) {
            boolean first = true;
            boolean resumed = q.get("resourceVersion") != null && !q.get("resourceVersion").isEmpty();
            if (name != null && resumed
                    && selected.list().getItems().stream().noneMatch(r -> name.equals(r.getMetadata().getName()))) {
                ObjectNode gone = json.createObjectNode().put("kind", type.kind()).put("apiVersion", type.apiVersion());
                gone.putObject("metadata").put("name", name).put("namespace", path.namespace());
                send(out, json, "DELETED", gone, type, table, true);
                first = false;
            }
            out.flush();
            long idle = 0;
            while (Instant.now().isBefore(deadline)) {
                String e = events.poll(1, TimeUnit.SECONDS);
                if (e == CLOSED) {
                    return;
                }
                if (e == null && ++idle % HEARTBEAT_SECONDS == 0) {
                    // Whitespace between events, which JSON stream decoders skip: finds a client that went away.
                    out.write('\n');
                    out.flush();
                }
                if (e != null) {
                    int sp = e.indexOf(' ');
                    JsonNode o = json.readTree(e.substring(sp + 1));
                    String action = e.substring(0, sp);
                    if (fields.matches(o) && (name == null || name.equals(o.path("metadata").path("name").asText()))
                            && !(action.equals("ADDED") && seenBefore(o, q.get("resourceVersion")))) {
                        send(out, json, action, o, type, table, first);
                        first = false;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // kubectl closed the stream (wait satisfied, Ctrl-C): the watch is closed by try-with-resources
        }
    }

    /**
     * Whether an ADDED event is the mock's replay of an object the client already has: it resumes from a
     * resourceVersion at or after the object's (the mock's versions are numbers).
     */
    private static boolean seenBefore(JsonNode object, String resumedFrom) {
        try {
            return resumedFrom != null && !resumedFrom.isEmpty()
                    && Long.parseLong(object.path("metadata").path("resourceVersion").asText()) <= Long.parseLong(resumedFrom);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Writes one event line; only the first event's Table carries the column definitions. */
    private static void send(OutputStream out, ObjectMapper json, String type, JsonNode object, ApiResource resource,
            boolean table, boolean first) throws IOException {
        ObjectNode event = json.createObjectNode().put("type", type);
        event.set("object", table ? TableView.of(resource, object, first, Instant.now()) : object);
        out.write(json.writeValueAsBytes(event));
        out.write('\n');
        out.flush();
    }
}
