package dev.tokenvault.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Posts one signed delivery to a receiver: the host is resolved first and every address checked
 * ({@link SafeTargets}), then the request goes to the checked address (the URL's host still names the server for
 * TLS and {@code Host}); connect within 5 s, answer within 10 s, no redirect followed, at most 64 KiB of the answer
 * read (and then dropped: a receiver's answer is never stored or logged).
 */
@ApplicationScoped
public class WebhookSender {

    static final int MAX_ANSWER = 64 * 1024;

    /** Why an attempt did not get an HTTP status: the kind of failure, for the attempt log. */
    public static final class NotSent extends RuntimeException {
        private final String outcome;

        NotSent(String outcome) {
            super(outcome, null, false, false);
            this.outcome = outcome;
        }

        public String outcome() {
            return outcome;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final boolean allowInsecure;
    private final long answerTimeoutMillis;
    private final long connectTimeoutMillis;

    public WebhookSender(Vertx vertx, TokenvaultConfig config) {
        this.vertx = vertx;
        this.allowInsecure = config.allowInsecureUrls();
        this.answerTimeoutMillis = config.webhooks().answerTimeout().toMillis();
        this.connectTimeoutMillis = config.webhooks().connectTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeoutMillis)
                .setMaxPoolSize(Math.max(4, config.webhooks().concurrency()))
                .setKeepAlive(true)
                .setForceSni(true)
                .setVerifyHost(true));
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }

    /** Sends {@code body} with {@code headers}; answers the receiver's status, or fails with {@link NotSent}. */
    public Uni<Integer> post(String url, Map<String, String> headers, String body) {
        URI uri = SafeTargets.parse(url);
        if (uri == null || uri.getHost() == null) {
            return Uni.createFrom().failure(new NotSent("unsafe_target"));
        }
        boolean https = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        if (!https && !allowInsecure) {
            return Uni.createFrom().failure(new NotSent("unsafe_target"));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return resolve(host)
                .flatMap(address -> {
                    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                            .setURI(path).setSsl(https).setFollowRedirects(false)
                            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                            .setConnectTimeout(connectTimeoutMillis).setTimeout(answerTimeoutMillis);
                    headers.forEach(options::putHeader);
                    options.putHeader("Content-Type", "application/json");
                    return client.request(options)
                            .flatMap(request -> request.send(Buffer.buffer(body)))
                            .flatMap(WebhookSender::drained);
                })
                .ifNoItem().after(java.time.Duration.ofMillis(connectTimeoutMillis + answerTimeoutMillis + 1000))
                .failWith(() -> new NotSent("timeout"))
                .onFailure(e -> !(e instanceof NotSent)).transform(e -> new NotSent(
                        e instanceof java.util.concurrent.TimeoutException
                                || e.getClass().getSimpleName().contains("Timeout") ? "timeout" : "unreachable"));
    }

    /** The first address of the host, when every address it resolves to may be reached. */
    private Uni<InetAddress> resolve(String host) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (java.net.UnknownHostException e) {
                throw new NotSent("unreachable");
            }
            if (!allowInsecure && !Arrays.stream(addresses).allMatch(SafeTargets::isPublic)) {
                throw new NotSent("unsafe_target");
            }
            return addresses[0];
        }), false);
    }

    /**
     * Reads the answer up to {@link #MAX_ANSWER} bytes (then stops reading: the rest is not wanted), and answers
     * its status.
     */
    private static Uni<Integer> drained(HttpClientResponse response) {
        return response.toMulti()
                .onItem().scan(() -> 0L, (total, chunk) -> total + chunk.length())
                .select().first(total -> total <= MAX_ANSWER)
                .collect().last()
                .map(ignored -> response.statusCode());
    }
}
