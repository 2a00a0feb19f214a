package io.billing.ledger.api.invoice;

public record FindInvoice(String invoiceId, long minVersion) {

    public static FindInvoice current(String invoiceId) {
        return new FindInvoice(invoiceId, -1);
    }
}
