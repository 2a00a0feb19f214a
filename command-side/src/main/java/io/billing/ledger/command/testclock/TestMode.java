package io.billing.ledger.command.testclock;

import io.billing.ledger.api.error.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Test clocks exist only in test mode (BILLING_TEST_MODE; on by default with the embedded
 * database, off with DATABASE_URL): a live ledger must never let anyone move its time.
 */
@Component
public class TestMode {

    private final boolean enabled;

    // @Value, not a record: billing.test-mode.enabled is no user setting but derived at start by the
    // server's StartupSettings (from BILLING_TEST_MODE, which it checks, or DATABASE_URL)
    public TestMode(@Value("${billing.test-mode.enabled:false}") boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public void require(String testClockId) {
        if (!enabled) {
            throw new NotFoundException("Test clock", testClockId == null ? "" : testClockId
                    + " (test clocks exist only when BILLING_TEST_MODE=true)");
        }
    }
}
