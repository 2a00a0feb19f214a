package io.billing.ledger.server.api;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** RATE_LIMIT_MAX_REQUESTS per RATE_LIMIT_WINDOW_MS for each API key, then 429 with Retry-After. */
@TestPropertySource(properties = {"billing.rate-limit.max-requests=5", "billing.rate-limit.window-ms=60000"})
class RateLimitEndToEndTest extends EndToEndTest {

    @Test
    void the_request_over_the_limit_is_429_with_retry_after_and_other_keys_are_unaffected() {
        String other = api().post("/v1/api-keys", "{\"name\":\"other\",\"scopes\":[\"billing:read\"]}")
                .data().get("key").asText();
        // the admin key has used one request above; four more are within the limit
        for (int i = 0; i < 4; i++) {
            assertThat(api().get("/v1/plans").status()).isEqualTo(200);
        }

        Api.Response limited = api().get("/v1/plans");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("RATE_LIMIT_EXCEEDED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(api().as(other).get("/v1/plans").status()).isEqualTo(200);
        assertThat(new Api(port, null).get("/health").status()).isEqualTo(200);
    }
}
