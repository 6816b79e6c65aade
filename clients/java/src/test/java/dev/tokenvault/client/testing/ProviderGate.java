package dev.tokenvault.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What tokenvault sees as a provider's token endpoint: a pass-through to mock-oauth2-server's, per issuer id
 * ({@code /<issuer>/token}), that counts the refreshes it forwards and answers a failure instead when a test queued
 * one for that issuer (the provider being down, rate limiting, or refusing the refresh token). mock-oauth2-server
 * 2.1 cannot queue such answers itself.
 */
final class ProviderGate implements AutoCloseable {

    /** An answer to give instead of forwarding. */
    record Failure(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Queue<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();

    ProviderGate(URI upstream) {
        this.upstream = upstream;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String tokenUrl(String issuerId) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + issuerId + "/token";
    }

    void failNext(String issuerId, Failure failure) {
        failures.computeIfAbsent(issuerId, k -> new ConcurrentLinkedQueue<>()).add(failure);
    }

    int forwarded(String issuerId) {
        AtomicInteger n = forwarded.get(issuerId);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String issuerId = path.split("/")[1];
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Queue<Failure> queued = failures.get(issuerId);
            Failure failure = queued == null ? null : queued.poll();
            if (failure != null) {
                respond(exchange, failure.status(), failure.contentType(), failure.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            forwarded.computeIfAbsent(issuerId, k -> new AtomicInteger()).incrementAndGet();
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(path)).timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : new String[] { "Content-Type", "Authorization", "Accept" }) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            respond(exchange, response.statusCode(), response.headers().firstValue("Content-Type")
                    .orElse("application/json"), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
