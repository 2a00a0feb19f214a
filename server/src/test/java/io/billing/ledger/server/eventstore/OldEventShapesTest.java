package io.billing.ledger.server.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.testclock.TestClockAdvanceStarted;
import io.billing.ledger.server.axon.AxonMessagingConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stored before a field was added still load, with the new field null (the aggregate
 * then derives it as the code of that time did), and new events keep the field.
 */
class OldEventShapesTest {

    private final ObjectMapper events = new AxonMessagingConfiguration().defaultAxonObjectMapper();

    @Test
    void a_renewal_stored_without_its_period_fee_loads_with_none() throws Exception {
        SubscriptionRenewed old = events.readValue("""
                {"subscriptionId":"sub_1","endedPeriod":{"start":"2026-01-01T00:00:00Z","end":"2026-02-01T00:00:00Z"},
                 "newPeriod":{"start":"2026-02-01T00:00:00Z","end":"2026-03-01T00:00:00Z"}}""",
                SubscriptionRenewed.class);
        assertThat(old.periodFee()).isNull();
        assertThat(old.newPeriod().start()).hasToString("2026-02-01T00:00:00Z");
    }

    @Test
    void a_subscription_created_and_a_quantity_change_of_old_load_and_new_ones_round_trip() throws Exception {
        SubscriptionCreated old = events.readValue("""
                {"subscriptionId":"sub_1","customerId":"cust_1","planId":"plan_1","status":"active",
                 "pricingModel":"flat_rate","unitPrice":{"amount":3100,"currency":"usd"},"billingInterval":"month",
                 "quantity":1,"billingAnchorDay":28,"anchorStart":"2025-01-31T10:00:00Z",
                 "startedAt":"2025-01-31T10:00:00Z",
                 "currentPeriod":{"start":"2025-01-31T10:00:00Z","end":"2025-02-28T10:00:00Z"},"metadata":{}}""",
                SubscriptionCreated.class);
        assertThat(old.periodFee()).isNull();
        assertThat(old.quantity()).isEqualTo(1);

        SubscriptionQuantityChanged changed = events.readValue("""
                {"subscriptionId":"sub_1","fromQuantity":1,"toQuantity":2,"prorationBehavior":"none",
                 "prorationLines":[],"changedAt":"2025-02-14T10:00:00Z"}""", SubscriptionQuantityChanged.class);
        assertThat(changed.chargedPeriodFee()).isNull();
        SubscriptionQuantityChanged now = new SubscriptionQuantityChanged("sub_1", 1, 2, changed.prorationBehavior(),
                java.util.List.of(), changed.changedAt(), Money.of(5600, "usd"));
        assertThat(events.readValue(events.writeValueAsString(now), SubscriptionQuantityChanged.class)).isEqualTo(now);
    }

    @Test
    void invoice_events_stored_before_metadata_and_credit_returns_load_with_none() throws Exception {
        io.billing.ledger.api.invoice.InvoiceDrafted drafted = events.readValue("""
                {"invoiceId":"inv_1","customerId":"cust_1","subscriptionId":"sub_1","testClockId":null,
                 "reason":"subscription_cycle","period":{"start":"2026-02-01T00:00:00Z","end":"2026-03-01T00:00:00Z"},
                 "lines":[{"type":"proration_debit","description":"Rest","quantity":3,"unitAmount":null,
                           "amount":{"amount":1001,"currency":"usd"},
                           "period":{"start":"2026-02-10T00:00:00Z","end":"2026-03-01T00:00:00Z"}}],
                 "subtotal":{"amount":1001,"currency":"usd"},"tax":{"amount":0,"currency":"usd"},
                 "total":{"amount":1001,"currency":"usd"},"creditCarriedForward":{"amount":0,"currency":"usd"},
                 "draftedAt":"2026-02-10T00:00:00Z","finalizeAt":"2026-02-10T01:00:00Z"}""",
                io.billing.ledger.api.invoice.InvoiceDrafted.class);
        assertThat(drafted.metadata()).isEmpty();
        assertThat(drafted.replacesInvoiceId()).isNull();
        assertThat(drafted.lines().get(0).metadata()).isEmpty();

        io.billing.ledger.api.invoice.InvoiceVoided voided = events.readValue(
                "{\"invoiceId\":\"inv_1\",\"voidedAt\":\"2026-02-11T00:00:00Z\"}",
                io.billing.ledger.api.invoice.InvoiceVoided.class);
        assertThat(voided.creditReturned()).as("voided before voids gave credit back").isNull();

        io.billing.ledger.api.invoice.InvoiceDrafted now = new io.billing.ledger.api.invoice.InvoiceDrafted(
                "inv_2", "cust_1", "sub_1", null, drafted.reason(), drafted.period(), drafted.lines(),
                drafted.subtotal(), drafted.tax(), drafted.total(), drafted.creditCarriedForward(),
                drafted.draftedAt(), drafted.finalizeAt(), java.util.Map.of("order", "42"), "inv_1");
        assertThat(events.readValue(events.writeValueAsString(now), io.billing.ledger.api.invoice.InvoiceDrafted.class))
                .isEqualTo(now);
    }

    @Test
    void a_clock_advance_stored_with_from_and_to_loads_and_new_ones_use_the_frozen_time_names() throws Exception {
        TestClockAdvanceStarted old = events.readValue("""
                {"testClockId":"clk_1","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z"}""",
                TestClockAdvanceStarted.class);
        assertThat(old.previousFrozenTime()).hasToString("2026-01-01T00:00:00Z");
        assertThat(old.frozenTime()).hasToString("2026-02-01T00:00:00Z");

        String stored = events.writeValueAsString(old);
        assertThat(stored).contains("\"previousFrozenTime\"").contains("\"frozenTime\"").doesNotContain("\"from\"");
        assertThat(events.readValue(stored, TestClockAdvanceStarted.class)).isEqualTo(old);
    }
}
