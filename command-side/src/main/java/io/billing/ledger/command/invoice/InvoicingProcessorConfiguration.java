package io.billing.ledger.command.invoice;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The invoicing processor is a pooled streaming processor (application.yml), outside the
 * user's command transaction. It starts at the head of the store, not its tail: it acts
 * (drafts invoices) rather than builds a table, and what came before it was invoiced already.
 */
@Configuration
public class InvoicingProcessorConfiguration {

    @Autowired
    void startAtTheHead(EventProcessingConfigurer processing) {
        processing.registerPooledStreamingEventProcessorConfiguration(InvoicingPolicy.PROCESSING_GROUP,
                (configuration, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }
}
