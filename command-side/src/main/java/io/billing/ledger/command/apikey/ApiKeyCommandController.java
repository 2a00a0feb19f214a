package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.apikey.ApiKeyView;
import io.billing.ledger.api.apikey.FindApiKey;
import io.billing.ledger.api.apikey.RevokeApiKey;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.command.web.AggregateVersions;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import io.billing.ledger.command.web.ShownOnce;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/api-keys")
@Tag(name = "API keys")
@RequiresScope(ApiKeyScope.ADMIN)
public class ApiKeyCommandController {

    private final ApiKeyIssuer issuer;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;

    public ApiKeyCommandController(ApiKeyIssuer issuer, CommandGateway commands, QueryGateway queries,
                                   AggregateVersions versions) {
        this.issuer = issuer;
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ShownOnce("key")
    @Operation(summary = "Create an API key (admin); the key is in the answer and never shown again: a replay of "
            + "this request (same Idempotency-Key) answers \"key\": null with the header Idempotent-Secret-Omitted: key")
    public DataEnvelope<ApiKeyWithSecret> create(@Valid @RequestBody CreateApiKeyRequest request) {
        ApiKeyIssuer.IssuedApiKey issued = issuer.issue(request.name(), request.scopes(), request.expiresAt());
        return DataEnvelope.of(new ApiKeyWithSecret(viewAfterWrite(issued.apiKeyId()), issued.rawKey()));
    }

    @PostMapping("/{apiKeyId}/revoke")
    @Operation(summary = "Revoke an API key (admin); it stops working at once")
    public DataEnvelope<ApiKeyView> revoke(@PathVariable @Pattern(regexp = Ids.API_KEY_ID) String apiKeyId) {
        commands.sendAndWait(new RevokeApiKey(apiKeyId));
        return DataEnvelope.of(viewAfterWrite(apiKeyId));
    }

    private ApiKeyView viewAfterWrite(String apiKeyId) {
        return queries.query(new FindApiKey(apiKeyId, versions.of(apiKeyId)),
                        ResponseTypes.optionalInstanceOf(ApiKeyView.class)).join()
                .orElseThrow(() -> new ReadModelTimeoutException(apiKeyId));
    }
}
