package dev.tokenvault.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An end user's browser following a connect link to the end, by hand (the cookies are {@code Secure} and the test
 * runs on plain http, so it carries them itself): the page, its Continue form, mock-oauth2-server's authorize
 * endpoint (which approves at once), and the callback back at tokenvault.
 */
final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Browser() {
    }

    /** Follows the link; returns the status of tokenvault's last answer. */
    static int connect(String link) throws IOException, InterruptedException {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(link)).header("Accept", "text/html")
                .build(), HttpResponse.BodyHandlers.ofString());
        require(page.statusCode() == 200, "the connect page answered " + page.statusCode());
        String pageCookie = cookie(page, "__Host-tv_connect_page");
        String nonce = page.body().replaceAll("(?s).*name=\"nonce\" value=\"([^\"]+)\".*", "$1");

        HttpResponse<String> toProvider = HTTP.send(HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", pageCookie)
                .POST(HttpRequest.BodyPublishers.ofString("nonce=" + nonce)).build(), HttpResponse.BodyHandlers.ofString());
        require(toProvider.statusCode() == 303, "Continue answered " + toProvider.statusCode());
        String binding = cookie(toProvider, "__Host-tv_connect");
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        require(approved.statusCode() / 100 == 3, "the provider's authorize endpoint answered " + approved.statusCode());
        String callback = approved.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> back = HTTP.send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", binding)
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        return back.statusCode();
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
