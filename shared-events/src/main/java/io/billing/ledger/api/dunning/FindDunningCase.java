package io.billing.ledger.api.dunning;

/** One dunning case by id, or (id null) the case of {@code invoiceId}; {@code minVersion} ≥ 0 waits for the read model. */
public record FindDunningCase(String dunningId, String invoiceId, long minVersion) {

    public static FindDunningCase byId(String dunningId) {
        return new FindDunningCase(dunningId, null, -1);
    }

    public static FindDunningCase ofInvoice(String invoiceId) {
        return new FindDunningCase(null, invoiceId, -1);
    }
}
