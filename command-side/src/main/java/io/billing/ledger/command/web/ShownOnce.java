package io.billing.ledger.command.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The answer of this handler carries a secret in {@code data.<value>} that is shown only
 * once: the idempotency store keeps the answer without it, and a replay says it was omitted.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ShownOnce {

    /** The field of {@code data} that holds the secret. */
    String value();
}
