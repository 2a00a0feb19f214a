package io.billing.ledger.server.config;

/** A configuration value the server cannot run with; the message names the environment variable. */
public class InvalidSettingException extends RuntimeException {

    private final String variable;

    public InvalidSettingException(String variable, String value, String expected) {
        super("Invalid value for " + variable + ": '" + value + "' (" + expected + ")");
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
