package io.billing.ledger.command.lookup;

import io.billing.ledger.api.customer.CustomerCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
@ProcessingGroup(CustomerAccountsTable.PROCESSING_GROUP)
public class CustomerAccountsTable implements CustomerAccounts {

    public static final String PROCESSING_GROUP = "customer-accounts";

    private final JdbcTemplate jdbc;

    public CustomerAccountsTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerCreated event) {
        jdbc.update("INSERT INTO customer_accounts (customer_id, test_clock_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                event.customerId(), event.testClockId());
    }

    @Override
    public Optional<CustomerAccount> find(String customerId) {
        return jdbc.query("SELECT customer_id, test_clock_id FROM customer_accounts WHERE customer_id = ?",
                (rs, row) -> new CustomerAccount(rs.getString(1), rs.getString(2)), customerId).stream().findFirst();
    }
}
