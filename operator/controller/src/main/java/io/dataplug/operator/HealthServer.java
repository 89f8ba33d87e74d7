package io.dataplug.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The operator's health port: {@code /healthz} (liveness), {@code /readyz} (started and every informer healthy) and
 * {@code /metrics} (Prometheus text format). Plain JDK HTTP server: three read-only endpoints need no framework.
 */
public final class HealthServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;

    private HealthServer(HttpServer http) {
        this.http = http;
    }

    /** @param port 0 for any free port (see {@link #port()}) */
    public static HealthServer start(DataplugOperator op, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
        http.createContext("/healthz", ex -> respond(ex, 200, "text/plain", "ok"));
        http.createContext("/readyz", ex -> {
            boolean ready = op.healthy();
            respond(ex, ready ? 200 : 503, "text/plain", ready ? "ready" : "not ready");
        });
        http.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, op.metrics().scrape()));
        http.start();
        return new HealthServer(http);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int code, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(code, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
