package io.billing.ledger.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** The outcome of one in-process {@code billing …} invocation. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Map<String, String> env, String... args) {
        return run(BillingCli.commandLine(env), args);
    }

    /** With a scripted terminal for the commands that ask for confirmation. */
    static CliRun of(Map<String, String> env, Prompt prompt, String... args) {
        return run(BillingCli.commandLine(env, prompt), args);
    }

    private static CliRun run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
