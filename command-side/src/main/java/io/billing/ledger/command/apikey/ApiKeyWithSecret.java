package io.billing.ledger.command.apikey;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.billing.ledger.api.apikey.ApiKeyView;

/** The answer to creating a key: the only time the key itself is ever shown. */
public record ApiKeyWithSecret(@JsonUnwrapped ApiKeyView apiKey, String key) {
}
