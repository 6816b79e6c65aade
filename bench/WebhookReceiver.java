// A local webhook receiver for the webhook benchmark (JDK only, run with `java WebhookReceiver.java PORT`):
// answers 204 to every POST to /hook and counts the distinct webhook-ids; GET /count answers the count.
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

public class WebhookReceiver {
    static final Set<String> ids = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) {
                ids.add(id);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/count", exchange -> {
            byte[] body = Integer.toString(ids.size()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
