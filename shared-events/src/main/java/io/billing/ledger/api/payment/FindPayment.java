package io.billing.ledger.api.payment;

/** Asks for one payment; {@code minVersion} ≥ 0 waits until the read model has that version. */
public record FindPayment(String paymentId, long minVersion) {

    public static FindPayment current(String paymentId) {
        return new FindPayment(paymentId, -1);
    }
}
