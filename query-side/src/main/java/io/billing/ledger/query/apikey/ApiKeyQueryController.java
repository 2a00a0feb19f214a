package io.billing.ledger.query.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.apikey.ApiKeyView;
import io.billing.ledger.api.apikey.FindApiKey;
import io.billing.ledger.api.apikey.ListApiKeys;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.api.error.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/api-keys")
@Tag(name = "API keys")
@RequiresScope(ApiKeyScope.ADMIN)
public class ApiKeyQueryController {

    private final QueryGateway queries;

    public ApiKeyQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "List API keys (admin); only their first characters are shown")
    @SuppressWarnings("unchecked")
    public ListEnvelope<ApiKeyView> list(@RequestParam(defaultValue = "1") @Min(1) int page,
                                         @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        PageResult<ApiKeyView> result = queries.query(new ListApiKeys(new PageRequest(page, pageSize)),
                ResponseTypes.instanceOf(PageResult.class)).join();
        return ListEnvelope.of(result);
    }

    @GetMapping("/{apiKeyId}")
    @Operation(summary = "Retrieve an API key (admin)")
    public DataEnvelope<ApiKeyView> get(@PathVariable @Pattern(regexp = Ids.API_KEY_ID) String apiKeyId) {
        return DataEnvelope.of(queries.query(new FindApiKey(apiKeyId, -1),
                        ResponseTypes.optionalInstanceOf(ApiKeyView.class)).join()
                .orElseThrow(() -> new NotFoundException("API key", apiKeyId)));
    }
}
