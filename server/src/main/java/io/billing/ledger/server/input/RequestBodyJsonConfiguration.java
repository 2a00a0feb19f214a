package io.billing.ledger.server.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Two mappers. Boot's (the primary bean) also reads what our own code stored (read-table
 * JSON, usage properties): it only refuses numeric timestamps, which we never write. Request
 * bodies are read by a copy of it that adds the input limits (docs/security.md): a checking
 * parser, one-line strings, times within range. Stored data is never judged by today's input
 * rules, so what was accepted once stays readable.
 */
@Configuration
public class RequestBodyJsonConfiguration {

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer isoInstantsOnly() {
        return builder -> builder.postConfigurer(mapper -> mapper.registerModule(
                new SimpleModule("iso-instants").setDeserializerModifier(IsoInstantDeserializer.modifier(false))));
    }

    @Bean
    public MappingJackson2HttpMessageConverter requestBodyConverter(ObjectMapper mapper) {
        ObjectMapper requestMapper = mapper.copyWith(new RequestBodyJsonFactory())
                .registerModule(new SimpleModule("request-input-limits")
                        .addDeserializer(String.class, OneLineStringDeserializer.instance())
                        .setDeserializerModifier(IsoInstantDeserializer.modifier(true)));
        return new RequestBodyConverter(requestMapper);
    }
}
