package dev.tokenvault.provider;

import static dev.tokenvault.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenvault.Api;
import dev.tokenvault.TestTokenEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** {@code POST /v1/providers {"template": ...}}: a provider from a catalog entry with only what is the admin's. */
@QuarkusTest
class ProviderTemplateTest {

    static ValidatableResponse create(Map<String, Object> body) {
        Map<String, Object> request = new HashMap<>(body);
        return as(Api.adminToken()).contentType(ContentType.JSON).body(request).when().post("/v1/providers").then();
    }

    static Map<String, Object> oauth(String template, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("template", template, "name", Api.unique(template),
                "client_id", "client-" + template, "client_secret", Api.secret("client-secret")));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    @Test
    void aTemplateNeedsOnlyTheClientAndFillsTheRest() {
        String secret = Api.secret("client-secret");
        String body = create(Map.of("template", "xero", "name", Api.unique("xero"), "client_id", "xero-client",
                "client_secret", secret)).statusCode(201)
                .body("template", equalTo("xero")).body("kind", equalTo("oauth2"))
                .body("token_url", equalTo("https://identity.xero.com/connect/token"))
                .body("authorize_url", equalTo("https://login.xero.com/identity/connect/authorize"))
                .body("revocation_url", equalTo("https://identity.xero.com/connect/revocation"))
                .body("auth_method", equalTo("client_secret_basic"))
                .body("scopes", equalTo(List.of("offline_access", "openid", "profile", "email")))
                .body("rotates_refresh_tokens", equalTo(true))
                .body("quirks", equalTo(List.of("requires_offline_access_param")))
                .body("client_secret_set", equalTo(true)).body("$", not(hasKey("client_secret")))
                .extract().asString();
        assertThat(body).doesNotContain(secret);
        create(oauth("google")).statusCode(201).body("authorize_params.access_type", equalTo("offline"))
                .body("authorize_params.prompt", equalTo("consent")).body("auth_method", equalTo("client_secret_post"));
    }

    @Test
    void withoutANameTheProviderIsNamedAfterItsTemplate() {
        Map<String, Object> body = oauth("spotify");
        body.remove("name");
        create(body).statusCode(201).body("name", equalTo("spotify"));
        create(body).statusCode(409).body("code", equalTo("conflict"));
    }

    @Test
    void parametersFillTheUrlsAndAreCheckedForTheirPlace() {
        create(oauth("zendesk")).statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("parameter 'subdomain' is required by template 'zendesk'"));
        create(oauth("zendesk", "parameters", Map.of("subdomain", "acme"))).statusCode(201)
                .body("token_url", equalTo("https://acme.zendesk.com/oauth/tokens"))
                .body("authorize_url", equalTo("https://acme.zendesk.com/oauth/authorizations/new"));
        for (String hostile : List.of("acme.evil.example", "acme/../x", "evil.example#", "acme?x=1", "acme@evil.example",
                "", " ", "a".repeat(64))) {
            create(oauth("zendesk", "parameters", Map.of("subdomain", hostile))).statusCode(400)
                    .body("detail", containsString("parameter 'subdomain' must be a single host name label"));
        }
        create(oauth("zendesk", "parameters", Map.of("subdomain", "acme", "tenant", "x"))).statusCode(400)
                .body("detail", containsString("'tenant', which template 'zendesk' does not take (it takes subdomain)"));
        create(oauth("shopify", "parameters", Map.of("shop", "acme-store"))).statusCode(201)
                .body("token_url", equalTo("https://acme-store.myshopify.com/admin/oauth/access_token"));
        create(oauth("okta", "parameters", Map.of("domain", "acme.okta.com"))).statusCode(201)
                .body("revocation_url", equalTo("https://acme.okta.com/oauth2/v1/revoke"));
        create(oauth("okta", "parameters", Map.of("domain", "acme.okta.com/x"))).statusCode(400)
                .body("detail", containsString("parameter 'domain' must be a host name"));
    }

    @Test
    void defaultsApplyAndPathAndBaseUrlParametersAreStrict() {
        create(oauth("microsoft")).statusCode(201)
                .body("token_url", equalTo("https://login.microsoftonline.com/common/oauth2/v2.0/token"));
        create(oauth("microsoft", "parameters", Map.of("tenant", "contoso.onmicrosoft.com"))).statusCode(201)
                .body("authorize_url", equalTo("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"));
        create(oauth("microsoft", "parameters", Map.of("tenant", "../evil"))).statusCode(400)
                .body("detail", containsString("parameter 'tenant' must be a single path segment"));
        create(oauth("salesforce")).statusCode(201)
                .body("token_url", equalTo("https://login.salesforce.com/services/oauth2/token"));
        create(oauth("keycloak", "parameters", Map.of("base_url", "https://sso.example.com/auth/", "realm", "acme")))
                .statusCode(201).body("token_url",
                        equalTo("https://sso.example.com/auth/realms/acme/protocol/openid-connect/token"));
        for (String hostile : List.of("https://sso.example.com/x?y=1", "https://user@sso.example.com", "javascript:x",
                "ftp://sso.example.com", "https://sso.example.com/../admin", "https://sso.example.com/#")) {
            create(oauth("keycloak", "parameters", Map.of("base_url", hostile, "realm", "acme"))).statusCode(400)
                    .body("detail", containsString("parameter 'base_url' must be an absolute https URL"));
        }
        create(oauth("keycloak", "parameters", Map.of("base_url", "https://sso.example.com"))).statusCode(400)
                .body("detail", containsString("parameter 'realm' is required by template 'keycloak'"));
    }

    @Test
    void anyFieldGivenExplicitlyOverridesTheTemplate() {
        TestTokenEndpoint endpoint = TestTokenEndpoint.get();
        create(oauth("zendesk", "token_url", endpoint.tokenUrl(), "authorize_url", endpoint.authorizeUrl(),
                "scopes", List.of("tickets:read"), "auth_method", "client_secret_basic", "rotates_refresh_tokens", false,
                "authorize_params", Map.of("locale", "de"))).statusCode(201)
                .body("token_url", equalTo(endpoint.tokenUrl())).body("authorize_url", equalTo(endpoint.authorizeUrl()))
                .body("revocation_url", nullValue()).body("scopes", equalTo(List.of("tickets:read")))
                .body("auth_method", equalTo("client_secret_basic")).body("rotates_refresh_tokens", equalTo(false))
                .body("authorize_params.locale", equalTo("de"));
        create(oauth("google", "authorize_params", Map.of("redirect_uri", "https://evil.example"))).statusCode(400)
                .body("detail", containsString("'authorize_params'"));
        create(oauth("google", "token_url", "ftp://x.example/t")).statusCode(400)
                .body("detail", containsString("'token_url'"));
    }

    @Test
    void anApiKeyTemplateStoresNoOAuthApplication() {
        create(Map.of("template", "circleci", "name", Api.unique("circleci"))).statusCode(201)
                .body("kind", equalTo("api_key")).body("token_url", nullValue()).body("client_id", nullValue())
                .body("client_secret_set", equalTo(false)).body("auth_method", nullValue())
                .body("validation_url", equalTo("https://circleci.com/api/v2/me"));
        create(Map.of("template", "circleci", "name", Api.unique("circleci"), "client_secret", "s")).statusCode(400)
                .body("detail", equalTo("field 'client_secret' does not apply to an api_key provider"));
        create(Map.of("template", "datadog", "name", Api.unique("dd"))).statusCode(201)
                .body("validation_url", equalTo("https://api.datadoghq.com/api/v1/validate"));
        create(Map.of("template", "datadog", "name", Api.unique("dd"), "parameters", Map.of("site", "datadoghq.eu")))
                .statusCode(201).body("validation_url", equalTo("https://api.datadoghq.eu/api/v1/validate"));
        String name = Api.unique("doppler");
        create(Map.of("template", "doppler", "name", name, "validation_url", "https://doppler.example/v3/me"))
                .statusCode(201).body("validation_url", equalTo("https://doppler.example/v3/me"));
        // an api_key provider is updated without OAuth fields
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("refresh_skew_seconds", 30))
                .put("/v1/providers/" + name).then().statusCode(200).body("refresh_skew_seconds", equalTo(30))
                .body("template", equalTo("doppler")).body("validation_url", equalTo("https://doppler.example/v3/me"));
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("token_url", "https://x.example/t"))
                .put("/v1/providers/" + name).then().statusCode(400);
    }

    @Test
    void theGenericOidcEntryFillsItselfFromDiscovery() {
        TestTokenEndpoint endpoint = TestTokenEndpoint.get();
        create(oauth("oidc", "parameters", Map.of("issuer", endpoint.issuer()))).statusCode(201)
                .body("token_url", equalTo(endpoint.tokenUrl())).body("authorize_url", equalTo(endpoint.authorizeUrl()))
                .body("revocation_url", equalTo(endpoint.revocationUrl()))
                .body("auth_method", equalTo("client_secret_post")) // the only method the document offers
                .body("scopes", equalTo(List.of("openid", "offline_access")));
        create(oauth("oidc", "parameters", Map.of("issuer", endpoint.issuer() + "/elsewhere"))).statusCode(400)
                .body("detail", containsString("names another issuer"));
        create(oauth("oidc", "parameters", Map.of("issuer", "http://127.0.0.1:1"))).statusCode(400)
                .body("detail", containsString("could not be read"));
        create(oauth("oidc")).statusCode(400).body("detail", containsString("parameter 'issuer' is required"));
    }

    @Test
    void badTemplateRequestsAreClear4xx() {
        create(oauth("no-such-template")).statusCode(400).body("detail", containsString("field 'template' names no catalog entry"));
        Map<String, Object> noClient = oauth("xero");
        noClient.remove("client_id");
        create(noClient).statusCode(400).body("detail", containsString("'client_id'"));
        create(oauth("xero", "parameters", Map.of("x", 1))).statusCode(400).contentType("application/problem+json");
        create(Map.of("name", Api.unique("p"), "token_url", "https://x.example/t", "client_id", "c", "client_secret", "s",
                "parameters", Map.of("subdomain", "acme"))).statusCode(400).body("detail", containsString("'template'"));
        String name = Api.newProvider();
        as(Api.adminToken()).contentType(ContentType.JSON).body(Map.of("template", "xero",
                "token_url", "https://x.example/t", "client_id", "c")).put("/v1/providers/" + name).then()
                .statusCode(400).body("detail", containsString("field 'template' can only be given when"));
        as(Api.newUser()).contentType(ContentType.JSON).body(oauth("xero")).post("/v1/providers").then().statusCode(403);
    }
}
