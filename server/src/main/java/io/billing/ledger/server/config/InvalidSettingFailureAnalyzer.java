package io.billing.ledger.server.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.util.Optional;

/**
 * Turns a bad setting into a short start-up message that names the environment variable,
 * instead of a stack trace (or Spring's own message, which names the property). It reads both
 * the checks of {@link StartupSettings} and a settings record's failed binding or validation,
 * translating the property into its variable through {@link SettingVariables}.
 */
public class InvalidSettingFailureAnalyzer implements FailureAnalyzer, Ordered {

    private final Environment environment;

    /** Spring Boot passes the application's environment: the message shows the value as the variable gave it. */
    public InvalidSettingFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        InvalidSettingException invalid = cause(failure, InvalidSettingException.class)
                .or(() -> cause(failure, BindException.class).flatMap(this::translate))
                .orElse(null);
        if (invalid == null) {
            return null;
        }
        return new FailureAnalysis(invalid.getMessage(),
                "Set " + invalid.variable() + " to a valid value (see .env.example) or unset it to use the default.",
                failure);
    }

    /** Before Spring Boot's own analyzers of binding failures, which would name the property. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The failure of one of our settings, as the variable an operator sets; empty for Spring's own settings. */
    Optional<InvalidSettingException> translate(BindException failure) {
        if (failure.getCause() instanceof BindValidationException validation) {
            ValidationErrors errors = validation.getValidationErrors();
            for (ObjectError error : errors) {
                String property = error instanceof FieldError field
                        ? errors.getName() + "." + dashed(field.getField()) : errors.getName().toString();
                Object rejected = error instanceof FieldError field ? field.getRejectedValue() : null;
                return invalidSetting(property, rejected, error.getDefaultMessage());
            }
            return Optional.empty();
        }
        ConfigurationProperty property = failure.getProperty();
        return invalidSetting(failure.getName().toString(), property == null ? null : property.getValue(), null);
    }

    private Optional<InvalidSettingException> invalidSetting(String property, Object rejected, String message) {
        if (!property.startsWith("billing.")) {
            return Optional.empty();
        }
        Optional<SettingVariables.Variable> variable = SettingVariables.forProperty(property);
        String name = variable.map(SettingVariables.Variable::name).orElse(property);
        String expected = message != null ? message
                : variable.map(SettingVariables.Variable::expected).orElse("a valid value, see application.yml");
        String value;
        if (SettingVariables.MAY_HOLD_A_SECRET.contains(name)) {
            // the message ends up in logs and terminals: a URL with a password or a key must not
            value = "(not shown: it may hold a secret)";
        } else if (variable.isPresent() && environment != null && environment.getProperty(name) != null) {
            value = environment.getProperty(name); // as the operator wrote it, not as it was converted
        } else {
            value = String.valueOf(rejected);
        }
        return Optional.of(new InvalidSettingException(name, value, expected));
    }

    /** {@code embeddedDatabase.port} to {@code embedded-database.port}, the form application.yml uses. */
    private static String dashed(String field) {
        StringBuilder dashed = new StringBuilder();
        for (char c : field.toCharArray()) {
            if (Character.isUpperCase(c)) {
                dashed.append('-').append(Character.toLowerCase(c));
            } else {
                dashed.append(c);
            }
        }
        return dashed.toString();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
