package io.billing.ledger.api.apikey;

import io.billing.ledger.api.common.PageRequest;

/** Lists API keys, newest first. */
public record ListApiKeys(PageRequest page) {
}
