package dev.tokenvault.client;

import static dev.tokenvault.client.testing.Arrange.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tokenvault.client.TokenVaultTest.Setup;
import dev.tokenvault.client.WorkloadIdentity.Platform;
import dev.tokenvault.client.testing.Arrange;
import dev.tokenvault.client.testing.FakeApi;
import dev.tokenvault.client.testing.FakeApi.Answer;
import dev.tokenvault.client.testing.MutableClock;

/**
 * Workload identity: the platform's JWT (signed by mock-oauth2-server, trusted by tokenvault as the CI issuer) is
 * exchanged (RFC 8693) for a tokenvault JWT that reads the bound project's tokens, and renewed before it expires.
 */
class WorkloadIdentityTest {

    static final Map<String, Object> CLAIMS = Map.of("repository", "acme/app", "ref", "refs/heads/main");

    /** A project with a connection, and a CI issuer trusted for the audience and bound to the project. */
    record Trusted(Setup setup, String issuerId, String audience) {
    }

    static Trusted trustedIssuer(String audience, int ttlSeconds) {
        Setup s = TokenVaultTest.setup(Map.of());
        String issuerId = Arrange.unique("ci");
        String issuer = Arrange.trustIssuer(issuerId, audience);
        Arrange.bind(s.owner(), issuer, audience, Map.of("repository", "acme/app"), s.project(), ttlSeconds);
        return new Trusted(s, issuerId, audience);
    }

    /** GitHub's ID-token endpoint: checks the request token and answers a fresh JWT for the audience asked. */
    static FakeApi githubIdTokenEndpoint(String issuerId, String requestToken) {
        return new FakeApi(r -> {
            if (!("Bearer " + requestToken).equals(r.authorization())) {
                return new Answer(403, "{\"message\":\"bad request token\"}");
            }
            String audience = URLDecoder.decode(r.pathAndQuery().replaceAll(".*[?&]audience=([^&]*).*", "$1"),
                    StandardCharsets.UTF_8);
            return new Answer(200, "{\"count\":1,\"value\":\"" + Arrange.platformToken(issuerId, audience, CLAIMS, 600)
                    + "\"}");
        });
    }

    @Test
    void aGithubActionsJobReadsTokensWithItsOidcTokenAndRenewsBeforeExpiry() {
        Trusted t = trustedIssuer(Arrange.url(), 60); // the default audience is the service's URL
        String requestToken = Arrange.secret("gh-request");
        try (FakeApi github = githubIdTokenEndpoint(t.issuerId(), requestToken)) {
            Map<String, String> env = Map.of("ACTIONS_ID_TOKEN_REQUEST_URL", github.url() + "/token?api-version=2.0",
                    "ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken);
            WorkloadIdentity identity = WorkloadIdentity.builder().environment(env)
                    .kubernetesTokenFile(Path.of("/nonexistent")).build();
            assertThat(identity.detect()).contains(Platform.GITHUB_ACTIONS);
            MutableClock clock = new MutableClock();
            TokenVault vault = TokenVault.builder().baseUrl(Arrange.url()).workloadIdentity(identity).clock(clock).build();

            AccessToken token = vault.token(t.setup().project(), t.setup().provider().name(), t.setup().subject());

            assertThat(sha256(token.value())).isEqualTo(sha256(t.setup().accessToken()));
            assertThat(github.requests()).hasSize(1);
            assertThat(github.requests().get(0).pathAndQuery())
                    .contains("api-version=2.0&audience=" + java.net.URLEncoder.encode(Arrange.url(), StandardCharsets.UTF_8));
            Me me = vault.me();
            assertThat(me.kind()).isEqualTo("workload");
            assertThat(me.projects()).extracting(Me.ProjectRef::name).containsExactly(t.setup().project());
            assertThat(github.requests()).as("the exchanged JWT is reused").hasSize(1);
            assertThat(vault.toString()).contains("GitHub Actions").doesNotContain(requestToken);

            // a binding of 60 s: renewed 15 s before it ends (a quarter of its life), with a fresh platform token
            clock.advance(Duration.ofSeconds(44));
            vault.me();
            assertThat(github.requests()).hasSize(1);
            clock.advance(Duration.ofSeconds(2));
            vault.me();
            assertThat(github.requests()).hasSize(2);
        }
    }

    @Test
    void aGitlabJobUsesItsIdToken() {
        Trusted t = trustedIssuer("https://vault.example.test", 300);
        String idToken = Arrange.platformToken(t.issuerId(), t.audience(), CLAIMS, 600);
        WorkloadIdentity identity = WorkloadIdentity.builder().environment(Map.of("TOKENVAULT_ID_TOKEN", idToken))
                .kubernetesTokenFile(Path.of("/nonexistent")).build();
        assertThat(identity.detect()).contains(Platform.GITLAB_CI);
        TokenVault vault = TokenVault.builder().baseUrl(Arrange.url()).workloadIdentity(identity).build();

        assertThat(sha256(vault.token(t.setup().connectionId()).value())).isEqualTo(sha256(t.setup().accessToken()));
    }

    @Test
    void aKubernetesPodUsesItsProjectedServiceAccountToken(@TempDir Path dir) throws Exception {
        Trusted t = trustedIssuer("tokenvault", 300);
        Path file = dir.resolve("token");
        Files.writeString(file, Arrange.platformToken(t.issuerId(), t.audience(), CLAIMS, 600) + "\n");
        WorkloadIdentity identity = WorkloadIdentity.builder()
                .environment(Map.of("TOKENVAULT_KUBERNETES_TOKEN_FILE", file.toString())).build();
        assertThat(identity.detect()).contains(Platform.KUBERNETES);
        TokenVault vault = TokenVault.builder().baseUrl(Arrange.url()).workloadIdentity(identity).build();

        assertThat(sha256(vault.token(t.setup().project(), t.setup().provider().name(), t.setup().subject()).value()))
                .isEqualTo(sha256(t.setup().accessToken()));
    }

    @Test
    void aTokenNoBindingMatchesIsRefusedWithWhatToDo() {
        Trusted t = trustedIssuer("https://vault.example.test", 300);
        String idToken = Arrange.platformToken(t.issuerId(), t.audience(), Map.of("repository", "evil/app"), 600);
        TokenVault vault = TokenVault.builder().baseUrl(Arrange.url()).workloadIdentity(WorkloadIdentity.builder()
                .environment(Map.of("TOKENVAULT_ID_TOKEN", idToken)).kubernetesTokenFile(Path.of("/nonexistent"))
                .build()).build();

        assertThatThrownBy(() -> vault.token(t.setup().connectionId())).isInstanceOf(NotAuthenticatedException.class)
                .hasMessageContaining("binding").hasMessageNotContaining(idToken.substring(0, 20));
    }

    @Test
    void withoutAPlatformIdentityTheErrorSaysWhatIsLookedFor() {
        WorkloadIdentity none = WorkloadIdentity.builder().environment(Map.of())
                .kubernetesTokenFile(Path.of("/nonexistent/token")).build();
        assertThat(none.detect()).isEmpty();
        assertThatThrownBy(() -> TokenVault.builder().baseUrl(Arrange.url()).workloadIdentity(none).build())
                .isInstanceOf(NotAuthenticatedException.class)
                .hasMessageContaining("ACTIONS_ID_TOKEN_REQUEST_URL").hasMessageContaining("TOKENVAULT_ID_TOKEN")
                .hasMessageContaining("/nonexistent/token");
    }
}
