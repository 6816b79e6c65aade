package dev.tokenvault.client;

import static dev.tokenvault.client.testing.Arrange.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.client.TokenVaultTest.Setup;
import dev.tokenvault.client.testing.Arrange;
import dev.tokenvault.client.testing.FakeApi;
import dev.tokenvault.client.testing.FakeApi.Answer;

/** getOAuthClient's modern form: a provider's 401 makes the client ask tokenvault once to refresh, then retry. */
class AuthorizedHttpClientTest {

    @Test
    void aRefusedTokenIsRefreshedOnceAndTheRequestSentAgain() throws Exception {
        Setup s = TokenVaultTest.setup(Map.of());
        String revoked = "Bearer " + s.accessToken();
        // the provider's API no longer takes the stored token (revoked there), and takes any other
        try (FakeApi api = new FakeApi(r -> revoked.equals(r.authorization()) ? new Answer(401, "{}")
                : new Answer(200, "{\"login\":\"octocat\"}"))) {
            TokenVault vault = TokenVaultTest.vault(s).build();
            AuthorizedHttpClient client = vault.client(TokenKey.of(s.project(), s.provider().name(), s.subject()),
                    HttpClient.newHttpClient());
            HttpRequest request = HttpRequest.newBuilder(URI.create(api.url() + "/user"))
                    .header("Authorization", "Bearer something-else").build();

            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("octocat");
            List<FakeApi.Request> seen = api.requests();
            assertThat(seen).hasSize(2);
            assertThat(sha256(seen.get(0).authorization())).isEqualTo(sha256(revoked));
            assertThat(seen.get(1).authorization()).startsWith("Bearer eyJ"); // refreshed at mock-oauth2-server
            assertThat(Arrange.server().refreshes(s.provider().issuerId())).isEqualTo(1);
            assertThat(Arrange.events(s.owner(), s.connectionId(), "token.refresh")).hasSize(1);

            // the renewed token is cached: the next call goes straight through
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(api.requests()).hasSize(3);
            assertThat(Arrange.tokenReads(s.owner(), s.connectionId())).isEqualTo(2);
        }
    }

    @Test
    void aSecondRefusalIsAnsweredAsItIsWithoutALoop() throws Exception {
        Setup s = TokenVaultTest.setup(Map.of());
        try (FakeApi api = new FakeApi(r -> new Answer(401, "{\"message\":\"Bad credentials\"}"))) {
            TokenVault vault = TokenVaultTest.vault(s).build();
            AuthorizedHttpClient client = vault.client(TokenKey.connection(s.connectionId()), HttpClient.newHttpClient());

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(api.url() + "/user")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(api.requests()).hasSize(2);
            assertThat(Arrange.server().refreshes(s.provider().issuerId())).isEqualTo(1);
        }
    }

    @Test
    void manyCallersRefusedTogetherCauseOneRefresh() throws Exception {
        Setup s = TokenVaultTest.setup(Map.of());
        TokenVault vault = TokenVaultTest.vault(s).build();
        TokenKey key = TokenKey.of(s.project(), s.provider().name(), s.subject());
        AccessToken refused = vault.token(key);

        List<AccessToken> renewed = java.util.stream.IntStream.range(0, 20).parallel()
                .mapToObj(i -> vault.refreshAfterRefusal(key, refused)).toList();

        assertThat(renewed).allSatisfy(t -> assertThat(t.sameValueAs(refused)).isFalse());
        assertThat(renewed.stream().map(t -> sha256(t.value())).distinct()).hasSize(1);
        assertThat(Arrange.server().refreshes(s.provider().issuerId())).isEqualTo(1);
    }

    @Test
    void theDecoratorAddsTheHeaderForCodeThatSendsItself() {
        Setup s = TokenVaultTest.setup(Map.of());
        TokenVault vault = TokenVaultTest.vault(s).build();
        HttpRequest decorated = vault.client(s.project(), s.provider().name(), s.subject())
                .authorize(HttpRequest.newBuilder(URI.create("https://api.example.com/x")).build());
        assertThat(decorated.headers().allValues("Authorization")).hasSize(1);
        assertThat(sha256(decorated.headers().firstValue("Authorization").orElseThrow()))
                .isEqualTo(sha256("Bearer " + s.accessToken()));
    }
}
