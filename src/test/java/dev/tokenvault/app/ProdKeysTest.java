package dev.tokenvault.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.identity.JwtKeys;
import dev.tokenvault.platform.TokenvaultConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The prod profile (dev-keys off) refuses to start without keys, naming the missing setting. */
class ProdKeysTest {

    static TokenvaultConfig prodConfig() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(TokenvaultConfig.class)
                .withDefaultValue("tokenvault.dev-keys", "false").build();
        return config.getConfigMapping(TokenvaultConfig.class);
    }

    @Test
    void refusesToStartWithoutEncryptionKeys() {
        assertThatThrownBy(() -> new Keyring(prodConfig())).isInstanceOf(IllegalStateException.class)
                .hasMessage("TOKENVAULT_ENCRYPTION_KEYS is not set");
    }

    @Test
    void refusesToStartWithoutJwtSigningKey() {
        assertThatThrownBy(() -> new JwtKeys(prodConfig())).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SMALLRYE_JWT_SIGN_KEY_LOCATION is not set");
    }
}
