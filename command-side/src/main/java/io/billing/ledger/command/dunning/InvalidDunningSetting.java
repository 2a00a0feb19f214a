package io.billing.ledger.command.dunning;

/** A dunning setting that cannot be a policy; {@code variable} names the environment variable at fault. */
public class InvalidDunningSetting extends IllegalArgumentException {

    private final String variable;
    private final String expected;

    public InvalidDunningSetting(String variable, String expected) {
        super(variable + ": expected " + expected);
        this.variable = variable;
        this.expected = expected;
    }

    public String variable() {
        return variable;
    }

    public String expected() {
        return expected;
    }
}
