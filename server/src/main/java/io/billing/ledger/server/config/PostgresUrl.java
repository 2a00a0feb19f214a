package io.billing.ledger.server.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Empty, or a PostgreSQL location {@link DatabaseUrl#parse} understands (seed form or JDBC URL). */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PostgresUrl.Validator.class)
public @interface PostgresUrl {

    String message() default
            "postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PostgresUrl, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || DatabaseUrl.isSupported(value.trim());
        }
    }
}
