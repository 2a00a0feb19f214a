package io.billing.ledger.projection.invoice;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

/** A prorated line's unitAmountCents against an independent oracle (BigDecimal, HALF_EVEN). */
class UnitAmountProperties {

    @Property
    void is_the_amount_over_the_quantity_rounded_half_even(
            @ForAll @LongRange(min = -10_000_000_000L, max = 10_000_000_000L) long amount,
            @ForAll @LongRange(min = 1, max = 100_000) long quantity) {
        long oracle = BigDecimal.valueOf(amount).divide(BigDecimal.valueOf(quantity), 0, RoundingMode.HALF_EVEN)
                .longValueExact();

        assertThat(InvoiceLineViews.unitAmountCents(null, amount, quantity)).isEqualTo(oracle);
    }

    @Property
    void times_the_quantity_is_within_half_the_quantity_of_the_amount(
            @ForAll @LongRange(min = -10_000_000_000L, max = 10_000_000_000L) long amount,
            @ForAll @LongRange(min = 1, max = 100_000) long quantity) {
        long unit = InvoiceLineViews.unitAmountCents(null, amount, quantity);

        assertThat(2 * Math.abs(unit * quantity - amount)).isLessThanOrEqualTo(quantity);
    }
}
