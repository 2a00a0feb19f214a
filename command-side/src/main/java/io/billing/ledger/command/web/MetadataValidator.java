package io.billing.ledger.command.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.Map;

/**
 * Checks {@link Metadata}. The messages never quote a key or a value: they are templates, and
 * client text in a template would be interpolated.
 */
public class MetadataValidator implements ConstraintValidator<Metadata, Map<String, ?>> {

    private boolean allowNumbersAndBooleans;

    @Override
    public void initialize(Metadata constraint) {
        allowNumbersAndBooleans = constraint.allowNumbersAndBooleans();
    }

    @Override
    public boolean isValid(Map<String, ?> metadata, ConstraintValidatorContext context) {
        if (metadata == null) {
            return true;
        }
        if (metadata.size() > Metadata.MAX_KEYS) {
            return refuse(context, "may hold at most " + Metadata.MAX_KEYS + " keys");
        }
        for (Map.Entry<String, ?> entry : metadata.entrySet()) {
            String key = entry.getKey();
            if (key == null || key.isEmpty() || key.length() > Metadata.MAX_KEY_LENGTH) {
                return refuse(context, "keys must be 1 to " + Metadata.MAX_KEY_LENGTH + " characters long");
            }
            Object value = entry.getValue();
            if (value instanceof String text && text.length() > Metadata.MAX_VALUE_LENGTH) {
                return refuse(context, "values must be at most " + Metadata.MAX_VALUE_LENGTH + " characters long");
            }
            if (allowNumbersAndBooleans) {
                if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    return refuse(context, "values must be strings, numbers or booleans; nested objects and lists "
                            + "are not allowed");
                }
            } else if (value != null && !(value instanceof String)) {
                return refuse(context, "values must be strings of at most " + Metadata.MAX_VALUE_LENGTH
                        + " characters; numbers, booleans, nested objects and lists are not allowed");
            }
        }
        return true;
    }

    private static boolean refuse(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
        return false;
    }
}
