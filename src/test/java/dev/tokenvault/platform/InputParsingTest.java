package dev.tokenvault.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict parsers at the edge: forms, URLs, NUL characters, callable URLs. */
class InputParsingTest {

    @Test
    void formsDecodeStrictly() {
        assertThat(FormBody.parse("a=1&b=x+y%21&c=")).isEqualTo(Map.of("a", "1", "b", "x y!", "c", ""));
        assertThat(FormBody.parse("subject_token=" + "t".repeat(50_000))).containsKey("subject_token");
        for (String bad : new String[] { "a=%zz", "a=%", "a=%c3%28", "a=1&a=2", "a=%00", "\u00e9=1" }) {
            assertThatThrownBy(() -> FormBody.parse(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/x%00", "/v1/x?a=%00", "/v1/x?a=%zz", "/v1/x?a=%", "/v1/x?a=%c3%28", "/v1/\u00e9" })
    void malformedUrlsAreRecognised(String uri) {
        assertThat(RequestGuard.wellFormedUrl(uri)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/v1/x", "/v1/x?a=%C3%A9&b=c+d", "/v1/connections/7f1c9a52-0000-0000-0000-000000000000/token" })
    void wellFormedUrlsPass(String uri) {
        assertThat(RequestGuard.wellFormedUrl(uri)).isTrue();
    }

    @Test
    void jsonIsReadStrictly() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .findAndRegisterModules();
        new JsonInput().customize(mapper);
        record Sample(String name, int count, boolean on, java.time.Instant at) {
        }
        assertThat(mapper.readValue("{\"name\":\"a\",\"count\":2,\"on\":true,\"at\":\"2026-01-01T00:00:00Z\"}",
                Sample.class)).isEqualTo(new Sample("a", 2, true, java.time.Instant.parse("2026-01-01T00:00:00Z")));
        for (String bad : new String[] { "{\"name\":\"a\",\"name\":\"b\"}", "{\"count\":\"2\"}", "{\"count\":2.5}",
                "{\"count\":99999999999}", "{\"on\":1}", "{\"name\":7}", "{\"name\":\"a\\u0000\"}",
                "{\"at\":\"+10000-01-01T00:00:00Z\"}", "{\"at\":\"\"}", "{} {}" }) {
            assertThatThrownBy(() -> mapper.readValue(bad, Sample.class)).as(bad)
                    .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        }
    }

    @Test
    void nulCharactersAreFoundInJsonBodies() {
        assertThat(NoNulInBodies.containsNul("{\"a\":\"x\\u0000\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(NoNulInBodies.containsNul(new byte[] { '{', 0, '}' })).isTrue();
        assertThat(NoNulInBodies.containsNul("{\"a\":\"\\\\u0000\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(NoNulInBodies.containsNul("{\"a\":\"\\\\\\u0000\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(NoNulInBodies.containsNul("{\"a\":\"\\u0001\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void onlyHttpsIsCallableUnlessInsecureUrlsAreAllowed() {
        UrlPolicy strict = new UrlPolicy(config(false));
        UrlPolicy local = new UrlPolicy(config(true));
        assertThat(strict.callable("https://oauth.example/token")).isTrue();
        for (String bad : new String[] { "http://oauth.example/token", "javascript:alert(1)", "https://", "ftp://x",
                "https://user:pw@oauth.example/", "https://oauth.example/a b", "//oauth.example" }) {
            assertThat(strict.callable(bad)).as(bad).isFalse();
        }
        assertThat(local.callable("http://127.0.0.1:8080/token")).isTrue();
        assertThat(local.callable("javascript:alert(1)")).isFalse();
        assertThatThrownBy(() -> strict.checked("http://oauth.example/token", "token_url", true))
                .hasMessage("field 'token_url' must be an https URL");
    }

    static TokenvaultConfig config(boolean insecure) {
        return new io.smallrye.config.SmallRyeConfigBuilder().withMapping(TokenvaultConfig.class)
                .withDefaultValue("tokenvault.allow-insecure-urls", String.valueOf(insecure)).build()
                .getConfigMapping(TokenvaultConfig.class);
    }
}
