package io.billing.ledger.command.webhook;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.webhook.DeleteWebhookEndpoint;
import io.billing.ledger.api.webhook.DisableWebhookEndpoint;
import io.billing.ledger.api.webhook.RegisterWebhookEndpoint;
import io.billing.ledger.api.webhook.RequestWebhookTest;
import io.billing.ledger.api.webhook.RotateWebhookEndpointSecret;
import io.billing.ledger.api.webhook.UpdateWebhookEndpoint;
import io.billing.ledger.api.webhook.WebhookEndpointDeleted;
import io.billing.ledger.api.webhook.WebhookEndpointDisabled;
import io.billing.ledger.api.webhook.WebhookEndpointRegistered;
import io.billing.ledger.api.webhook.WebhookEndpointSecretRotated;
import io.billing.ledger.api.webhook.WebhookEndpointUpdated;
import io.billing.ledger.api.webhook.WebhookTestRequested;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

class WebhookEndpointAggregateTest {

    private static final String WH = "wh_00000000-0000-0000-0000-000000000001";
    private static final WebhookEndpointRegistered REGISTERED = new WebhookEndpointRegistered(WH,
            "https://example.com/hook", List.of("plan.created"), null, "v1.sealed-1");

    private AggregateTestFixture<WebhookEndpointAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(WebhookEndpointAggregate.class);
    }

    @Test
    void registering_records_the_sealed_secret_only() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhookEndpoint(WH, "https://example.com/hook", List.of("plan.created"), null,
                        "v1.sealed-1"))
                .expectEvents(REGISTERED);
    }

    @Test
    void an_update_that_changes_nothing_records_nothing() {
        fixture.given(REGISTERED)
                .when(new UpdateWebhookEndpoint(WH, "https://example.com/hook", null, null, true))
                .expectNoEvents();
    }

    @Test
    void an_update_records_the_endpoint_as_it_is_after_it() {
        fixture.given(REGISTERED)
                .when(new UpdateWebhookEndpoint(WH, null, List.of("*"), "ops", false))
                .expectEvents(new WebhookEndpointUpdated(WH, "https://example.com/hook", List.of("*"), "ops", false));
    }

    @Test
    void a_rotation_keeps_the_previous_secret_for_the_overlap() {
        Instant until = Instant.parse("2026-12-01T10:00:00Z");
        fixture.given(REGISTERED)
                .when(new RotateWebhookEndpointSecret(WH, "v1.sealed-2", until))
                .expectEvents(new WebhookEndpointSecretRotated(WH, "v1.sealed-2", "v1.sealed-1", until));
    }

    @Test
    void disabling_twice_records_it_once() {
        fixture.given(REGISTERED, new WebhookEndpointDisabled(WH, "gone"))
                .when(new DisableWebhookEndpoint(WH, "gone"))
                .expectNoEvents();
    }

    @Test
    void a_deleted_endpoint_takes_no_command() {
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WH))
                .when(new UpdateWebhookEndpoint(WH, null, null, "x", null))
                .expectException(NotFoundException.class);
        fixture.given(REGISTERED, new WebhookEndpointDeleted(WH))
                .when(new DeleteWebhookEndpoint(WH))
                .expectException(NotFoundException.class);
    }

    @Test
    void a_test_goes_only_to_an_active_endpoint() {
        fixture.given(REGISTERED).when(new RequestWebhookTest(WH)).expectEvents(new WebhookTestRequested(WH));
        fixture.given(REGISTERED, new WebhookEndpointDisabled(WH, "failing"))
                .when(new RequestWebhookTest(WH))
                .expectException(ConflictException.class);
    }
}
