package dev.tokenvault.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher(null);

    @Test
    void argon2idHashesVerifyAndNeverContainThePassword() {
        String hash = hasher.hashNow("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(hasher.verifyNow("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.verifyNow("correct horse battery stapl", hash)).isFalse();
        assertThat(hasher.hashNow("same")).isNotEqualTo(hasher.hashNow("same"));
    }
}
