package dev.tokenvault.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * Calls a provider's API as one connection: every request gets {@code Authorization: Bearer <token>} with a token
 * from {@link TokenVault} (cached, refreshed when it runs short), and when the provider answers {@code 401} the
 * client asks tokenvault once for a new token ({@code force_refresh=true}) and sends the request again. A second
 * {@code 401} is returned as it is.
 *
 * <pre>{@code
 * AuthorizedHttpClient github = vault.client("acme-books", "github", "company-42");
 * HttpResponse<String> repos = github.send(HttpRequest.newBuilder(URI.create("https://api.github.com/user/repos")).build(),
 *         HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * The request's body publisher is sent twice when the first answer is a {@code 401}: use a repeatable one
 * ({@code ofString}, {@code ofByteArray}, {@code ofFile}), as the JDK's are.
 */
public final class AuthorizedHttpClient {

    private final TokenVault vault;
    private final TokenKey key;
    private final HttpClient http;

    AuthorizedHttpClient(TokenVault vault, TokenKey key, HttpClient http) {
        this.vault = Objects.requireNonNull(vault);
        this.key = Objects.requireNonNull(key);
        this.http = Objects.requireNonNull(http);
    }

    /** Sends {@code request} with the connection's token (any {@code Authorization} header on it is replaced). */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        AccessToken token = vault.token(key);
        HttpResponse<T> response = http.send(authorize(request, token), handler);
        if (response.statusCode() != 401) {
            return response;
        }
        discard(response);
        AccessToken renewed = vault.refreshAfterRefusal(key, token);
        return http.send(authorize(request, renewed), handler);
    }

    /**
     * A copy of {@code request} carrying the connection's current token: the decorator for code that sends requests
     * itself (and then calls {@link TokenVault#refreshAfterRefusal} on a {@code 401}).
     */
    public HttpRequest authorize(HttpRequest request) {
        return authorize(request, vault.token(key));
    }

    /** Which connection this client calls as. */
    public TokenKey key() {
        return key;
    }

    private static HttpRequest authorize(HttpRequest request, AccessToken token) {
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                .header("Authorization", token.authorizationHeader()).build();
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof java.io.InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    @Override
    public String toString() {
        return "AuthorizedHttpClient[" + key + "]";
    }
}
