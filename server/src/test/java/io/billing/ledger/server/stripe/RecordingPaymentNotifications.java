package io.billing.ledger.server.stripe;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.saga.gateway.PaymentNotifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PaymentNotifications} for tests that records what it is told (the call and its
 * arguments, without the times), and can be made to fail, as a payment whose command fails would.
 */
public class RecordingPaymentNotifications implements PaymentNotifications {

    /** One call: the method's name and its arguments but the last (the time). */
    public record Call(String method, List<Object> arguments) {
        public static Call of(String method, Object... arguments) {
            return new Call(method, Arrays.asList(arguments));
        }
    }

    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failures = new AtomicInteger();

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void clear() {
        calls.clear();
    }

    /** The next {@code times} notifications throw after being recorded (their transaction rolls back). */
    public void failNext(int times) {
        failures.set(times);
    }

    private void record(String method, Object... arguments) {
        calls.add(Call.of(method, arguments));
        if (failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new IllegalStateException("a payment command failed (injected)");
        }
    }

    @Override
    public void paymentSucceeded(String paymentIntentId, Map<String, String> metadata, Instant at) {
        record("paymentSucceeded", paymentIntentId, metadata);
    }

    @Override
    public void paymentFailed(String paymentIntentId, Map<String, String> metadata, String failureCode,
                              String declineCode, String failureMessage, Instant at) {
        record("paymentFailed", paymentIntentId, metadata, failureCode, declineCode, failureMessage);
    }

    @Override
    public void paymentRequiresAction(String paymentIntentId, Map<String, String> metadata, String nextActionUrl,
                                      Instant at) {
        record("paymentRequiresAction", paymentIntentId, metadata, nextActionUrl);
    }

    @Override
    public void paymentProcessing(String paymentIntentId, Map<String, String> metadata, Instant at) {
        record("paymentProcessing", paymentIntentId, metadata);
    }

    @Override
    public void refunded(String paymentIntentId, String refundId, Money amount, String reason, Instant at) {
        record("refunded", paymentIntentId, refundId, amount, reason);
    }

    @Override
    public void disputeCreated(String paymentIntentId, String disputeId, Money amount, String reason, Instant at) {
        record("disputeCreated", paymentIntentId, disputeId, amount, reason);
    }

    @Override
    public void disputeClosed(String paymentIntentId, String disputeId, String status, Instant at) {
        record("disputeClosed", paymentIntentId, disputeId, status);
    }
}
