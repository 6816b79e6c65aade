package dev.tokenvault.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tokenvault.platform.UrlPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What an OpenID Connect discovery document must say before a provider is made from it. */
class OidcDiscoveryTest {

    static final UrlPolicy HTTPS = new UrlPolicy(new io.smallrye.config.SmallRyeConfigBuilder()
            .withMapping(dev.tokenvault.platform.TokenvaultConfig.class).build()
            .getConfigMapping(dev.tokenvault.platform.TokenvaultConfig.class));
    static final String DOC = "https://id.example.com/.well-known/openid-configuration";

    static JsonObject document(String issuer) {
        return new JsonObject().put("issuer", issuer).put("authorization_endpoint", "https://id.example.com/authorize")
                .put("token_endpoint", "https://id.example.com/token");
    }

    @Test
    void theDocumentNamesTheEndpointsAndTheClientAuthentication() {
        OidcDiscovery.Endpoints plain = OidcDiscovery.endpoints(document("https://id.example.com"), DOC,
                "https://id.example.com", "client_secret_basic", HTTPS);
        assertThat(plain).isEqualTo(new OidcDiscovery.Endpoints("https://id.example.com/authorize",
                "https://id.example.com/token", null, "client_secret_basic"));
        OidcDiscovery.Endpoints post = OidcDiscovery.endpoints(document("https://id.example.com/") // Auth0 style
                .put("revocation_endpoint", "https://id.example.com/revoke")
                .put("token_endpoint_auth_methods_supported", new JsonArray().add("private_key_jwt").add("client_secret_post")),
                DOC, "https://id.example.com", "client_secret_basic", HTTPS);
        assertThat(post.authMethod()).isEqualTo("client_secret_post");
        assertThat(post.revocationUrl()).isEqualTo("https://id.example.com/revoke");
    }

    @Test
    void aDocumentThatDoesNotFitIsA400ThatRepeatsNothingOfIt() {
        assertThatThrownBy(() -> OidcDiscovery.endpoints(document("https://evil.example"), DOC,
                "https://id.example.com", "client_secret_basic", HTTPS)).hasMessageContaining("names another issuer");
        assertThatThrownBy(() -> OidcDiscovery.endpoints(document("https://id.example.com")
                .put("token_endpoint", "http://id.example.com/token"), DOC, "https://id.example.com",
                "client_secret_basic", HTTPS)).hasMessageContaining("gives a token_endpoint that is not an https URL")
                .hasMessageNotContaining("http://id.example.com/token");
        assertThatThrownBy(() -> OidcDiscovery.endpoints(document("https://id.example.com").put("token_endpoint", 42),
                DOC, "https://id.example.com", "client_secret_basic", HTTPS)).hasMessageContaining("not text");
        JsonObject noToken = document("https://id.example.com");
        noToken.remove("token_endpoint");
        assertThatThrownBy(() -> OidcDiscovery.endpoints(noToken, DOC, "https://id.example.com", "client_secret_basic",
                HTTPS)).hasMessageContaining("has no token_endpoint");
        assertThatThrownBy(() -> OidcDiscovery.endpoints(document("https://id.example.com").put(
                "token_endpoint_auth_methods_supported", new JsonArray().add("private_key_jwt")), DOC,
                "https://id.example.com", "client_secret_basic", HTTPS))
                .hasMessageContaining("offers neither client_secret_basic nor client_secret_post");
    }
}
