package dev.tokenvault.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProviderTextTest {

    static final String SECRET = "rt-s3cr3t/with+chars=";

    @Test
    void everyFormOfASentSecretIsScrubbed() {
        String echoed = "you sent " + SECRET + " and " + URLEncoder.encode(SECRET, StandardCharsets.UTF_8) + " and "
                + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)) + " and "
                + Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        String scrubbed = ProviderText.scrub(echoed, List.of(SECRET));
        assertThat(scrubbed).doesNotContain("s3cr3t").doesNotContain("czNjcjN0").contains("[redacted]");
    }

    @Test
    void theRestIsPrintableAndBounded() {
        assertThat(ProviderText.scrub("line\nbreak\u0000", List.of())).isEqualTo("line break ");
        assertThat(ProviderText.scrub("x".repeat(1000), List.of())).hasSize(ProviderText.MAX_LENGTH);
        assertThat(ProviderText.scrub(null, List.of(SECRET))).isNull();
    }
}
