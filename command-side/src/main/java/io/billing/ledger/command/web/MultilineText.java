package io.billing.ledger.command.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a free-text request field (a description, a reason) that may hold tabs and line
 * breaks. Every other string of a request body is one line: the server's request reader
 * refuses control characters in it, and in every field NUL and the other control characters.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface MultilineText {
}
