package dev.tokenvault.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tokenvault.platform.ApiException;

/**
 * Bound-claim matching as a table, after hashicorp/vault-plugin-auth-jwt's TestValidateBoundClaims: names and
 * JSON pointers, lists of alternatives, array claims, globs, missing claims and wrong types.
 */
class BoundClaimsTest {

    static final Map<String, Object> GITHUB = Map.of(
            "repository", "acme/app",
            "ref", "refs/heads/main",
            "run_attempt", 3,
            "fork", false,
            "groups", List.of("dev", "ops"),
            "kubernetes.io", Map.of("namespace", "billing", "serviceaccount", Map.of("name", "exporter")),
            "a/b", "slash",
            "empty", "",
            "nested", Map.of("x", 1));

    static Stream<Arguments> cases() {
        return Stream.of(
                // name                                 bound                                              matches
                Arguments.of("exact string", Map.of("repository", "acme/app"), true),
                Arguments.of("other string", Map.of("repository", "acme/other"), false),
                Arguments.of("case sensitive", Map.of("repository", "ACME/app"), false),
                Arguments.of("glob suffix", Map.of("ref", "refs/heads/*"), true),
                Arguments.of("glob spans slashes", Map.of("ref", "refs/*"), true),
                Arguments.of("glob in the middle", Map.of("repository", "acme/*p"), true),
                Arguments.of("glob does not match", Map.of("ref", "refs/tags/*"), false),
                Arguments.of("several stars", Map.of("ref", "*/*/m*n"), true),
                Arguments.of("list: one alternative matches", Map.of("ref", List.of("refs/tags/*", "refs/heads/main")), true),
                Arguments.of("list: none matches", Map.of("ref", List.of("refs/tags/*", "refs/heads/dev")), false),
                Arguments.of("all claims must match", Map.of("repository", "acme/app", "ref", "refs/tags/*"), false),
                Arguments.of("every claim matches", Map.of("repository", "acme/*", "ref", "refs/heads/main"), true),
                Arguments.of("missing claim", Map.of("environment", "*"), false),
                Arguments.of("number in its JSON text", Map.of("run_attempt", "3"), true),
                Arguments.of("number, other value", Map.of("run_attempt", "4"), false),
                Arguments.of("boolean in its JSON text", Map.of("fork", "false"), true),
                Arguments.of("array claim: any element", Map.of("groups", "ops"), true),
                Arguments.of("array claim: glob on elements", Map.of("groups", "o*"), true),
                Arguments.of("array claim: no element", Map.of("groups", "admins"), false),
                Arguments.of("object claim never matches", Map.of("nested", "*"), false),
                Arguments.of("JSON pointer", Map.of("/kubernetes.io/namespace", "billing"), true),
                Arguments.of("JSON pointer two deep", Map.of("/kubernetes.io/serviceaccount/name", "exporter"), true),
                Arguments.of("JSON pointer, other value", Map.of("/kubernetes.io/namespace", "payments"), false),
                Arguments.of("JSON pointer to nothing", Map.of("/kubernetes.io/pod/name", "*"), false),
                Arguments.of("JSON pointer into an array", Map.of("/groups/1", "ops"), true),
                Arguments.of("JSON pointer past an array", Map.of("/groups/7", "*"), false),
                Arguments.of("~1 is a slash in a name", Map.of("/a~1b", "slash"), true),
                Arguments.of("empty claim matches a star only", Map.of("empty", "*"), true),
                Arguments.of("empty claim, literal pattern", Map.of("empty", "x"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches(String name, Map<String, Object> bound, boolean expected) {
        assertThat(BoundClaims.match(bound, GITHUB)).isEqualTo(expected);
    }

    static Stream<Arguments> globs() {
        return Stream.of(
                Arguments.of("", "", true), Arguments.of("*", "", true), Arguments.of("*", "anything/at/all", true),
                Arguments.of("a*", "a", true), Arguments.of("a*c", "abbbc", true), Arguments.of("a*c", "abbbd", false),
                Arguments.of("*a*b*", "xxaxxbxx", true), Arguments.of("*a*b*", "xxbxxaxx", false),
                Arguments.of("abc", "abcd", false), Arguments.of("abcd", "abc", false),
                Arguments.of("**", "x", true), Arguments.of("a*b*c", "abc", true),
                // linear time even when backtracking is expensive for a regex
                Arguments.of("*a*a*a*a*a*a*a*b", "a".repeat(5000), false));
    }

    @ParameterizedTest(name = "glob {0} ~ {1}")
    @MethodSource("globs")
    void globs(String pattern, String text, boolean expected) {
        assertThat(BoundClaims.glob(pattern, text)).isEqualTo(expected);
    }

    @Test
    void aBindingMustNarrowTheIssuersTokensDown() {
        assertThatThrownBy(() -> BoundClaims.checked(Map.of("repository", "*"))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BoundClaims.checked(Map.of("repository", List.of("*", "**"))))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BoundClaims.checked(Map.of())).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BoundClaims.checked(Map.of("repository", 42))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BoundClaims.checked(Map.of("repository", List.of()))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BoundClaims.checked(Map.of("repository", "")))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BoundClaims.checked(Map.of("/", "x"))).isInstanceOf(ApiException.class);
        assertThat(BoundClaims.checked(Map.of("repository", "acme/*", "ref", "*"))).containsEntry("repository", "acme/*");
    }
}
