package io.billing.ledger.query.apikey;

import io.billing.ledger.api.apikey.ApiKeyView;
import io.billing.ledger.api.apikey.FindApiKey;
import io.billing.ledger.api.apikey.ListApiKeys;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.projection.apikey.ApiKeyDirectory;
import io.billing.ledger.projection.support.ReadModelWait;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class ApiKeyQueryHandler {

    private final ApiKeyDirectory directory;
    private final ReadModelWait readModelWait;

    public ApiKeyQueryHandler(ApiKeyDirectory directory, ReadModelWait readModelWait) {
        this.directory = directory;
        this.readModelWait = readModelWait;
    }

    @QueryHandler
    public Optional<ApiKeyView> handle(FindApiKey query) {
        return readModelWait.until(query.minVersion(), () -> directory.find(query.apiKeyId()),
                ApiKeyDirectory.Row::version).map(ApiKeyDirectory.Row::view);
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListApiKeys query) {
        return directory.list(query.page());
    }
}
