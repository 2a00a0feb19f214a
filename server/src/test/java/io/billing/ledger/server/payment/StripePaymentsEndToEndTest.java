package io.billing.ledger.server.payment;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.server.stripe.FakeStripe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario of {@link PaymentsEndToEndTest}, inherited as they are, run through the real
 * Stripe adapter (stripe-java) against the fake Stripe: the server starts with
 * {@code STRIPE_SECRET_KEY}, {@code STRIPE_API_BASE} and {@code STRIPE_WEBHOOK_SECRET}, and the fake
 * sends its dispute webhooks, signed, to {@code /webhooks/stripe}. Here also: faults at Stripe on the
 * PaymentIntent create (a 500 before and after acting, a timeout, a dropped connection), which must
 * never charge twice.
 */
// a hung request gives up after 2 s here (30 s in production), so a timeout costs the tests little
@TestPropertySource(properties = "billing.stripe.read-timeout=2s")
class StripePaymentsEndToEndTest extends PaymentsEndToEndTest {

    private static final String WEBHOOK_SECRET = "whsec_paymentsEndToEnd0123456789";
    private static final FakeStripe STRIPE = FakeStripe.start();

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        registry.add("STRIPE_SECRET_KEY", () -> FakeStripe.API_KEY);
        registry.add("STRIPE_API_BASE", STRIPE::baseUrl);
        registry.add("STRIPE_WEBHOOK_SECRET", () -> WEBHOOK_SECRET);
    }

    @AfterAll
    static void stopStripe() {
        STRIPE.close();
    }

    @Autowired
    PaymentGateway gateway;

    /**
     * The fake delivers the disputes it opens ({@code pm_card_createDispute}) and closes. Not its
     * {@code payment_intent.*} events: those it sends at the very moment it charges, before the
     * server has recorded the attempt, so they would be races, not scenarios (see the fault test).
     */
    @BeforeEach
    void webhooks() {
        STRIPE.clearFaults();
        STRIPE.hangFor(Duration.ofSeconds(5));
        STRIPE.webhookEndpoint(endpoint(), List.of(WEBHOOK_SECRET), "charge.dispute.created", "charge.dispute.closed");
    }

    @Override
    protected Integer processorCharges() {
        return STRIPE.chargeCount();
    }

    @Test
    void the_server_charges_through_the_stripe_adapter_at_the_fake() {
        assertThat(gateway.name()).isEqualTo("stripe");
        assertThat(STRIPE.requests()).isNotEmpty().allSatisfy(request ->
                assertThat(request.status()).as(request.toString()).isNotEqualTo(401));
    }

    /** A fault on the PaymentIntent create, injected at the fake. */
    enum Fault {
        SERVER_ERROR_BEFORE_ACTING, SERVER_ERROR_AFTER_ACTING, TIMEOUT_BEFORE_ACTING, TIMEOUT_AFTER_ACTING,
        DROPPED_BEFORE_ACTING, DROPPED_AFTER_ACTING;

        void inject(FakeStripe stripe) {
            FakeStripe.When when = name().endsWith("AFTER_ACTING") ? FakeStripe.When.AFTER_ACTING
                    : FakeStripe.When.BEFORE_ACTING;
            switch (this) {
                case SERVER_ERROR_BEFORE_ACTING, SERVER_ERROR_AFTER_ACTING -> stripe.failNext(1, when);
                case TIMEOUT_BEFORE_ACTING, TIMEOUT_AFTER_ACTING -> stripe.hangNext(1, when);
                default -> stripe.dropNext(1, when);
            }
        }
    }

    /**
     * stripe-java retries under the same idempotency key ({@code <invoiceId>:1}): the fake charges
     * once and replays its first answer. A 500 that happened after the charge is kept under the key
     * and replayed to every retry (Stripe's rule): the attempt fails soft with
     * {@code processing_error}, and the charge's {@code payment_intent.succeeded} webhook settles it.
     */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void a_fault_at_stripe_on_the_charge_never_charges_twice_and_the_invoice_ends_paid(Fault fault) {
        Scenario s = new Scenario("2032-02-01T00:00:00Z");
        assertThat(s.attach("pm_card_visa", true).status()).isEqualTo(201);
        String sub = s.subscribe(s.plan(2700));
        int chargesBefore = STRIPE.chargeCount();
        fault.inject(STRIPE); // the next request at the fake is the PaymentIntent create of this invoice
        s.advanceTo("2032-02-01T02:00:00Z");

        String invoiceId;
        if (fault == Fault.SERVER_ERROR_AFTER_ACTING) {
            invoiceId = s.awaitInvoices(sub, 1, "open").get(0).get("id").asText();
            JsonNode failed = s.awaitPayment(invoiceId, "failed");
            assertThat(failed.get("failureCode").asText()).isEqualTo("processing_error");
            assertThat(failed.get("failureKind").asText()).isEqualTo("soft");
            assertThat(STRIPE.requestCount(invoiceId + ":1")).isEqualTo(3); // the first and stripe-java's 2 retries
            // Stripe's webhook for the charge the 500 hid arrives: it settles the attempt
            String succeeded = STRIPE.lastEvent("payment_intent.succeeded");
            assertThat(succeeded).contains(failed.get("id").asText());
            FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), succeeded, WEBHOOK_SECRET, Instant.now());
            assertThat(delivery.status()).as(delivery.body()).isEqualTo(200);
            s.awaitInvoices(sub, 1, "paid");
            assertThat(eventTypes(failed.get("id").asText())).containsExactly("PaymentAttemptStarted",
                    "PaymentFailed", "PaymentSucceeded");
            assertThat(eventsFrom(invoiceId, "InvoiceFinalized")).containsExactly("InvoiceFinalized",
                    "InvoicePaymentRequested", "InvoicePaymentFailed", "InvoicePaid");
        } else {
            invoiceId = s.awaitInvoices(sub, 1, "paid").get(0).get("id").asText();
            JsonNode paid = s.awaitPayment(invoiceId, "succeeded");
            assertThat(eventTypes(paid.get("id").asText())).containsExactly("PaymentAttemptStarted",
                    "PaymentSucceeded");
            assertThat(eventsFrom(invoiceId, "InvoiceFinalized")).containsExactly("InvoiceFinalized",
                    "InvoicePaymentRequested", "InvoicePaid");
            List<FakeStripe.Request> tries = STRIPE.requests().stream()
                    .filter(request -> (invoiceId + ":1").equals(request.idempotencyKey())).toList();
            assertThat(tries).as(tries.toString()).hasSize(2);
            assertThat(tries.get(1).status()).isEqualTo(200);
            // after acting, the retry is Stripe's replay of the first answer, not a second charge
            assertThat(tries.get(1).replayed()).isEqualTo(fault.name().endsWith("AFTER_ACTING"));
        }
        assertThat(STRIPE.chargeCount() - chargesBefore).as("charges at the fake").isEqualTo(1);
        assertThat(payloads(invoiceId, "InvoicePaid")).hasSize(1);
        assertThat(s.payments(invoiceId)).hasSize(1);
        JsonNode invoice = s.api.get("/v1/invoices/" + invoiceId).data();
        assertThat(invoice.get("amountPaidCents").asLong()).isEqualTo(2700);
    }

    /**
     * Stripe may deliver a charge's {@code payment_intent.succeeded} before our attempt committed (its
     * answer to us was lost to a 5xx or a timeout). The payment it names is ours but not recorded yet:
     * dropping the event would lose the charge, so it is refused for now (503, nothing recorded) and
     * Stripe delivers it again.
     */
    @Test
    void a_webhook_for_one_of_our_payments_not_recorded_yet_is_refused_for_now_and_recorded_nowhere() {
        Scenario s = new Scenario("2032-03-01T00:00:00Z");
        String sub = s.subscribe(s.plan(2500));
        String invoiceId = s.awaitInvoices(sub, 1, "draft").get(0).get("id").asText();
        String early = Ids.derived(Ids.PAYMENT, invoiceId, 7); // an attempt of this invoice, not started here
        String intent = """
                {"id":"pi_early","object":"payment_intent","amount":2500,"currency":"usd","livemode":false,
                 "status":"succeeded","metadata":{"payment_id":"%s","invoice_id":"%s"}}"""
                .formatted(early, invoiceId);
        String event = FakeStripe.newEvent("payment_intent.succeeded", intent);

        FakeStripe.Delivery delivery = STRIPE.deliver(endpoint(), event, WEBHOOK_SECRET, Instant.now());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(503);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stripe_webhook_events WHERE event_id = ?", Long.class,
                delivery.eventId())).as("not deduplicated: a later delivery is taken in").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, early)).isZero();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/stripe");
    }
}
