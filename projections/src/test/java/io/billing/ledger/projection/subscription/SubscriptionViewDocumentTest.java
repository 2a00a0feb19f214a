package io.billing.ledger.projection.subscription;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.CancellationReason;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.SubscriptionView;
import io.billing.ledger.projection.support.JsonColumns;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory keeps the view as JSON written and read by the web's (strict) mapper. */
class SubscriptionViewDocumentTest {

    // as application.yml configures Boot's mapper
    private final JsonColumns json = new JsonColumns(Jackson2ObjectMapperBuilder.json()
            .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build());

    @Test
    void a_view_reads_back_as_it_was_written() {
        Instant start = Instant.parse("2026-01-15T10:00:00.123456789Z");
        BillingPeriod period = BillingPeriod.of(start, Instant.parse("2026-02-15T10:00:00Z"));
        SubscriptionView created = SubscriptionViewEvolver.apply(null, new SubscriptionCreated(
                "sub_00000000-0000-0000-0000-000000000001", "cust_00000000-0000-0000-0000-000000000001",
                "plan_00000000-0000-0000-0000-000000000001", null, SubscriptionStatus.ACTIVE, PricingModel.PER_UNIT,
                Money.of(1999, "eur"), BillingInterval.MONTH, 3, 15, start, start, null, period,
                Map.of("team", "core", "seats", 3)), start, 0);
        ProrationLine credit = new ProrationLine(ProrationLine.LineType.PRORATION_CREDIT, "Unused time",
                Money.of(-500, "eur"), 3, period);
        SubscriptionView view = SubscriptionViewEvolver.apply(created, new SubscriptionCanceled(created.id(), start,
                CancellationReason.REQUESTED, List.of(credit)), start, 1);

        assertThat(json.readDocument(json.writeDocument(view), SubscriptionView.class)).isEqualTo(view);
    }

    @Test
    void a_property_the_view_no_longer_has_is_skipped() {
        String written = json.writeDocument(SubscriptionViewEvolver.apply(null, new SubscriptionCreated(
                "sub_00000000-0000-0000-0000-000000000001", "cust_00000000-0000-0000-0000-000000000001",
                "plan_00000000-0000-0000-0000-000000000001", null, SubscriptionStatus.TRIALING,
                PricingModel.FLAT_RATE, Money.of(1999, "usd"), BillingInterval.MONTH, 1, 1,
                Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                BillingPeriod.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
                BillingPeriod.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
                Map.of()), Instant.parse("2026-01-01T00:00:00Z"), 0));

        String withRemovedField = written.replaceFirst("\\{", "{\"discountId\":\"gone\",");

        assertThat(json.readDocument(withRemovedField, SubscriptionView.class).status())
                .isEqualTo(SubscriptionStatus.TRIALING);
    }
}
