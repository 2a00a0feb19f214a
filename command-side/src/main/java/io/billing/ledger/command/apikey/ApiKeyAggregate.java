package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyCreated;
import io.billing.ledger.api.apikey.ApiKeyRevoked;
import io.billing.ledger.api.apikey.CreateApiKey;
import io.billing.ledger.api.apikey.RevokeApiKey;
import io.billing.ledger.api.error.ConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A credential for the API. Revocation is final: a revoked key never works again. */
@Aggregate
public class ApiKeyAggregate {

    @AggregateIdentifier
    private String apiKeyId;
    private boolean revoked;

    protected ApiKeyAggregate() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public ApiKeyAggregate(CreateApiKey command) {
        apply(new ApiKeyCreated(command.apiKeyId(), command.name(), command.keyHash(), command.keyPrefix(),
                command.scopes(), command.expiresAt()));
    }

    @CommandHandler
    public void handle(RevokeApiKey command) {
        if (revoked) {
            throw new ConflictException("API key " + apiKeyId + " is already revoked", "revoked", List.of());
        }
        apply(new ApiKeyRevoked(apiKeyId));
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        apiKeyId = event.apiKeyId();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }
}
