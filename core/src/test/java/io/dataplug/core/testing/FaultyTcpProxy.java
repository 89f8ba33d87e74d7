package io.dataplug.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a real server that injects the faults object stores really show:
 * answering {@code 503 SlowDown} to the next N connections, or cutting a response off after a number of
 * bytes. Byte-level forwarding keeps signed requests valid.
 */
public final class FaultyTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger slowDowns = new AtomicInteger();
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final AtomicInteger connections = new AtomicInteger();

    public FaultyTcpProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::acceptLoop);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The next {@code n} connections get a 503 SlowDown instead of being forwarded. */
    public void slowDownNext(int n) {
        slowDowns.set(n);
    }

    /** The next forwarded response is cut off after {@code bytes} bytes (headers included). */
    public void cutNextResponseAfter(long bytes) {
        cutAfter.set(bytes);
    }

    /** Injected 503s not yet served. */
    public int pendingSlowDowns() {
        return slowDowns.get();
    }

    /** True while a requested cut has not happened yet. */
    public boolean cutPending() {
        return cutAfter.get() >= 0;
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                pool.submit(() -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            if (slowDowns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                readHeaders(client.getInputStream());
                String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message></Error>";
                String resp = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body;
                client.getOutputStream().write(resp.getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                long limit = cutAfter.getAndSet(-1);
                var up = pool.submit(() -> pipe(client.getInputStream(), upstream.getOutputStream(), -1));
                pipe(upstream.getInputStream(), client.getOutputStream(), limit);
                up.cancel(true);
            }
        } catch (IOException e) {
            // a cut or closed connection is the point of this class
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            seen.write(b);
            byte[] s = seen.toByteArray();
            int n = s.length;
            if (n >= 4 && s[n - 4] == '\r' && s[n - 3] == '\n' && s[n - 2] == '\r' && s[n - 1] == '\n') {
                return;
            }
        }
    }

    private static Void pipe(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[16384];
        long sent = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (limit >= 0 && sent + n > limit) {
                out.write(buf, 0, (int) (limit - sent));
                out.flush();
                throw new IOException("cut");
            }
            out.write(buf, 0, n);
            out.flush();
            sent += n;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
