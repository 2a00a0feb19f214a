package io.billing.ledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code billing audit head}: the chain's last link, for an auditor to note down outside the system. */
@Command(name = "head", mixinStandardHelpOptions = true,
        description = "Show the last sealed link of the hash chain (position, hash, sealed at): note it down "
                + "elsewhere; a later verify must still show this hash at this position.")
final class AuditHeadCommand implements Callable<Integer> {

    @ParentCommand
    AuditCommand audit;

    static final String PATH = "/v1/audit/head";

    static final List<Column> FIELDS = List.of(Column.text("Position", "position"), Column.text("Hash", "hash"),
            Column.text("Sealed at", "sealedAt"));

    @Override
    public Integer call() {
        BillingCli root = audit.root;
        root.output().object(root.client().get(PATH).data(), FIELDS);
        return 0;
    }
}
