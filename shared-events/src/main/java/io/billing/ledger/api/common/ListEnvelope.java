package io.billing.ledger.api.common;

import java.util.List;

/** The success envelope of a list: {@code {"data": [...], "meta": {page, pageSize, totalCount, totalPages}}}. */
public record ListEnvelope<T>(List<T> data, Meta meta) {

    public record Meta(int page, int pageSize, long totalCount, long totalPages) {
    }

    public static <T> ListEnvelope<T> of(PageResult<T> page) {
        return new ListEnvelope<>(page.items(),
                new Meta(page.page(), page.pageSize(), page.totalCount(), page.totalPages()));
    }
}
