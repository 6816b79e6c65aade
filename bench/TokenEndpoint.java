// A fast local OAuth token endpoint for the refresh-storm benchmark (JDK only, run with `java TokenEndpoint.java PORT`).
// refresh_token grant with rotation and reuse refusal; GET /stats answers the number of refreshes served.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

public class TokenEndpoint {
    static final Map<String, Boolean> live = new ConcurrentHashMap<>();
    static final AtomicInteger refreshes = new AtomicInteger();
    static final AtomicInteger refusals = new AtomicInteger();

    public static void main(String[] args) throws IOException {
        // without it small answers wait on Nagle's algorithm and delayed ACKs (about 40 ms each)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/token", exchange -> {
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String presented = form.get("refresh_token");
            String body;
            int status;
            // tokens named "seed-..." are honoured once; afterwards only tokens this endpoint issued
            boolean usable = presented != null && (presented.startsWith("seed-")
                    ? live.putIfAbsent(presented, Boolean.FALSE) == null
                    : live.replace(presented, Boolean.TRUE, Boolean.FALSE));
            if (usable) {
                refreshes.incrementAndGet();
                String next = "rt-" + UUID.randomUUID();
                live.put(next, Boolean.TRUE);
                body = "{\"access_token\":\"at-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"" + next + "\"}";
                status = 200;
            } else {
                refusals.incrementAndGet();
                body = "{\"error\":\"invalid_grant\"}";
                status = 400;
            }
            send(exchange, status, body);
        });
        server.createContext("/stats", exchange -> send(exchange, 200,
                "{\"refreshes\":" + refreshes.get() + ",\"refusals\":" + refusals.get() + "}"));
        server.start();
        System.out.println("token endpoint on 127.0.0.1:" + args[0]);
    }

    static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> parse(String form) {
        Map<String, String> values = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
