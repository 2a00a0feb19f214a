package io.billing.ledger.command.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Key-value pairs a client attaches to a resource, limited as Stripe limits metadata: at most
 * 50 keys of 1 to 40 characters, flat values (a string of at most 500 characters, a number or
 * a boolean). Whatever is accepted is kept for ever in the event store, so it must stay small
 * and readable by every later reader.
 */
@Documented
@Constraint(validatedBy = MetadataValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Metadata {

    int MAX_KEYS = 50;
    int MAX_KEY_LENGTH = 40;
    int MAX_VALUE_LENGTH = 500;

    String message() default "must hold at most 50 keys of 1 to 40 characters with flat values";

    /**
     * Metadata values are strings, as Stripe's are: what integrators store there (ids, labels) must
     * come back exactly as sent. Usage {@code properties} may also hold numbers and booleans, the
     * dimensions a meter is filtered by.
     */
    boolean allowNumbersAndBooleans() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
