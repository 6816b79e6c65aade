package dev.tokenvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the application under test free ports for its public HTTP server and its management interface (health,
 * metrics, OpenAPI), so tests know where to find the latter: {@link Api#management()}. Both are fixed numbers
 * (not 0): the HTTP meters tag a server with its port only when the port is set, and the two servers' meters
 * must carry the same tags.
 */
public class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    private static volatile int port;

    public static int port() {
        return port;
    }

    @Override
    public Map<String, String> start() {
        port = freePort();
        int http = freePort();
        return Map.of("quarkus.management.test-port", String.valueOf(port), "quarkus.management.port",
                String.valueOf(port), "quarkus.http.test-port", String.valueOf(http));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
