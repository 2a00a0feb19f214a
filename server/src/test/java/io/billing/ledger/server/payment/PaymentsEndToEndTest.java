package io.billing.ledger.server.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.saga.gateway.PaymentNotifications;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.saga.gateway.TestCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 over the simulated processor (Stripe's test payment methods): subscriptions on a test
 * clock whose invoices are charged as they are finalized, declines with Stripe's codes, SCA,
 * refunds, disputes, the manual payment trigger and its conflicts. Each test has its own clock
 * and customer. {@link StripePaymentsEndToEndTest} runs these same scenarios through the real
 * Stripe adapter against the fake Stripe: what differs between the two is behind the hooks
 * ({@link #processorCharges()}).
 */
class PaymentsEndToEndTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    PaymentNotifications notifications;

    /** How many charges the processor made so far, when it can tell (the fake Stripe can; the simulated one not). */
    protected Integer processorCharges() {
        return null;
    }

    private void assertChargedAtProcessor(Integer before, int charges) {
        if (before != null) {
            assertThat(processorCharges() - before).as("charges made at the processor").isEqualTo(charges);
        }
    }

    @Test
    void with_pm_card_visa_every_invoice_is_paid_as_it_is_finalized_and_refunds_are_recorded() {
        Scenario s = new Scenario("2031-01-10T00:00:00Z");
        Api.Response attached = s.attach("pm_card_visa", null);
        assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
        assertThat(attached.data().get("id").asText()).isEqualTo("pm_card_visa");
        assertThat(attached.data().get("brand").asText()).isEqualTo("visa");
        assertThat(attached.data().get("last4").asText()).isEqualTo("4242");
        assertThat(attached.data().get("default").asBoolean()).isTrue();
        assertThat(attached.data().get("createdAt").asText()).isEqualTo("2031-01-10T00:00:00.000Z"); // the clock's time
        JsonNode methods = s.api.get("/v1/customers/" + s.customer + "/payment-methods").data();
        assertThat(methods).hasSize(1);
        assertThat(methods.get(0).get("expMonth").asInt()).isEqualTo(12);
        assertThat(methods.get(0).has("number")).isFalse();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode customer = s.api.get("/v1/customers/" + s.customer).data();
            assertThat(customer.get("stripeCustomerId").asText()).startsWith("cus_");
            assertThat(customer.get("defaultPaymentMethodId").asText()).isEqualTo("pm_card_visa");
        });

        Integer chargesBefore = processorCharges();
        String sub = s.subscribe(s.plan(4900));
        s.advanceTo("2031-03-10T02:00:00Z"); // the first invoice and two renewals, each finalized an hour later

        List<JsonNode> invoices = s.awaitInvoices(sub, 3, "paid");
        assertChargedAtProcessor(chargesBefore, 3);
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("active");
        for (JsonNode invoice : invoices) {
            String invoiceId = invoice.get("id").asText();
            assertThat(invoice.get("amountPaidCents").asLong()).isEqualTo(4900);
            assertThat(invoice.get("amountDueCents").asLong()).isZero();
            assertThat(invoice.get("paidAt").asText()).isEqualTo(invoice.get("finalizedAt").asText());
            assertThat(eventsFrom(invoiceId, "InvoiceFinalized")).containsExactly("InvoiceFinalized",
                    "InvoicePaymentRequested", "InvoicePaid");
            JsonNode paid = payloads(invoiceId, "InvoicePaid").get(0);
            assertThat(paid.get("paymentId").asText()).isEqualTo(Ids.derived(Ids.PAYMENT, invoiceId, 1));
            assertThat(paid.get("paidOutOfBand").asBoolean()).isFalse();
        }

        String invoiceId = invoices.get(0).get("id").asText();
        JsonNode payment = s.awaitPayment(invoiceId, "succeeded");
        String paymentId = payment.get("id").asText();
        Set<String> fields = new TreeSet<>();
        payment.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "invoiceId", "amountCents", "currency", "status",
                "stripePaymentIntentId", "failureCode", "failureMessage", "attemptCount", "createdAt", "updatedAt",
                "customerId", "declineCode", "failureKind", "amountRefundedCents", "nextAction");
        assertThat(payment.get("amountCents").asLong()).isEqualTo(4900);
        assertThat(payment.get("currency").asText()).isEqualTo("usd");
        assertThat(payment.get("customerId").asText()).isEqualTo(s.customer);
        assertThat(payment.get("attemptCount").asInt()).isEqualTo(1);
        // on the test clock, at the finalization: as if the time had passed
        assertThat(payment.get("createdAt").asText()).isEqualTo(invoices.get(0).get("finalizedAt").asText());
        assertThat(payment.get("updatedAt").asText()).isEqualTo(invoices.get(0).get("finalizedAt").asText());
        assertThat(payment.get("stripePaymentIntentId").asText()).startsWith("pi_");
        assertThat(payment.get("failureCode").isNull()).isTrue();
        assertThat(s.api.get("/v1/payments?customerId=" + s.customer + "&status=succeeded").body().get("meta")
                .get("totalCount").asLong()).isEqualTo(3);
        assertThat(eventTypes(paymentId)).containsExactly("PaymentAttemptStarted", "PaymentSucceeded");
        assertThat(s.api.get("/v1/payments/" + paymentId + "/history").data().get(1).get("type").asText())
                .isEqualTo("PaymentSucceeded");

        // a paid invoice cannot be paid again, by charge or out of band
        assertThat(s.api.post("/v1/invoices/" + invoiceId + "/pay", null).status()).isEqualTo(409);
        assertThat(s.api.post("/v1/invoices/" + invoiceId + "/pay", "{\"paidOutOfBand\":true}").status())
                .isEqualTo(409);

        Api.Response partial = s.api.post("/v1/payments/" + paymentId + "/refunds",
                "{\"amountCents\":1000,\"reason\":\"requested_by_customer\"}");
        assertThat(partial.status()).as(partial.toString()).isEqualTo(201);
        assertThat(partial.data().get("amountRefundedCents").asLong()).isEqualTo(1000);
        assertThat(partial.data().get("status").asText()).isEqualTo("succeeded");
        Api.Response tooMuch = s.api.post("/v1/payments/" + paymentId + "/refunds", "{\"amountCents\":3901}");
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(400);
        assertThat(tooMuch.body().get("error").get("details").get(0).get("field").asText()).isEqualTo("amountCents");
        assertThat(s.api.post("/v1/payments/" + paymentId + "/refunds", "{\"reason\":\"because\"}").status())
                .isEqualTo(400);
        Api.Response rest = s.api.post("/v1/payments/" + paymentId + "/refunds", null);
        assertThat(rest.status()).as(rest.toString()).isEqualTo(201);
        assertThat(rest.data().get("amountRefundedCents").asLong()).isEqualTo(4900);
        assertThat(rest.data().get("status").asText()).isEqualTo("refunded");
        assertThat(s.api.post("/v1/payments/" + paymentId + "/refunds", "{\"amountCents\":1}").status())
                .isEqualTo(400);
        List<JsonNode> refunds = payloads(paymentId, "PaymentRefunded");
        assertThat(refunds).hasSize(2);
        assertThat(refunds.get(1).get("amountRefunded").get("amount").asLong()).isEqualTo(4900);
        assertThat(refunds.get(1).get("fullyRefunded").asBoolean()).isTrue();
        assertThat(s.api.get("/v1/invoices/" + invoiceId).data().get("status").asText()).isEqualTo("paid");
        assertThat(eventTypes(paymentId)).containsExactly("PaymentAttemptStarted", "PaymentSucceeded",
                "PaymentRefunded", "PaymentRefunded");
        assertChargedAtProcessor(chargesBefore, 3); // refunds charge nothing
        // as it was, by the clock: charged at 01-10T01:00, refunded at the clock's 03-10T02:00
        assertThat(s.api.get("/v1/payments/" + paymentId + "?asOf=2031-01-10T00:59:59.999Z").status()).isEqualTo(404);
        JsonNode beforeRefunds = s.api.get("/v1/payments/" + paymentId + "?asOf=2031-03-10T01:59:59Z").data();
        assertThat(beforeRefunds.get("status").asText()).isEqualTo("succeeded");
        assertThat(beforeRefunds.get("amountRefundedCents").asLong()).isZero();
        assertThat(beforeRefunds.get("updatedAt").asText()).isEqualTo("2031-01-10T01:00:00.000Z");
        JsonNode afterRefunds = s.api.get("/v1/payments/" + paymentId + "?asOf=2031-03-10T02:00:00Z").data();
        assertThat(afterRefunds.get("status").asText()).isEqualTo("refunded");
        assertThat(afterRefunds.get("amountRefundedCents").asLong()).isEqualTo(4900);
        assertThat(afterRefunds).isEqualTo(s.api.get("/v1/payments/" + paymentId).data()); // one evolver, one answer
        JsonNode draft = s.api.get("/v1/invoices/" + invoiceId + "?asOf=2031-01-10T00:30:00Z").data();
        assertThat(draft.get("status").asText()).isEqualTo("draft");
        assertThat(s.api.get("/v1/invoices/" + invoiceId + "?asOf=2031-01-10T01:00:00Z").data().get("status").asText())
                .isEqualTo("paid");
        assertThat(s.api.get("/v1/payments/pay_00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(s.api.post("/v1/payments/pay_00000000-0000-0000-0000-000000000000/refunds", null).status())
                .isEqualTo(404);
    }

    @Test
    void a_declined_card_leaves_the_invoice_open_with_stripes_codes_and_a_new_card_pays_it_on_request() {
        Scenario s = new Scenario("2031-05-01T00:00:00Z");
        s.attach("pm_card_chargeDeclined", true);
        String sub = s.subscribe(s.plan(2500));
        s.advanceTo("2031-05-01T02:00:00Z");

        String invoiceId = s.awaitInvoices(sub, 1, "open").get(0).get("id").asText();
        JsonNode failed = s.awaitPayment(invoiceId, "failed");
        assertThat(failed.get("failureCode").asText()).isEqualTo("card_declined");
        assertThat(failed.get("declineCode").asText()).isEqualTo("generic_decline");
        assertThat(failed.get("failureMessage").asText()).isEqualTo("Your card was declined.");
        assertThat(failed.get("failureKind").asText()).isEqualTo("soft");
        JsonNode invoiceFailed = awaitPayload(invoiceId, "InvoicePaymentFailed");
        assertThat(invoiceFailed.get("paymentId").asText()).isEqualTo(failed.get("id").asText());
        assertThat(invoiceFailed.get("failureKind").asText()).isEqualTo("soft");
        assertThat(invoiceFailed.get("attemptCount").asInt()).isEqualTo(1);
        assertThat(s.api.post("/v1/payments/" + failed.get("id").asText() + "/refunds", null).status())
                .isEqualTo(409);

        assertThat(s.attach("pm_card_visa", null).status()).isEqualTo(201);
        Api.Response paid = s.api.post("/v1/invoices/" + invoiceId + "/pay", null);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.data().get("status").asText()).isEqualTo("paid");
        assertThat(paid.data().get("amountPaidCents").asLong()).isEqualTo(2500);
        JsonNode second = s.awaitPayment(invoiceId, "succeeded");
        assertThat(second.get("attemptCount").asInt()).isEqualTo(2);
        assertThat(second.get("id").asText()).isEqualTo(Ids.derived(Ids.PAYMENT, invoiceId, 2));
        assertThat(s.api.get("/v1/payments?invoiceId=" + invoiceId).data()).hasSize(2);
    }

    @Test
    void an_expired_card_is_a_hard_decline_and_an_unknown_payment_method_is_refused() {
        Scenario s = new Scenario("2031-06-01T00:00:00Z");
        Api.Response unknown = s.attach("pm_card_doesNotExist", true);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.body().get("error").get("details").get(0).get("field").asText()).isEqualTo("paymentMethodId");
        assertThat(s.attach("card_visa", true).status()).isEqualTo(400);
        assertThat(s.api.get("/v1/customers/" + s.customer + "/payment-methods").data()).isEmpty();

        s.attach("pm_card_chargeDeclinedExpiredCard", true);
        String sub = s.subscribe(s.plan(1500));
        s.advanceTo("2031-06-01T02:00:00Z");
        String invoiceId = s.awaitInvoices(sub, 1, "open").get(0).get("id").asText();
        JsonNode failed = s.awaitPayment(invoiceId, "failed");
        assertThat(failed.get("failureCode").asText()).isEqualTo("expired_card");
        assertThat(failed.get("failureKind").asText()).isEqualTo("hard");
    }

    @Test
    void a_card_that_needs_authentication_leaves_the_invoice_open_with_the_action_link() {
        Scenario s = new Scenario("2031-07-01T00:00:00Z");
        s.attach("pm_card_authenticationRequired", true);
        String sub = s.subscribe(s.plan(3300));
        s.advanceTo("2031-07-01T02:00:00Z");

        String invoiceId = s.awaitInvoices(sub, 1, "open").get(0).get("id").asText();
        JsonNode waiting = await().atMost(Duration.ofSeconds(10)).until(() -> s.payments(invoiceId).get(0),
                p -> p.get("nextAction").isTextual());
        assertThat(waiting.get("status").asText()).isEqualTo("pending");
        assertThat(waiting.get("nextAction").asText()).startsWith("https://");
        assertThat(waiting.get("failureCode").asText()).isEqualTo("authentication_required");
        assertThat(waiting.get("failureKind").asText()).isEqualTo("action_required");
        JsonNode action = awaitPayload(invoiceId, "InvoicePaymentActionRequired");
        assertThat(action.get("nextActionUrl").asText()).isEqualTo(waiting.get("nextAction").asText());
        assertThat(eventTypes(invoiceId)).doesNotContain("InvoicePaymentFailed", "InvoicePaid");
        assertThat(eventsFrom(invoiceId, "InvoiceFinalized")).containsExactly("InvoiceFinalized",
                "InvoicePaymentRequested", "InvoicePaymentActionRequired");
        assertThat(eventTypes(waiting.get("id").asText())).containsExactly("PaymentAttemptStarted",
                "PaymentActionRequired");
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("active");
    }

    /** Stripe's declining test cards: the invoice stays open with a failed payment carrying Stripe's codes. */
    @ParameterizedTest
    @EnumSource(value = TestCard.class, names = {"DECLINED", "INSUFFICIENT_FUNDS", "EXPIRED_CARD", "LOST_CARD",
            "PROCESSING_ERROR", "CUSTOMER_FAIL"})
    void a_declining_card_leaves_the_invoice_open_with_a_failed_payment_and_stripes_codes(TestCard card) {
        Scenario s = new Scenario("2031-11-01T00:00:00Z");
        Api.Response attached = s.attach(card.id(), true);
        assertThat(attached.status()).as(attached.toString()).isEqualTo(201); // every one of them attaches
        Integer chargesBefore = processorCharges();
        String sub = s.subscribe(s.plan(4200));
        s.advanceTo("2031-11-01T02:00:00Z");

        String invoiceId = s.awaitInvoices(sub, 1, "open").get(0).get("id").asText();
        JsonNode failed = s.awaitPayment(invoiceId, "failed");
        assertThat(failed.get("failureCode").asText()).isEqualTo(card.failureCode());
        if (card.declineCode() == null) {
            assertThat(failed.get("declineCode").isNull()).isTrue();
        } else {
            assertThat(failed.get("declineCode").asText()).isEqualTo(card.declineCode());
        }
        assertThat(failed.get("failureMessage").asText()).isEqualTo(card.message());
        String kind = card == TestCard.EXPIRED_CARD || card == TestCard.LOST_CARD ? "hard" : "soft";
        assertThat(failed.get("failureKind").asText()).isEqualTo(kind);
        assertThat(failed.get("amountCents").asLong()).isEqualTo(4200);
        assertThat(failed.get("attemptCount").asInt()).isEqualTo(1);
        assertThat(failed.get("stripePaymentIntentId").asText()).startsWith("pi_");
        String paymentId = failed.get("id").asText();
        assertThat(eventTypes(paymentId)).containsExactly("PaymentAttemptStarted", "PaymentFailed");
        JsonNode event = payloads(paymentId, "PaymentFailed").get(0);
        assertThat(event.get("failureCode").asText()).isEqualTo(card.failureCode());
        assertThat(eventsFrom(invoiceId, "InvoiceFinalized")).containsExactly("InvoiceFinalized",
                "InvoicePaymentRequested", "InvoicePaymentFailed");
        JsonNode invoiceFailed = payloads(invoiceId, "InvoicePaymentFailed").get(0);
        assertThat(invoiceFailed.get("paymentId").asText()).isEqualTo(paymentId);
        assertThat(invoiceFailed.get("failureKind").asText()).isEqualTo(kind);
        JsonNode invoice = s.api.get("/v1/invoices/" + invoiceId).data();
        assertThat(invoice.get("amountDueCents").asLong()).isEqualTo(4200);
        assertThat(invoice.get("amountPaidCents").asLong()).isZero();
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("active");
        assertChargedAtProcessor(chargesBefore, 0);
    }

    @Test
    void without_a_payment_method_the_charge_fails_with_no_payment_method_and_the_manual_trigger_refuses_what_it_must() {
        Scenario s = new Scenario("2031-08-01T00:00:00Z");
        String sub = s.subscribe(s.plan(1200));
        String draft = s.awaitInvoices(sub, 1, "draft").get(0).get("id").asText();
        assertThat(s.api.post("/v1/invoices/" + draft + "/pay", null).status()).isEqualTo(409);

        s.advanceTo("2031-08-01T02:00:00Z");
        JsonNode failed = s.awaitPayment(draft, "failed");
        assertThat(failed.get("failureCode").asText()).isEqualTo("no_payment_method");
        assertThat(failed.get("stripePaymentIntentId").isNull()).isTrue();
        assertThat(s.api.get("/v1/invoices/" + draft).data().get("status").asText()).isEqualTo("open");

        Api.Response outOfBand = s.api.post("/v1/invoices/" + draft + "/pay", "{\"paidOutOfBand\":true}");
        assertThat(outOfBand.status()).as(outOfBand.toString()).isEqualTo(200);
        assertThat(outOfBand.data().get("status").asText()).isEqualTo("paid");
        assertThat(outOfBand.data().get("paidOutOfBand").asBoolean()).isTrue();

        // a void invoice cannot be paid either
        String plan = s.plan(700);
        String other = s.subscribe(plan);
        s.advanceTo("2031-08-01T04:00:00Z");
        String open = s.awaitInvoices(other, 1, "open").get(0).get("id").asText();
        assertThat(s.api.post("/v1/invoices/" + open + "/void", null).status()).isEqualTo(200);
        Api.Response voided = s.api.post("/v1/invoices/" + open + "/pay", null);
        assertThat(voided.status()).isEqualTo(409);
        assertThat(voided.errorCode()).isEqualTo("CONFLICT");
    }

    @Test
    void a_disputed_charge_marks_the_payment_disputed_and_the_invoice_stays_paid() {
        Scenario s = new Scenario("2031-09-01T00:00:00Z");
        s.attach("pm_card_createDispute", true);
        Integer chargesBefore = processorCharges();
        String sub = s.subscribe(s.plan(9900));
        s.advanceTo("2031-09-01T02:00:00Z");

        String invoiceId = s.awaitInvoices(sub, 1, "paid").get(0).get("id").asText();
        JsonNode disputed = s.awaitPayment(invoiceId, "disputed");
        assertChargedAtProcessor(chargesBefore, 1);
        JsonNode event = awaitPayload(disputed.get("id").asText(), "PaymentDisputed");
        assertThat(event.get("amount").get("amount").asLong()).isEqualTo(9900);
        assertThat(event.get("reason").asText()).isEqualTo("fraudulent");
        assertThat(event.get("disputeId").asText()).startsWith("dp_");
        assertThat(s.api.get("/v1/invoices/" + invoiceId).data().get("status").asText()).isEqualTo("paid");
        assertThat(s.api.post("/v1/payments/" + disputed.get("id").asText() + "/refunds", null).status())
                .isEqualTo(409);
        assertThat(eventTypes(disputed.get("id").asText())).containsExactly("PaymentAttemptStarted",
                "PaymentSucceeded", "PaymentDisputed");
        assertThat(eventsFrom(invoiceId, "InvoiceFinalized")).containsExactly("InvoiceFinalized",
                "InvoicePaymentRequested", "InvoicePaid");
        assertThat(s.api.get("/v1/subscriptions/" + sub).data().get("status").asText()).isEqualTo("active");
    }

    @Test
    void processor_notifications_complete_an_authentication_and_repeated_stale_or_unknown_ones_change_nothing() {
        Scenario s = new Scenario("2031-10-01T00:00:00Z");
        s.attach("pm_card_authenticationRequired", true);
        String sub = s.subscribe(s.plan(3300));
        s.advanceTo("2031-10-01T02:00:00Z");
        String invoiceId = s.awaitInvoices(sub, 1, "open").get(0).get("id").asText();
        JsonNode waiting = await().atMost(Duration.ofSeconds(10)).until(() -> s.payments(invoiceId).get(0),
                p -> p.get("nextAction").isTextual());
        String paymentId = waiting.get("id").asText();
        String intent = waiting.get("stripePaymentIntentId").asText();
        Instant now = Instant.now();

        // the customer authenticated: Stripe's payment_intent.succeeded, with our metadata
        notifications.paymentSucceeded(intent, Map.of("payment_id", paymentId, "invoice_id", invoiceId), now);
        JsonNode paid = s.awaitInvoices(sub, 1, "paid").get(0);
        assertThat(payloads(invoiceId, "InvoicePaid").get(0).get("paymentId").asText()).isEqualTo(paymentId);
        assertThat(paid.get("amountPaidCents").asLong()).isEqualTo(3300);

        // a repeat, and stale failures and action requests arriving after the success
        notifications.paymentSucceeded(intent, Map.of("payment_id", paymentId), now);
        notifications.paymentFailed(intent, Map.of(), "card_declined", "generic_decline", "late", now);
        notifications.paymentRequiresAction(intent, Map.of(), "https://late", now);
        assertThat(eventTypes(paymentId)).containsExactly("PaymentAttemptStarted", "PaymentActionRequired",
                "PaymentSucceeded");

        // unknown PaymentIntents, and a payment id that names nothing
        long before = eventCount();
        notifications.paymentSucceeded("pi_unknown", Map.of(), now);
        notifications.paymentSucceeded("pi_unknown", Map.of("payment_id", "pay_00000000-0000-0000-0000-000000000000"),
                now);
        notifications.disputeCreated("pi_unknown", "dp_x", Money.of(100, "usd"), "fraudulent", now);
        notifications.refunded("pi_unknown", "re_x", Money.of(100, "usd"), null, now);
        assertThat(eventCount()).isEqualTo(before);

        // a refund made in the processor's dashboard, found by PaymentIntent alone, delivered twice
        notifications.refunded(intent, "re_dashboard", Money.of(500, "usd"), "requested_by_customer", now);
        notifications.refunded(intent, "re_dashboard", Money.of(500, "usd"), "requested_by_customer", now);
        assertThat(payloads(paymentId, "PaymentRefunded")).hasSize(1);
        JsonNode refunded = s.awaitPayment(invoiceId, "succeeded");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                s.payments(invoiceId).get(0).get("amountRefundedCents").asLong() == 500);

        // a dispute, won
        notifications.disputeCreated(intent, "dp_1", Money.of(2800, "usd"), "fraudulent", now);
        s.awaitPayment(invoiceId, "disputed");
        notifications.disputeClosed(intent, "dp_1", "won", now);
        assertThat(s.awaitPayment(invoiceId, "succeeded").get("id").asText()).isEqualTo(refunded.get("id").asText());
        assertThat(eventTypes(paymentId).subList(3, eventTypes(paymentId).size()))
                .containsExactly("PaymentRefunded", "PaymentDisputed", "PaymentDisputeClosed");
        assertThat(s.api.get("/v1/invoices/" + invoiceId).data().get("status").asText()).isEqualTo("paid");
    }

    /** The aggregate's event types from the first {@code type} on (what a scenario caused after it). */
    protected List<String> eventsFrom(String aggregateId, String type) {
        List<String> all = eventTypes(aggregateId);
        assertThat(all).as(aggregateId).contains(type);
        return all.subList(all.indexOf(type), all.size());
    }

    protected List<String> eventTypes(String aggregateId) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number", String.class, aggregateId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    protected List<JsonNode> payloads(String aggregateId, String type) {
        List<String> rows = jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND payload_type LIKE ? ORDER BY sequence_number", String.class,
                aggregateId, "%." + type);
        List<JsonNode> nodes = new ArrayList<>();
        for (String row : rows) {
            try {
                nodes.add(JSON.readTree(row));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return nodes;
    }

    protected JsonNode awaitPayload(String aggregateId, String type) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> payloads(aggregateId, type), list -> !list.isEmpty())
                .get(0);
    }

    protected final class Scenario {

        final Api api = api();
        final String clock;
        final String customer;

        Scenario(String start) {
            clock = api.post("/v1/test-clocks", "{\"frozenTime\":\"" + start + "\"}").data().get("id").asText();
            customer = api.post("/v1/customers", "{\"name\":\"Paying Customer\",\"email\":\"pays@example.com\","
                    + "\"testClockId\":\"" + clock + "\"}").data().get("id").asText();
        }

        Api.Response attach(String paymentMethod, Boolean makeDefault) {
            return api.post("/v1/customers/" + customer + "/payment-methods", "{\"paymentMethodId\":\"" + paymentMethod
                    + "\"" + (makeDefault == null ? "" : ",\"default\":" + makeDefault) + "}");
        }

        String plan(long cents) {
            return api.post("/v1/plans", "{\"name\":\"Paid\",\"pricingModel\":\"flat_rate\",\"amountCents\":" + cents
                    + ",\"billingInterval\":\"month\"}").data().get("id").asText();
        }

        String subscribe(String plan) {
            Api.Response created = api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\""
                    + plan + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return created.data().get("id").asText();
        }

        void advanceTo(String instant) {
            Api.Response advanced = api.post("/v1/test-clocks/" + clock + "/advance",
                    "{\"frozenTime\":\"" + instant + "\"}");
            assertThat(advanced.status()).as(advanced.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        /** The subscription's invoices, oldest first, once there are {@code count} and all have {@code status}. */
        List<JsonNode> awaitInvoices(String sub, int count, String status) {
            return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                List<JsonNode> invoices = new ArrayList<>();
                api.get("/v1/invoices?subscriptionId=" + sub).data().forEach(invoices::add);
                java.util.Collections.reverse(invoices); // the list is newest first
                return invoices;
            }, invoices -> invoices.size() == count
                    && invoices.stream().allMatch(i -> i.get("status").asText().equals(status)));
        }

        List<JsonNode> payments(String invoiceId) {
            List<JsonNode> payments = new ArrayList<>();
            Iterator<JsonNode> items = api.get("/v1/payments?invoiceId=" + invoiceId).data().elements();
            items.forEachRemaining(payments::add);
            return payments;
        }

        /** The invoice's newest payment, once it has {@code status}. */
        JsonNode awaitPayment(String invoiceId, String status) {
            return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> payments(invoiceId), list -> !list.isEmpty()
                            && list.get(0).get("status").asText().equals(status)).get(0);
        }
    }
}
