package io.billing.ledger.query.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import io.billing.ledger.api.money.BillingPeriod;
import io.billing.ledger.api.money.Money;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a recorded event's payload in the API's wire shapes (docs/api.md), without changing
 * what is stored: a {@link Money} property {@code x} is shown as the integer {@code xCents} plus
 * one {@code currency} for the object (as every view shows money), a {@link BillingPeriod} as
 * {@code {periodStart, periodEnd}}, and instants with milliseconds (the web mapper's, copied).
 * Only the audit trail uses it: events are stored by Axon's own mapper, and read tables keep
 * their documents in the plain shapes they read back.
 */
@Component
public class EventPayloadJson {

    private final ObjectMapper mapper;

    public EventPayloadJson(ObjectMapper web) {
        this.mapper = web.copy().registerModule(
                new SimpleModule("event-payload-wire-shapes").setSerializerModifier(new WireShapes()));
    }

    public JsonNode render(Object payload) {
        return mapper.valueToTree(payload);
    }

    static final class WireShapes extends BeanSerializerModifier {

        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                         List<BeanPropertyWriter> properties) {
            Class<?> type = description.getBeanClass();
            if (type == BillingPeriod.class) {
                return properties.stream().map(p -> switch (p.getName()) {
                    case "start" -> renamed(p, "periodStart");
                    case "end" -> renamed(p, "periodEnd");
                    default -> p;
                }).toList();
            }
            if (type == Money.class) {
                return properties.stream().map(p -> p.getName().equals("amount") ? renamed(p, "amountCents") : p)
                        .toList();
            }
            List<BeanPropertyWriter> money = properties.stream()
                    .filter(p -> p.getType().getRawClass() == Money.class).toList();
            if (money.isEmpty()) {
                return properties;
            }
            List<BeanPropertyWriter> shaped = new ArrayList<>();
            boolean hasCurrency = properties.stream().anyMatch(p -> p.getName().equals("currency"));
            for (BeanPropertyWriter property : properties) {
                if (money.contains(property)) {
                    shaped.add(new CentsWriter(property));
                    if (!hasCurrency) {
                        shaped.add(new CurrencyWriter(property, money));
                        hasCurrency = true;
                    }
                } else {
                    shaped.add(property);
                }
            }
            return shaped;
        }

        private static BeanPropertyWriter renamed(BeanPropertyWriter property, String name) {
            return new BeanPropertyWriter(property, new SerializedString(name)) {
            };
        }
    }

    /** {@code price: Money} as {@code priceCents: <minor units>}. */
    static final class CentsWriter extends BeanPropertyWriter {

        CentsWriter(BeanPropertyWriter money) {
            super(money, new SerializedString(money.getName() + "Cents"));
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator generator, SerializerProvider provider)
                throws Exception {
            Money value = (Money) get(bean);
            generator.writeFieldName(_name);
            if (value == null) {
                generator.writeNull();
            } else {
                generator.writeNumber(value.amount());
            }
        }
    }

    /** The one currency of an object's amounts (amounts of one event never mix currencies). */
    static final class CurrencyWriter extends BeanPropertyWriter {

        private final List<BeanPropertyWriter> amounts;

        CurrencyWriter(BeanPropertyWriter first, List<BeanPropertyWriter> amounts) {
            super(first, new SerializedString("currency"));
            this.amounts = List.copyOf(amounts);
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator generator, SerializerProvider provider)
                throws Exception {
            String currency = null;
            for (BeanPropertyWriter amount : amounts) {
                if (amount.get(bean) instanceof Money money) {
                    currency = money.currency();
                    break;
                }
            }
            generator.writeFieldName(_name);
            if (currency == null) {
                generator.writeNull();
            } else {
                generator.writeString(currency);
            }
        }
    }
}
