package io.billing.ledger.query.apikey;

import io.billing.ledger.api.apikey.ApiKeyView;
import io.billing.ledger.api.apikey.FindApiKey;
import io.billing.ledger.api.apikey.ListApiKeys;
import io.billing.ledger.api.common.PageResult;
import io.billing.ledger.projection.apikey.ApiKeyDirectory;
import io.billing.ledger.projection.apikey.ApiKeyLastUse;
import io.billing.ledger.projection.apikey.ApiKeyViewEvolver;
import io.billing.ledger.query.history.RecordedViews;
import io.billing.ledger.projection.support.ReadModelWait;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class ApiKeyQueryHandler {

    private final ApiKeyDirectory directory;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;
    private final ApiKeyLastUse lastUse;

    public ApiKeyQueryHandler(ApiKeyDirectory directory, ReadModelWait readModelWait, RecordedViews recorded,
                              ApiKeyLastUse lastUse) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
        this.lastUse = lastUse;
    }

    /**
     * After a write ({@code minVersion} set): the read model's row once it shows the write, or,
     * when it has not caught up within the wait, the resource folded from its recorded events.
     * (A key's secret is never in either: the create answer adds it.)
     */
    @QueryHandler
    public Optional<ApiKeyView> handle(FindApiKey query) {
        Optional<ApiKeyView> view = readModelWait.until(query.minVersion(), () -> directory.find(query.apiKeyId()),
                ApiKeyDirectory.Row::version).map(ApiKeyDirectory.Row::view);
        return view.isPresent() || query.minVersion() < 0 ? view
                : recorded.fold(query.apiKeyId(), ApiKeyViewEvolver::apply).map(key -> new ApiKeyView(key.id(),
                key.name(), key.keyPrefix(), key.scopes(), key.isRevoked(), lastUse.of(key.id()).orElse(null),
                key.expiresAt(), key.createdAt(), key.revokedAt()));
    }

    // Raw on purpose: Axon matches list responses by their raw class, ResponseTypes.instanceOf(PageResult.class)
    @QueryHandler
    @SuppressWarnings("rawtypes")
    public PageResult handle(ListApiKeys query) {
        return directory.list(query.page());
    }
}
