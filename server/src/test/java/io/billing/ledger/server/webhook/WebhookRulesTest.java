package io.billing.ledger.server.webhook;

import io.billing.ledger.api.webhook.SealedSecrets;
import io.billing.ledger.api.webhook.WebhookEventIds;
import io.billing.ledger.api.webhook.WebhookEventTypes;
import io.billing.ledger.api.webhook.WebhookTargets;
import io.billing.ledger.saga.webhook.RetrySchedule;
import io.billing.ledger.saga.webhook.WebhookEventMapping;
import io.billing.ledger.saga.webhook.WebhookSignatures;
import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook rules that need no server: targets, sealing, retry schedule, signatures, the type mapping. */
class WebhookRulesTest {

    @ParameterizedTest(name = "{0} is internal")
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
            "fd12:3456::1", "fc00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"})
    void internal_addresses_are_recognised(String address) throws Exception {
        assertThat(WebhookTargets.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void public_addresses_are_not_internal(String address) throws Exception {
        assertThat(WebhookTargets.isInternal(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void production_allows_only_https_urls() {
        assertThat(WebhookTargets.formProblem("http://example.com/x", true)).contains("must be an https:// URL in production");
        assertThat(WebhookTargets.formProblem("http://example.com/x", false)).isEmpty();
        assertThat(WebhookTargets.formProblem("https://example.com/x", true)).isEmpty();
        assertThat(WebhookTargets.formProblem("https://user:pw@example.com/x", false)).isPresent();
        assertThat(WebhookTargets.formProblem("https://example.com/" + "a".repeat(2048), false)).isPresent();
        assertThat(WebhookTargets.internalAddressProblem("https://127.0.0.1:8443/x")).isPresent();
        assertThat(WebhookTargets.internalAddressProblem("https://93.184.215.14/x")).isEmpty();
    }

    @Test
    void a_sealed_secret_opens_only_with_the_same_key_and_endpoint() {
        SealedSecrets secrets = new SealedSecrets("whsign_test");
        String secret = secrets.newSecret();
        String sealed = secrets.seal("wh_a", secret);

        assertThat(sealed).startsWith("v1.").doesNotContain(secret.substring(6));
        assertThat(secrets.seal("wh_a", secret)).isNotEqualTo(sealed); // a fresh nonce each time
        assertThat(secrets.open("wh_a", sealed)).isEqualTo(secret);
        assertThatThrownBy(() -> secrets.open("wh_b", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SealedSecrets("another key").open("wh_a", sealed))
                .isInstanceOf(IllegalStateException.class).message().doesNotContain(secret);
    }

    @Test
    void the_retry_schedule_reads_the_seeds_durations_with_bounded_jitter() {
        RetrySchedule schedule = RetrySchedule.parse("30s,5m,2h,1d,PT1M");

        assertThat(schedule.waits()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(2),
                Duration.ofDays(1), Duration.ofMinutes(1));
        for (int i = 0; i < 100; i++) {
            assertThat(schedule.waitAfter(1).orElseThrow()).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
        }
        assertThat(schedule.waitAfter(5)).isEmpty();
        assertThat(RetrySchedule.parse("1m,5m,30m,2h,12h").waits()).hasSize(5);
        assertThatThrownBy(() -> RetrySchedule.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void both_signature_families_verify_with_their_reference_methods() throws Exception {
        String secret = new SealedSecrets("k").newSecret();
        String body = "{\"id\":\"evt_1\",\"type\":\"plan.created\"}";
        long now = Instant.now().getEpochSecond();

        Map<String, String> headers = WebhookSignatures.headers("evt_1", now, body.getBytes(StandardCharsets.UTF_8),
                List.of(secret));

        new Webhook(secret).verify(body, headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue()))));
        assertThat(headers.get("X-Webhook-Signature")).isEqualTo("sha256=" + WebhooksEndToEndTest.hmacHex(secret, body));
        assertThat(headers.get("webhook-signature")).isEqualTo(new Webhook(secret).sign("evt_1", now, body));
    }

    @Test
    void event_ids_are_stable_per_event_and_endpoint() {
        assertThat(WebhookEventIds.of("wh_a", "sub_1", 3)).isEqualTo(WebhookEventIds.of("wh_a", "sub_1", 3))
                .isNotEqualTo(WebhookEventIds.of("wh_b", "sub_1", 3))
                .isNotEqualTo(WebhookEventIds.of("wh_a", "sub_1", 4))
                .matches("^evt_[a-f0-9-]{36}$");
    }

    @Test
    void every_mapped_type_is_one_a_subscription_may_ask_for() {
        assertThat(WebhookEventMapping.types().values()).allMatch(WebhookEventTypes::isKnown);
        assertThat(WebhookEventMapping.types().values()).contains("subscription.created", "subscription.updated",
                "subscription.canceled", "subscription.reactivated", "invoice.created", "invoice.finalized",
                "invoice.paid", "invoice.voided", "customer.created", "plan.archived", "credit_note.issued",
                "webhook.test");
    }
}
