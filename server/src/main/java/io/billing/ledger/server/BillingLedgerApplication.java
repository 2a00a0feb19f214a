package io.billing.ledger.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Arrays;
import java.util.stream.Stream;

@SpringBootApplication(scanBasePackages = "io.billing.ledger")
public class BillingLedgerApplication {

    /** The argument of the deployment's one-shot migration step: {@code java -jar … migrate}. */
    public static final String MIGRATE = "migrate";

    public static void main(String[] args) {
        disableAxonUpdateChecker();
        if (args.length > 0 && args[0].equals(MIGRATE)) {
            System.exit(migrate(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(BillingLedgerApplication.class, args);
    }

    /**
     * The migration step of a deployment (docker-compose.yml): starts as an API-only node on a
     * loopback port of its own, so Flyway migrates as the owner role and grants the runtime role
     * (as every start does), with no processor, process or scheduler running and no bootstrap
     * key issued, then stops. The nodes started after it find nothing left to migrate.
     */
    static int migrate(String[] args) {
        String[] settings = Stream.concat(Stream.of("--billing.roles=api", "--billing.migrate-only=true",
                "--server.port=0", "--server.address=127.0.0.1"), Arrays.stream(args)).toArray(String[]::new);
        return SpringApplication.exit(SpringApplication.run(BillingLedgerApplication.class, settings));
    }

    /**
     * Axon's update checker phones home and, when it cannot connect, keeps a thread alive
     * that stops non-web JVMs from exiting. Set here so that no one has to remember a flag.
     */
    public static void disableAxonUpdateChecker() {
        System.setProperty("axoniq.update-checker.disabled", "true");
    }
}
