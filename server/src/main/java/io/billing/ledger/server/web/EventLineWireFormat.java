package io.billing.ledger.server.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.billing.ledger.api.invoice.CreditNoteLine;
import io.billing.ledger.api.invoice.InvoiceLine;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.projection.invoice.InvoiceLineViews;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/**
 * Lines inside event payloads (history, audit) are shown as every other line is: the invoice line shape,
 * money in {@code …Cents}, spans as {@code periodStart}/{@code periodEnd} (docs/api.md). Only the web
 * mapper has these serializers: stored events keep their own shape (the Axon mapper is a separate one).
 */
@Configuration
public class EventLineWireFormat {

    @Bean
    public SimpleModule eventLinesInTheInvoiceLineShape() {
        SimpleModule module = new SimpleModule("event-lines-in-the-invoice-line-shape");
        module.addSerializer(InvoiceLine.class, new JsonSerializer<>() {
            @Override
            public void serialize(InvoiceLine line, JsonGenerator json, SerializerProvider provider) throws IOException {
                provider.defaultSerializeValue(InvoiceLineViews.recorded(line), json);
            }
        });
        module.addSerializer(ProrationLine.class, new JsonSerializer<>() {
            @Override
            public void serialize(ProrationLine line, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                provider.defaultSerializeValue(InvoiceLineViews.pending(line), json);
            }
        });
        module.addSerializer(CreditNoteLine.class, new JsonSerializer<>() {
            @Override
            public void serialize(CreditNoteLine line, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeStartObject();
                json.writeStringField("description", line.description());
                json.writeNumberField("amountCents", line.amount().amount());
                json.writeEndObject();
            }
        });
        return module;
    }
}
