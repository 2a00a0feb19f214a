package io.billing.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code billing audit …}: the audit trail and the proof that nobody edited it. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit trail: verify the tamper-evident hash chain over the event store, show its head.",
        subcommands = {AuditVerifyCommand.class, AuditHeadCommand.class})
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }
}
