package io.billing.ledger.server.axon;

import io.billing.ledger.command.apikey.ApiKeyCredentials;
import io.billing.ledger.command.lookup.CustomerAccountsTable;
import io.billing.ledger.command.lookup.PlanTermsTable;
import io.billing.ledger.command.lookup.SubscriptionSlotsTable;
import io.billing.ledger.command.lookup.TestClockTimesTable;
import io.billing.ledger.saga.scheduler.SubscriptionSchedule;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The subscribing processors write tables that decisions rely on (credentials, uniqueness,
 * the schedule). A failure there must fail the command and roll back its events — Axon's
 * default would log it and commit the events without the table row.
 */
@Configuration
public class SubscribingProcessorErrors {

    static final List<String> IN_TRANSACTION_GROUPS = List.of(ApiKeyCredentials.PROCESSING_GROUP,
            PlanTermsTable.PROCESSING_GROUP, CustomerAccountsTable.PROCESSING_GROUP,
            SubscriptionSlotsTable.PROCESSING_GROUP, TestClockTimesTable.PROCESSING_GROUP,
            SubscriptionSchedule.PROCESSING_GROUP);

    @Bean
    public ConfigurerModule propagateErrorsOfInTransactionHandlers() {
        return configurer -> IN_TRANSACTION_GROUPS.forEach(group -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance()));
    }
}
