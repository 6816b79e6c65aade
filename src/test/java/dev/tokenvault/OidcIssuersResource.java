package dev.tokenvault;

import java.net.InetAddress;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * Starts the OIDC issuers the token-exchange tests trust, in-process on random loopback ports: a real OAuth2 /
 * OIDC server (mock-oauth2-server: discovery, JWKS, signed tokens) and {@link TestIssuer}, a minimal issuer
 * whose keys the tests rotate and whose tokens they shape freely (expired, not yet valid, alg none, ...).
 * Both are injected into test fields of their type.
 */
public class OidcIssuersResource implements QuarkusTestResourceLifecycleManager {

    private MockOAuth2Server oauth2;
    private TestIssuer own;

    @Override
    public Map<String, String> start() {
        oauth2 = new MockOAuth2Server();
        oauth2.start(InetAddress.getLoopbackAddress(), 0);
        own = TestIssuer.start();
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(oauth2, new TestInjector.MatchesType(MockOAuth2Server.class));
        injector.injectIntoFields(own, new TestInjector.MatchesType(TestIssuer.class));
    }

    @Override
    public void stop() {
        if (oauth2 != null) {
            oauth2.shutdown();
        }
        if (own != null) {
            own.stop();
        }
    }
}
