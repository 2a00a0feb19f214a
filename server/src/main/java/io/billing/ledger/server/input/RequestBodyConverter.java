package io.billing.ledger.server.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.billing.ledger.api.error.InvalidRequestException;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Boot's JSON converter, reading with the checked request mapper; a body refused by
 * {@link RequestBodyParser} becomes a 400 naming the field and saying why.
 */
final class RequestBodyConverter extends MappingJackson2HttpMessageConverter {

    RequestBodyConverter(ObjectMapper requestMapper) {
        super(requestMapper);
    }

    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
        try {
            return super.read(type, contextClass, input);
        } catch (HttpMessageNotReadableException e) {
            throw translated(e);
        }
    }

    @Override
    protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
        try {
            return super.readInternal(type, input);
        } catch (HttpMessageNotReadableException e) {
            throw translated(e);
        }
    }

    private static RuntimeException translated(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof RejectedInputException rejected) {
            return new InvalidRequestException(rejected.field(), rejected.code(), rejected.getOriginalMessage());
        }
        return e;
    }
}
