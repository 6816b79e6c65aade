package dev.tokenvault.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tokenvault.platform.ApiException;

/** Where a connect flow may send the browser afterwards: paths on this service only, never an open redirect. */
class ReturnToTest {

    @ParameterizedTest
    @ValueSource(strings = { "/ui/connections", "/ui/connections?notice=connected", "/a/b#c", "/" })
    void pathsOnThisServiceAreKept(String path) {
        assertThat(ReturnTo.check(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
            "ui/connections", "/ui/con nections", "/ui/\u0000x", "/ui/\tx", "\u007f/x", "http:/evil.example" })
    void anythingElseIsRefused(String target) {
        assertThatThrownBy(() -> ReturnTo.check(target)).isInstanceOf(ApiException.class)
                .hasMessageContaining("return_to");
    }

    @org.junit.jupiter.api.Test
    void absentIsNoTarget() {
        assertThat(ReturnTo.check(null)).isNull();
        assertThat(ReturnTo.check("")).isNull();
        assertThatThrownBy(() -> ReturnTo.check("/" + "x".repeat(600))).isInstanceOf(ApiException.class);
    }
}
