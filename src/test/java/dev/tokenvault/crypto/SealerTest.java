package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SealerTest {

    static String key(String id) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return id + ":" + Base64.getEncoder().encodeToString(bytes);
    }

    final String k1 = key("k1");
    final Sealer sealer = new Sealer(new Keyring(k1));
    final SealedField field = SealedField.of("connections", UUID.randomUUID(), "access_token");

    @Test
    void sealsAndOpensWithAFreshNonceEachTime() {
        byte[] a = sealer.seal("gho_secret", field);
        byte[] b = sealer.seal("gho_secret", field);
        assertThat(a).isNotEqualTo(b);
        assertThat(sealer.openString(a, field)).isEqualTo("gho_secret");
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("gho_secret");
        assertThat(Sealer.keyIdOf(a)).isEqualTo("k1");
    }

    @Test
    void ciphertextCopiedToAnotherRowOrColumnDoesNotOpen() {
        byte[] sealed = sealer.seal("gho_secret", field);
        SealedField otherRow = SealedField.of("connections", UUID.randomUUID(), "access_token");
        SealedField otherColumn = SealedField.of("connections", field.rowId(), "refresh_token");
        SealedField otherTable = SealedField.of("providers", field.rowId(), "access_token");
        assertThatThrownBy(() -> sealer.open(sealed, otherRow)).isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> sealer.open(sealed, otherColumn)).isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> sealer.open(sealed, otherTable)).isInstanceOf(SealingException.class);
    }

    @Test
    void tamperedCiphertextDoesNotOpen() {
        byte[] sealed = sealer.seal("gho_secret", field);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> sealer.open(sealed, field)).isInstanceOf(SealingException.class)
                .hasMessageNotContaining("gho_secret");
    }

    @Test
    void oldKeysKeepOpeningOldRowsAndRewrapMovesThemToThePrimary() {
        byte[] underK1 = sealer.seal("old-secret", field);
        Sealer rotated = new Sealer(new Keyring(key("k2") + "," + k1));
        assertThat(rotated.openString(underK1, field)).isEqualTo("old-secret");
        byte[] rewrapped = rotated.rewrap(underK1, field);
        assertThat(Sealer.keyIdOf(rewrapped)).isEqualTo("k2");
        assertThat(rotated.openString(rewrapped, field)).isEqualTo("old-secret");
        assertThatThrownBy(() -> sealer.open(rewrapped, field)).isInstanceOf(SealingException.class)
                .hasMessageContaining("not configured");
    }

    @Test
    void keyringRefusesMalformedKeysWithoutEchoingThem() {
        assertThatThrownBy(() -> new Keyring("k1:c2hvcnQ=")).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> new Keyring("no-colon")).hasMessageContaining("<key-id>:<base64");
        assertThatThrownBy(() -> new Keyring("k1:!!notbase64!!")).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> new Keyring(k1 + "," + k1)).hasMessageContaining("appears twice");
        assertThat(new Keyring(key("a") + ", " + key("b")).ids()).containsExactly("a", "b");
    }
}
