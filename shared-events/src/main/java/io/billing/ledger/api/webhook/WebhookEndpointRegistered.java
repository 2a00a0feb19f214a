package io.billing.ledger.api.webhook;

import java.util.List;

/** An endpoint was registered; {@code sealedSecret} is the AES-GCM sealed secret ({@link SealedSecrets}), never the secret. */
public record WebhookEndpointRegistered(String endpointId,
                                        String url,
                                        List<String> eventTypes,
                                        String description,
                                        String sealedSecret) {
}
