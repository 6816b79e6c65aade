package dev.tokenvault.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Signing as the Standard Webhooks specification says, checked against its own example. */
class WebhookSignatureTest {

    @Test
    void theSpecificationsExampleSignsToItsSignature() {
        // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md (example)
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void secretsAreFreshAndPrefixed() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
        assertThat(java.util.Base64.getDecoder().decode(a.substring(6))).hasSize(32);
    }
}
