package dev.tokenvault.client.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an HTTP API on loopback (a provider's API, GitHub's ID-token endpoint): answers each request with
 * what {@code handler} says and remembers what it was sent (tests compare digests of it, never print it).
 */
public final class FakeApi implements AutoCloseable {

    /** What a request carried. */
    public record Request(String method, String pathAndQuery, String authorization) {
        @Override
        public String toString() {
            return "Request[" + method + " " + pathAndQuery.split("\\?")[0] + "]";
        }
    }

    /** An answer. */
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeApi(Function<Request, Answer> handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> handle(exchange, handler));
        server.start();
    }

    private void handle(HttpExchange exchange, Function<Request, Answer> handler) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        Request request = new Request(exchange.getRequestMethod(),
                exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query),
                exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(request);
        Answer answer = handler.apply(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
