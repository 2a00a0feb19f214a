package io.billing.ledger.api.common;

import java.util.List;

/** One page of a list query; {@code page} counts from 1. */
public record PageResult<T>(List<T> items, int page, int pageSize, long totalCount) {

    public long totalPages() {
        return totalCount == 0 ? 0 : (totalCount + pageSize - 1) / pageSize;
    }
}
