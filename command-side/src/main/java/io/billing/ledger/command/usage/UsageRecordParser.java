package io.billing.ledger.command.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * Reads one record of a batch with the same strict rules as a single request (types, unknown
 * fields, ranges), turning a bad record into an error for that record alone.
 */
@Component
public class UsageRecordParser {

    private final ObjectMapper mapper;
    private final Validator validator;

    public UsageRecordParser(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** Either the record or the reason it is invalid. */
    public Object parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            return UsageError.invalid(null, "each record must be a JSON object");
        }
        UsageInput input;
        try {
            input = mapper.treeToValue(node, UsageInput.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(java.util.Objects::nonNull).collect(Collectors.joining("."));
            return UsageError.invalid(field.isEmpty() ? null : field,
                    field.isEmpty() ? "the record is not valid" : "has an invalid value or is not a known field");
        } catch (JsonProcessingException e) {
            return UsageError.invalid(null, "the record is not valid JSON");
        }
        return validator.validate(input).stream()
                .min(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .<Object>map(UsageRecordParser::toError)
                .orElse(input);
    }

    private static UsageError toError(ConstraintViolation<UsageInput> violation) {
        return UsageError.invalid(violation.getPropertyPath().toString(), violation.getMessage());
    }
}
