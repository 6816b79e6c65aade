package dev.tokenvault.cli;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The CLI's one {@link HttpClient}, made on first use and shut down before the process exits. The shutdown matters
 * for start-to-exit time: the client's selector thread waits in {@code epoll_wait}, and HotSpot's exit waits up to
 * 300 ms for threads running native code; {@code shutdownNow()} (JDK 21+, called reflectively as the CLI is Java 17
 * bytecode) ends that thread first. On JDK 17 to 20 the exit keeps those 300 ms.
 */
final class SharedHttpClient {

    private static HttpClient client;

    private SharedHttpClient() {
    }

    static synchronized HttpClient get() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }

    /** Stops the client's threads, if it was ever made; for the process's end only. */
    static synchronized void shutdown() {
        if (client == null) {
            return;
        }
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
            HttpClient.class.getMethod("awaitTermination", Duration.class).invoke(client, Duration.ofMillis(200));
        } catch (NoSuchMethodException olderJdk) {
            // JDK 17-20: the exit waits for the selector thread
        } catch (ReflectiveOperationException | RuntimeException e) {
            // exiting anyway
        }
        client = null;
    }
}
