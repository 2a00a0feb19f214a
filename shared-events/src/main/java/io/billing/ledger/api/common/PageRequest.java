package io.billing.ledger.api.common;

/** Which page of a list to return; validated at the edge (page ≥ 1, pageSize 1–100). */
public record PageRequest(int page, int pageSize) {

    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}
