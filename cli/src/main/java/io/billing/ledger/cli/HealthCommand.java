package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code billing health}: is the server up and can it reach its database? Usable in scripts via the exit code. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Check that the server is up and connected to its database (no API key needed).")
final class HealthCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Override
    public Integer call() {
        ApiClient.Response response = root.clientWithoutKeyCheck().health();
        JsonNode body = response.body();
        boolean healthy = response.status() == 200;
        if (root.json() && body != null) {
            root.output().printJson(body);
        } else if (body != null) {
            String line = "status: " + body.path("status").asText("unknown")
                    + ", database: " + body.path("database").asText("unknown");
            (healthy ? root.out() : root.err()).println(line);
        } else {
            (healthy ? root.out() : root.err()).println("status: HTTP " + response.status());
        }
        root.out().flush();
        root.err().flush();
        return healthy ? 0 : BillingCli.EXIT_API_ERROR;
    }
}
