package dev.tokenvault.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tokenvault.platform.UrlPolicy;

/** The catalog file: the shipped one is valid and complete, broken entries are named, overrides merge. */
class CatalogTest {

    static final Predicate<String> HTTPS = url -> UrlPolicy.callable(url, false);

    static String shipped() throws IOException {
        try (InputStream in = CatalogTest.class.getClassLoader().getResourceAsStream(Catalog.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String file(String... entries) {
        return "{\"version\":1,\"providers\":[" + String.join(",", entries) + "]}";
    }

    /** A valid oauth2 entry with one field replaced (or removed, with a null value). */
    static String oauth(String field, String json) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of(
                "id", "\"acme\"", "display_name", "\"Acme\"", "kind", "\"oauth2\"",
                "authorize_url", "\"https://{subdomain}.acme.example/authorize\"",
                "token_url", "\"https://{subdomain}.acme.example/token\"", "auth_method", "\"client_secret_basic\"",
                "parameters", "[{\"name\":\"subdomain\",\"description\":\"yours\",\"example\":\"x\",\"default\":null}]",
                "docs_url", "\"https://docs.acme.example\""));
        if (json == null) {
            fields.remove(field);
        } else {
            fields.put(field, json);
        }
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Test
    void theShippedCatalogIsValidAndHasWhatTheIssueAsksFor() throws IOException {
        List<CatalogEntry> entries = Catalog.parse(shipped(), "shipped", HTTPS);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(40);
        Set<String> ids = entries.stream().map(CatalogEntry::id).collect(Collectors.toSet());
        assertThat(ids).contains("circleci", "doppler", "sonarcloud", "quickbooks", "xero", "github", "github-app",
                "google", "microsoft", "slack", "salesforce", "hubspot", "zendesk", "atlassian", "gitlab",
                "gitlab-self-managed", "bitbucket", "dropbox", "box", "notion", "linear", "asana", "zoom", "docusign",
                "shopify", "stripe-connect", "linkedin", "discord", "spotify", "okta", "auth0", "keycloak", "oidc");
        for (String apiKey : List.of("circleci", "doppler", "sonarcloud")) {
            CatalogEntry e = entries.stream().filter(x -> x.id().equals(apiKey)).findFirst().orElseThrow();
            assertThat(e.isApiKey()).isTrue();
            assertThat(e.validation()).isNotNull();
        }
        CatalogEntry slack = entries.stream().filter(x -> x.id().equals("slack")).findFirst().orElseThrow();
        assertThat(slack.scopeSeparator()).isEqualTo(",");
        CatalogEntry google = entries.stream().filter(x -> x.id().equals("google")).findFirst().orElseThrow();
        assertThat(google.scopeSeparator()).isEqualTo(" ");
        assertThat(google.authorizeParams()).containsEntry("access_type", "offline").containsEntry("prompt", "consent");
    }

    @Test
    void everyShippedTemplateParameterTakesItsExampleAndDefault() throws IOException {
        for (CatalogEntry e : Catalog.parse(shipped(), "shipped", HTTPS)) {
            Map<String, UrlTemplate.Slot> slots = new java.util.HashMap<>();
            for (String url : java.util.Arrays.asList(e.authorizeUrl(), e.tokenUrl(), e.revocationUrl(),
                    e.discoveryUrl(), e.validation() == null ? null : e.validation().url())) {
                if (url != null) {
                    slots.putAll(UrlTemplate.slots(url));
                }
            }
            for (CatalogEntry.Parameter p : e.parameters()) {
                String example = p.example();
                if (example != null) {
                    assertThat(UrlTemplate.fits(slots.get(p.name()), example, HTTPS)).as(e.id() + " " + p.name())
                            .isNotNull();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "id|\"Acme Corp\"|field 'id' may hold lower-case letters",
            "display_name||field 'display_name' is required",
            "kind|\"oauth1\"|field 'kind' must be oauth2 or api_key",
            "token_url|\"http://{subdomain}.acme.example/token\"|field 'token_url' must be an https URL",
            "token_url|\"https://acme.example/{tenant}/token\"|field 'parameters' does not declare {tenant}",
            "token_url|\"https://acme.example/token?x={subdomain}\"|field 'token_url' parameter {subdomain} stands in the query",
            "token_url|\"https://acme.example/t{subdomain}\"|field 'token_url' parameter {subdomain} must be a whole path segment",
            "token_url|\"https://acme.example/{subdomain}/token\"|field 'authorize_url' uses {subdomain} in another kind of place",
            "token_url|\"https://acme.{subdomain}.example/token\"|field 'token_url' parameter {subdomain} stands inside a host name",
            "token_url|\"https://acme.example/{Sub}\"|field 'token_url' holds a brace that is not a {parameter}",
            "auth_method|\"private_key_jwt\"|field 'auth_method' must be client_secret_basic or client_secret_post",
            "quirks|[\"no_expiry\"]|field 'quirks' names an unknown quirk 'no_expiry'",
            "quirks|\"no_expires_in\"|field 'quirks' has the wrong type",
            "pkce|\"true\"|field 'pkce' has the wrong type",
            "access_token_lifetime_seconds|-5|field 'access_token_lifetime_seconds' must be a number of seconds",
            "access_token_lifetime_seconds|1.5|field 'access_token_lifetime_seconds' has the wrong type",
            "refresh_token|{\"rotatez\":true}|unknown field 'refresh_token.rotatez'",
            "refresh_token|{\"inactivity_seconds\":0}|field 'refresh_token.inactivity_seconds' must be a number",
            "scope_separator|\";\"|field 'scope_separator' must be",
            "authorize_params|{\"redirect_uri\":\"https://evil.example\"}|field 'authorize_params' holds a parameter name",
            "metadata_fields|[\"access_token\"]|field 'metadata_fields' names 'access_token', which may hold a credential",
            "callback_params|[\"code\"]|field 'callback_params' names 'code'",
            "validation|{\"method\":\"GET\",\"url\":\"https://acme.example/me\",\"auth\":\"basic\",\"valid_status\":[200]}|field 'validation.auth' must be bearer or header:<Name>",
            "validation|{\"method\":\"DELETE\",\"url\":\"https://acme.example/me\",\"auth\":\"bearer\",\"valid_status\":[200]}|field 'validation.method' must be GET, HEAD or POST",
            "validation|{\"method\":\"GET\",\"url\":\"https://acme.example/me\",\"auth\":\"bearer\",\"valid_status\":[401]}|field 'validation.valid_status' must list",
            "parameters|[{\"name\":\"subdomain\",\"description\":\"d\",\"default\":\"a.b\"}]|field 'parameters.subdomain.default' must be a single host name label",
            "parameters|[{\"name\":\"subdomain\",\"description\":\"d\"},{\"name\":\"tenant\",\"description\":\"d\"}]|field 'parameters' declares 'tenant', which no URL uses",
            "docs_url|\"ftp://docs.acme.example\"|field 'docs_url' must start with https://",
            "colour|\"blue\"|unknown field 'colour'" })
    void aBrokenEntryIsOneLineNamingTheEntryAndTheField(String field, String json, String expected) {
        String entry = oauth(field, json == null || json.isEmpty() ? null : json);
        assertThatThrownBy(() -> Catalog.parse(file(entry), "my-catalog.json", HTTPS))
                .isInstanceOf(Catalog.Invalid.class)
                .hasMessageStartingWith("my-catalog.json: catalog entry '")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theFileItselfMustBeWellFormed() {
        assertThatThrownBy(() -> Catalog.parse("{\"version\":1,\"providers\":[", "f.json", HTTPS))
                .hasMessageStartingWith("f.json: not valid JSON (line 1");
        assertThatThrownBy(() -> Catalog.parse("{\"version\":2,\"providers\":[]}", "f.json", HTTPS))
                .hasMessage("f.json: field 'version' must be 1");
        assertThatThrownBy(() -> Catalog.parse("{\"version\":1,\"providers\":[], \"extra\":1}", "f.json", HTTPS))
                .hasMessage("f.json: unknown field 'extra'");
        assertThatThrownBy(() -> Catalog.parse(file(oauth("id", "\"acme\""), oauth("id", "\"acme\"")), "f.json", HTTPS))
                .hasMessage("f.json: catalog entry 'acme': the id appears twice");
        assertThatThrownBy(() -> Catalog.parse(file("42"), "f.json", HTTPS))
                .hasMessage("f.json: catalog entry #1: must be a JSON object");
        assertThatThrownBy(() -> Catalog.parse("{\"version\":1,\"version\":1,\"providers\":[]}", "f.json", HTTPS))
                .hasMessageStartingWith("f.json: not valid JSON");
    }

    @Test
    void anApiKeyEntryNeedsAValidationRequestAndNoOAuthFields() {
        String base = "{\"id\":\"k\",\"display_name\":\"K\",\"kind\":\"api_key\",\"docs_url\":\"https://k.example\"";
        assertThatThrownBy(() -> Catalog.parse(file(base + "}"), "f", HTTPS))
                .hasMessageContaining("field 'validation' is required for an api_key entry");
        String validation = ",\"validation\":{\"method\":\"GET\",\"url\":\"https://k.example/me\",\"auth\":"
                + "\"header:X-Key\",\"valid_status\":[200]}";
        assertThat(Catalog.parse(file(base + validation + "}"), "f", HTTPS)).hasSize(1);
        assertThatThrownBy(() -> Catalog.parse(file(base + validation + ",\"token_url\":\"https://k.example/t\"}"), "f",
                HTTPS)).hasMessageContaining("field 'token_url' does not apply to an api_key entry");
    }

    @Test
    void anAdministratorsFileReplacesEntriesByIdAndAddsNewOnes() throws IOException {
        List<CatalogEntry> shipped = Catalog.parse(shipped(), "shipped", HTTPS);
        List<CatalogEntry> own = Catalog.parse(file(
                oauth("id", "\"xero\"").replace("\"Acme\"", "\"Xero (our proxy)\""),
                oauth("id", "\"acme-internal\"")), "own.json", HTTPS);
        Map<String, CatalogEntry> merged = Catalog.merge(shipped, own);
        assertThat(merged).hasSize(shipped.size() + 1);
        assertThat(merged.get("xero").displayName()).isEqualTo("Xero (our proxy)");
        assertThat(merged.get("xero").tokenUrl()).isEqualTo("https://{subdomain}.acme.example/token"); // whole entry
        assertThat(List.copyOf(merged.keySet()).indexOf("xero"))
                .isEqualTo(shipped.stream().map(CatalogEntry::id).toList().indexOf("xero")); // keeps its place
        assertThat(List.copyOf(merged.keySet()).getLast()).isEqualTo("acme-internal");
    }

    @Test
    void anAdministratorsFileMayUseHttpOnlyWhereTheServiceAllowsIt() {
        String local = oauth("token_url", "\"http://127.0.0.1:1234/{subdomain}/token\"")
                .replace("https://{subdomain}.acme.example/authorize", "http://127.0.0.1:1234/{subdomain}/authorize");
        assertThatThrownBy(() -> Catalog.parse(file(local), "f", HTTPS)).hasMessageContaining("must be an https URL");
        assertThat(Catalog.parse(file(local), "f", url -> UrlPolicy.callable(url, true))).hasSize(1);
    }

    // ------------------------------------------------------------------------------------- URL templates

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "LABEL|acme|acme",
            "LABEL|acme.evil.example|",
            "LABEL|acme/../x|",
            "LABEL|-acme|",
            "LABEL|ac%2Fme|",
            "HOST|acme.okta.com|acme.okta.com",
            "HOST|evil.example/x|",
            "HOST|evil.example:8080|",
            "HOST|a..b|",
            "HOST|user@evil.example|",
            "PATH_SEGMENT|contoso.onmicrosoft.com|contoso.onmicrosoft.com",
            "PATH_SEGMENT|..|",
            "PATH_SEGMENT|a/b|",
            "PATH_SEGMENT|a?b|",
            "PATH_SEGMENT|a%2Fb|",
            "BASE_URL|https://acme.my.salesforce.com|https://acme.my.salesforce.com",
            "BASE_URL|https://sso.example.com/auth/|https://sso.example.com/auth",
            "BASE_URL|https://sso.example.com:8443|https://sso.example.com:8443",
            "BASE_URL|http://sso.example.com|",
            "BASE_URL|https://user@evil.example|",
            "BASE_URL|https://sso.example.com/x?y=1|",
            "BASE_URL|https://sso.example.com/#x|",
            "BASE_URL|https://sso.example.com/../admin|",
            "BASE_URL|https://sso.example.com//x|",
            "BASE_URL|javascript:alert(1)|",
            "BASE_URL|https://sso.example.com/a b|" })
    void parameterValuesFitOnlyTheirPlace(UrlTemplate.Slot slot, String value, String expected) {
        assertThat(UrlTemplate.fits(slot, value, HTTPS)).isEqualTo(expected);
    }

    @Test
    void whereAParameterStandsDecidesWhatItTakes() {
        assertThat(UrlTemplate.slots("{base_url}/realms/{realm}/protocol/openid-connect/token"))
                .containsExactly(Map.entry("base_url", UrlTemplate.Slot.BASE_URL),
                        Map.entry("realm", UrlTemplate.Slot.PATH_SEGMENT));
        assertThat(UrlTemplate.slots("https://{subdomain}.zendesk.com/oauth/tokens"))
                .containsExactly(Map.entry("subdomain", UrlTemplate.Slot.LABEL));
        assertThat(UrlTemplate.slots("https://api.{site}/api/v1/validate"))
                .containsExactly(Map.entry("site", UrlTemplate.Slot.HOST));
        assertThat(UrlTemplate.slots("https://{domain}/oauth2/v1/token"))
                .containsExactly(Map.entry("domain", UrlTemplate.Slot.HOST));
        assertThat(UrlTemplate.fill("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
                Map.of("tenant", "common"))).isEqualTo("https://login.microsoftonline.com/common/oauth2/v2.0/token");
    }
}
