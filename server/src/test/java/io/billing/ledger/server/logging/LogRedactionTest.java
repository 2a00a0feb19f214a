package io.billing.ledger.server.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogRedactionTest {

    @Test
    void credentials_of_every_shape_we_use_are_redacted() {
        assertThat(LogRedaction.redact("Authorization: Bearer blk_3f1c0a9d8e7f6a5b4c3d2e1f and more"))
                .isEqualTo("Authorization: [redacted] and more");
        assertThat(LogRedaction.redact("key blk_3f1c0a9d8e7f6a5b4c3d2e1f refused")).isEqualTo("key [redacted] refused");
        assertThat(LogRedaction.redact("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw= rotated"))
                .isEqualTo("secret [redacted] rotated");
        assertThat(LogRedaction.redact("Invalid API Key provided: sk_live_51Habc123DEF"))
                .isEqualTo("Invalid API Key provided: [redacted]");
        assertThat(LogRedaction.redact("restricted rk_test_abc123XYZ")).isEqualTo("restricted [redacted]");
    }

    @Test
    void the_values_of_secret_settings_are_redacted_whatever_their_shape() {
        LogRedaction.secretSetting("my-own-production-signing-secret, another-one-rolled");

        assertThat(LogRedaction.redact("sealed with my-own-production-signing-secret and another-one-rolled"))
                .isEqualTo("sealed with [redacted] and [redacted]");
    }

    @Test
    void ordinary_text_is_left_alone() {
        LogRedaction.secretSetting("short"); // too short to be told from a word: not a redaction target
        String line = "GET /v1/invoices/{id} 200 12ms actor=key_0f3c9a7e-6d1b-4c5e-8f2a-1b3c5d7e9f00 short";

        assertThat(LogRedaction.redact(line)).isEqualTo(line);
    }
}
