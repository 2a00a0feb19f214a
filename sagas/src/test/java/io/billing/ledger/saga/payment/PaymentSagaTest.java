package io.billing.ledger.saga.payment;

import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.customer.CustomerView;
import io.billing.ledger.api.invoice.InvoiceFinalized;
import io.billing.ledger.api.invoice.InvoicePaid;
import io.billing.ledger.api.invoice.InvoicePaymentRequested;
import io.billing.ledger.api.invoice.InvoiceVoided;
import io.billing.ledger.api.invoice.PayInvoice;
import io.billing.ledger.api.invoice.RecordInvoicePaymentActionRequired;
import io.billing.ledger.api.invoice.RecordInvoicePaymentFailure;
import io.billing.ledger.api.invoice.RequestInvoicePayment;
import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.payment.FailureKind;
import io.billing.ledger.api.payment.PaymentActionRequired;
import io.billing.ledger.api.payment.PaymentFailed;
import io.billing.ledger.api.payment.PaymentSucceeded;
import io.billing.ledger.api.payment.RecordPaymentActionRequired;
import io.billing.ledger.api.payment.RecordPaymentFailure;
import io.billing.ledger.api.payment.RecordPaymentSucceeded;
import io.billing.ledger.api.payment.StartPaymentAttempt;
import io.billing.ledger.saga.customer.ProcessorCustomers;
import io.billing.ledger.saga.gateway.ChargeResult;
import io.billing.ledger.saga.gateway.GatewayUnavailableException;
import io.billing.ledger.saga.gateway.PaymentGateway;
import io.billing.ledger.saga.gateway.PaymentGateway.ChargeRequest;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The payment process as a flow chart: what each event makes it do (SagaTestFixture, no database). */
class PaymentSagaTest {

    private static final String INV = "inv_00000000-0000-0000-0000-000000000001";
    private static final String CUST = "cust_00000000-0000-0000-0000-000000000001";
    private static final String PAY1 = Ids.derived(Ids.PAYMENT, INV, 1);
    private static final Instant FINALIZED = Instant.parse("2026-05-01T01:00:00Z");
    private static final Money DUE = Money.of(4900, "usd");

    private SagaTestFixture<PaymentSaga> fixture;
    private PaymentGateway gateway;
    private ProcessorCustomers customers;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PaymentSaga.class);
        gateway = mock(PaymentGateway.class);
        customers = mock(ProcessorCustomers.class);
        fixture.registerResource(gateway);
        fixture.registerResource(customers);
        fixture.registerResource(new PaymentCommands(DefaultCommandGateway.builder()
                .commandBus(fixture.getCommandBus()).build()));
    }

    private void customerWith(String paymentMethod) {
        CustomerView view = new CustomerView(CUST, "a@example.com", "A", "cus_1", null, Map.of(), FINALIZED,
                FINALIZED, 2, List.of(), paymentMethod);
        when(customers.find(CUST)).thenReturn(Optional.of(view));
        when(customers.processorCustomerId(view)).thenReturn("cus_1");
    }

    private static InvoiceFinalized finalized() {
        return new InvoiceFinalized(INV, "INV-2026-000001", List.of(), DUE, DUE, DUE, Money.zero("usd"), FINALIZED,
                FINALIZED);
    }

    private static InvoicePaymentRequested requested(int attempt) {
        return new InvoicePaymentRequested(INV, CUST, null, attempt, DUE, FINALIZED);
    }

    private static ChargeResult answer(ChargeResult.Status status, String code, String decline, String url) {
        return new ChargeResult(status, "pi_1", DUE, code, decline, code == null ? null : "message", url, Map.of());
    }

    @Test
    void a_finalized_invoice_asks_for_its_first_attempt_at_its_finalization() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(finalized())
                .expectActiveSagas(1)
                .expectDispatchedCommands(new RequestInvoicePayment(INV, 1, FINALIZED));
    }

    @Test
    void an_attempt_is_charged_off_session_under_a_key_of_invoice_and_attempt_and_its_answer_recorded() {
        customerWith("pm_card_visa");
        when(gateway.charge(any())).thenReturn(answer(ChargeResult.Status.SUCCEEDED, null, null, null));

        fixture.givenAPublished(finalized())
                .whenPublishingA(requested(1))
                .expectAssociationWith("paymentId", PAY1)
                .expectDispatchedCommands(
                        new StartPaymentAttempt(PAY1, INV, CUST, DUE, 1, "pm_card_visa", null, FINALIZED),
                        new RecordPaymentSucceeded(PAY1, "pi_1", FINALIZED));

        ArgumentCaptor<ChargeRequest> charged = ArgumentCaptor.forClass(ChargeRequest.class);
        verify(gateway).charge(charged.capture());
        assertThat(charged.getValue().idempotencyKey()).isEqualTo(INV + ":1");
        assertThat(charged.getValue().metadata()).containsEntry("payment_id", PAY1).containsEntry("invoice_id", INV);
        assertThat(charged.getValue().processorCustomerId()).isEqualTo("cus_1");
        assertThat(charged.getValue().paymentMethodId()).isEqualTo("pm_card_visa");
        assertThat(charged.getValue().amount()).isEqualTo(DUE);
    }

    @Test
    void without_a_payment_method_the_attempt_fails_without_asking_the_processor() {
        customerWith(null);
        fixture.givenAPublished(finalized())
                .whenPublishingA(requested(1))
                .expectDispatchedCommands(new StartPaymentAttempt(PAY1, INV, CUST, DUE, 1, null, null, FINALIZED),
                        new RecordPaymentFailure(PAY1, null, "no_payment_method", null,
                                "The customer has no default payment method to charge.", FINALIZED));
        verify(gateway, never()).charge(any());
    }

    @Test
    void a_decline_an_authentication_request_and_an_unreachable_processor_are_recorded_on_the_payment() {
        customerWith("pm_card_chargeDeclined");
        when(gateway.charge(any())).thenReturn(answer(ChargeResult.Status.FAILED, "card_declined", "generic_decline", null));
        fixture.givenAPublished(finalized()).whenPublishingA(requested(1))
                .expectDispatchedCommands(new StartPaymentAttempt(PAY1, INV, CUST, DUE, 1, "pm_card_chargeDeclined",
                                null, FINALIZED),
                        new RecordPaymentFailure(PAY1, "pi_1", "card_declined", "generic_decline", "message", FINALIZED));

        setUp();
        customerWith("pm_card_authenticationRequired");
        when(gateway.charge(any())).thenReturn(answer(ChargeResult.Status.REQUIRES_ACTION, "authentication_required",
                "authentication_required", "https://auth"));
        fixture.givenAPublished(finalized()).whenPublishingA(requested(1))
                .expectDispatchedCommands(new StartPaymentAttempt(PAY1, INV, CUST, DUE, 1,
                                "pm_card_authenticationRequired", null, FINALIZED),
                        new RecordPaymentActionRequired(PAY1, "pi_1", "https://auth", "authentication_required",
                                "authentication_required", "message", FINALIZED));

        setUp();
        customerWith("pm_card_visa");
        when(gateway.charge(any())).thenThrow(new GatewayUnavailableException("503", null));
        fixture.givenAPublished(finalized()).whenPublishingA(requested(1))
                .expectDispatchedCommands(new StartPaymentAttempt(PAY1, INV, CUST, DUE, 1, "pm_card_visa", null,
                                FINALIZED),
                        new RecordPaymentFailure(PAY1, null, "processing_error", null,
                                "The payment processor could not be reached; the charge may be retried.", FINALIZED));
    }

    @Test
    void the_payments_outcome_is_carried_to_the_invoice_however_it_arrived() {
        customerWith("pm_card_visa");
        when(gateway.charge(any())).thenReturn(answer(ChargeResult.Status.PROCESSING, null, null, null));
        Instant later = FINALIZED.plusSeconds(30);

        fixture.givenAPublished(finalized()).andThenAPublished(requested(1))
                .whenPublishingA(new PaymentSucceeded(PAY1, INV, CUST, DUE, "pi_1", later))
                .expectDispatchedCommands(new PayInvoice(INV, false, PAY1, later));
        fixture.givenAPublished(finalized()).andThenAPublished(requested(1))
                .whenPublishingA(new PaymentFailed(PAY1, INV, CUST, "pi_1", "expired_card", "expired_card", "m",
                        FailureKind.HARD, 1, later))
                .expectDispatchedCommands(new RecordInvoicePaymentFailure(INV, PAY1, "expired_card", "expired_card",
                        FailureKind.HARD, later));
        fixture.givenAPublished(finalized()).andThenAPublished(requested(1))
                .whenPublishingA(new PaymentActionRequired(PAY1, INV, CUST, "pi_1", "https://auth",
                        "authentication_required", null, null, later))
                .expectDispatchedCommands(new RecordInvoicePaymentActionRequired(INV, PAY1, "https://auth", later));
    }

    @Test
    void the_process_ends_when_the_invoice_is_paid_or_voided() {
        fixture.givenAPublished(finalized())
                .whenPublishingA(new InvoicePaid(INV, DUE, false, FINALIZED, PAY1))
                .expectActiveSagas(0);
        fixture.givenAPublished(finalized())
                .whenPublishingA(new InvoiceVoided(INV, FINALIZED))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }
}
