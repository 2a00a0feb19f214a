package io.billing.ledger.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "io.billing.ledger")
public class BillingLedgerApplication {

    public static void main(String[] args) {
        disableAxonUpdateChecker();
        SpringApplication.run(BillingLedgerApplication.class, args);
    }

    /**
     * Axon's update checker phones home and, when it cannot connect, keeps a thread alive
     * that stops non-web JVMs from exiting. Set here so that no one has to remember a flag.
     */
    public static void disableAxonUpdateChecker() {
        System.setProperty("axoniq.update-checker.disabled", "true");
    }
}
