package io.billing.ledger.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The paging options every list command shares; the server's defaults apply when they are absent. */
public final class PageOptions {

    @Option(names = "--page", paramLabel = "N", description = "Page number, from 1 (server default: 1).")
    Integer page;

    @Option(names = "--page-size", paramLabel = "N", description = "Items per page, 1-100 (server default: 20).")
    Integer pageSize;

    Map<String, Object> query() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("page", page);
        query.put("pageSize", pageSize);
        return query;
    }
}
