package dev.tokenvault.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.TestTokenEndpoint;
import dev.tokenvault.provider.Provider;

/** The authorize URL carries the provider's extra parameters and joins scopes as the provider wants. */
class AuthorizeUrlTest {

    static Provider provider(String scopes, String separator, Map<String, String> params) {
        Provider p = new Provider();
        p.authorizeUrl = "https://accounts.example.com/o/oauth2/v2/auth";
        p.clientId = "client id";
        p.scopes = scopes;
        p.scopeSeparator = separator;
        p.authorizeParams = new LinkedHashMap<>(params);
        return p;
    }

    @Test
    void extraParametersFollowTheScopes() {
        String url = ConnectService.authorizeUrl(provider("openid email", " ",
                Map.of("access_type", "offline")), "https://vault.example/v1/oauth/callback", "st", "ch");
        assertThat(url).startsWith("https://accounts.example.com/o/oauth2/v2/auth?response_type=code&client_id=client+id"
                + "&redirect_uri=https%3A%2F%2Fvault.example%2Fv1%2Foauth%2Fcallback&scope=openid+email"
                + "&access_type=offline&state=st&code_challenge=ch&code_challenge_method=S256");
    }

    @Test
    void commaSeparatedScopesAndEncodedParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user_scope", "chat:write,users:read");
        params.put("prompt", "consent & more");
        Map<String, String> query = TestTokenEndpoint.query(ConnectService.authorizeUrl(
                provider("channels:read chat:write", ",", params), "https://vault.example/cb", "st", "ch"));
        assertThat(query).containsEntry("scope", "channels:read,chat:write")
                .containsEntry("user_scope", "chat:write,users:read").containsEntry("prompt", "consent & more")
                .containsEntry("state", "st");
    }

    @Test
    void noScopeParameterWithoutScopes() {
        assertThat(ConnectService.authorizeUrl(provider("", " ", Map.of()), "https://v.example/cb", "st", "ch"))
                .doesNotContain("scope=");
    }
}
