package dev.tokenvault.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tokenvault.platform.ApiException;

/** Where a connect session may send a browser back: never an open redirect. */
class ReturnUrlsTest {

    static final List<String> ALLOWED = List.of("https://app.example.com/connected*", "https://*.tenants.example.com/cb",
            "http://localhost:3000/*");

    @ParameterizedTest
    @ValueSource(strings = { "https://app.example.com/connected", "https://app.example.com/connected?x=1",
            "https://APP.example.com/connected/42", "https://acme.tenants.example.com/cb",
            "https://a.b.tenants.example.com/cb", "http://localhost:3000/anything?y=2" })
    void matchingUrlsAreAllowed(String url) {
        assertThat(ReturnUrls.allowed(ALLOWED, url, false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://evil.test/app.example.com/connected", "https://app.example.com.evil.test/connected",
            "https://app.example.com@evil.test/connected", "https://user@app.example.com/connected",
            "http://app.example.com/connected", "https://app.example.com/other", "https://tenants.example.com/cb",
            "https://evil.test/.tenants.example.com/cb", "https://acme.tenants.example.com/cb/more",
            "javascript:alert(1)", "//app.example.com/connected", "/connected", "https://app.example.com/connected#x",
            "https://app.example.com:8443/connected", "http://localhost:3001/x", "https://app.example.com/connected\n",
            "https://app.example.com/connected\\@evil.test" })
    void anythingElseIsRefused(String url) {
        assertThat(ReturnUrls.allowed(ALLOWED, url, false)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({ "http://app.example.com/cb, false", "http://app.example.com/cb, true",
            "https://app.example.com/cb, false" })
    void plainHttpOnlyToLocalhostUnlessInsecureUrlsAreAllowed(String url, boolean insecure) {
        boolean expected = url.startsWith("https") || insecure;
        assertThat(ReturnUrls.allowed(List.of(url), url, insecure)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://x.example/cb", "https://", "https://*/cb", "https://ex*ample.com/cb",
            "https://user:pw@example.com/", "https://example.com/cb#frag", "not a url", "https://example.com/a b" })
    void malformedPatternsAreRefusedNamingTheField(String pattern) {
        assertThatThrownBy(() -> ReturnUrls.checkedPatterns(List.of(pattern), false)).isInstanceOf(ApiException.class)
                .hasMessageContaining("allowed_return_urls");
    }
}
