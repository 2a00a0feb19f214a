package io.billing.ledger.saga.gateway;

/**
 * A notification names one of our payments ({@code metadata.payment_id}) that is not recorded yet:
 * the processor answered the webhook before our attempt committed (a charge whose answer was lost
 * to a 5xx or a timeout). Dropping it would lose a charge that happened; the receiver refuses it
 * for now (a 503, nothing recorded), so that Stripe delivers it again once the attempt is there.
 */
public class PaymentNotYetRecordedException extends RuntimeException {

    public PaymentNotYetRecordedException(String paymentId, String paymentIntentId) {
        super("Payment " + paymentId + " of PaymentIntent " + paymentIntentId + " is not recorded yet");
    }
}
