package io.billing.ledger.command.customer;

import io.billing.ledger.api.customer.ApplyCustomerCredit;
import io.billing.ledger.api.customer.CreateCustomer;
import io.billing.ledger.api.customer.CustomerCreated;
import io.billing.ledger.api.customer.CustomerCreditApplied;
import io.billing.ledger.api.customer.CustomerCreditGranted;
import io.billing.ledger.api.customer.CustomerUpdated;
import io.billing.ledger.api.customer.GrantCustomerCredit;
import io.billing.ledger.api.customer.UpdateCustomer;
import io.billing.ledger.api.money.Money;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

class CustomerAggregateTest {

    private static final String CUSTOMER = "cust_00000000-0000-0000-0000-000000000001";
    private static final CustomerCreated ADA =
            new CustomerCreated(CUSTOMER, "ada@example.com", "Ada", Map.of("crm", "1"), null);

    private static final Instant AT = Instant.parse("2026-04-11T00:00:00Z");
    private static final String INVOICE = "inv_00000000-0000-0000-0000-000000000001";
    private static final String NEXT_INVOICE = "inv_00000000-0000-0000-0000-000000000002";
    private static final CustomerCreditGranted USD_2500 = new CustomerCreditGranted(CUSTOMER, usd(2500),
            "cn_00000000-0000-0000-0000-000000000001", AT, usd(2500));

    private AggregateTestFixture<CustomerAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerAggregate.class);
    }

    @Test
    void creating_a_customer_records_the_contact_details() {
        fixture.givenNoPriorActivity()
                .when(new CreateCustomer(CUSTOMER, "ada@example.com", "Ada", Map.of("crm", "1"), null))
                .expectEvents(ADA);
    }

    @Test
    void an_update_keeps_the_fields_it_does_not_name() {
        fixture.given(ADA)
                .when(new UpdateCustomer(CUSTOMER, "ada@lovelace.dev", null, null))
                .expectEvents(new CustomerUpdated(CUSTOMER, "ada@lovelace.dev", "Ada", Map.of("crm", "1")));
    }

    @Test
    void an_update_that_changes_nothing_records_nothing() {
        fixture.given(ADA)
                .when(new UpdateCustomer(CUSTOMER, "ada@example.com", "Ada", null))
                .expectNoEvents();
    }

    @Test
    void a_grant_adds_to_the_balance_of_its_currency() {
        fixture.given(ADA, USD_2500)
                .when(new GrantCustomerCredit(CUSTOMER, usd(1000), INVOICE, AT))
                .expectEvents(new CustomerCreditGranted(CUSTOMER, usd(1000), INVOICE, AT, usd(3500)));
    }

    @Test
    void a_grant_in_another_currency_starts_that_currency_at_zero() {
        fixture.given(ADA, USD_2500)
                .when(new GrantCustomerCredit(CUSTOMER, Money.of(700, "eur"), INVOICE, AT))
                .expectEvents(new CustomerCreditGranted(CUSTOMER, Money.of(700, "eur"), INVOICE, AT,
                        Money.of(700, "eur")));
    }

    @Test
    void a_second_grant_from_the_same_source_changes_nothing() {
        fixture.given(ADA, USD_2500)
                .when(new GrantCustomerCredit(CUSTOMER, usd(2500), USD_2500.sourceId(), AT))
                .expectNoEvents();
    }

    @Test
    void a_grant_of_nothing_or_less_is_refused() {
        fixture.given(ADA)
                .when(new GrantCustomerCredit(CUSTOMER, usd(-1), INVOICE, AT))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void applying_takes_the_invoice_amount_when_the_balance_covers_it() {
        fixture.given(ADA, USD_2500)
                .when(new ApplyCustomerCredit(CUSTOMER, INVOICE, usd(1000), AT))
                .expectEvents(new CustomerCreditApplied(CUSTOMER, usd(1000), INVOICE, AT, usd(1500)))
                .expectResultMessagePayload(usd(1000));
    }

    @Test
    void applying_never_takes_more_than_the_balance() {
        fixture.given(ADA, USD_2500)
                .when(new ApplyCustomerCredit(CUSTOMER, INVOICE, usd(3000), AT))
                .expectEvents(new CustomerCreditApplied(CUSTOMER, usd(2500), INVOICE, AT, usd(0)))
                .expectResultMessagePayload(usd(2500));
    }

    @Test
    void applying_to_the_same_invoice_again_answers_the_same_and_changes_nothing() {
        fixture.given(ADA, USD_2500, new CustomerCreditApplied(CUSTOMER, usd(1000), INVOICE, AT, usd(1500)))
                .when(new ApplyCustomerCredit(CUSTOMER, INVOICE, usd(1000), AT))
                .expectNoEvents()
                .expectResultMessagePayload(usd(1000));
    }

    @Test
    void a_used_up_balance_applies_nothing_to_the_next_invoice() {
        fixture.given(ADA, USD_2500, new CustomerCreditApplied(CUSTOMER, usd(2500), INVOICE, AT, usd(0)))
                .when(new ApplyCustomerCredit(CUSTOMER, NEXT_INVOICE, usd(1000), AT))
                .expectNoEvents()
                .expectResultMessagePayload(usd(0));
    }

    @Test
    void credit_in_one_currency_is_never_applied_to_another() {
        fixture.given(ADA, USD_2500)
                .when(new ApplyCustomerCredit(CUSTOMER, INVOICE, Money.of(1000, "eur"), AT))
                .expectNoEvents()
                .expectResultMessagePayload(Money.zero("eur"));
    }

    private static Money usd(long cents) {
        return Money.of(cents, "usd");
    }
}
