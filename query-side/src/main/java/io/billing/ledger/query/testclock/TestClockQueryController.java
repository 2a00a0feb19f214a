package io.billing.ledger.query.testclock;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.testclock.FindTestClock;
import io.billing.ledger.api.testclock.TestClockView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/test-clocks")
@Tag(name = "Test clocks")
@RequiresScope(ApiKeyScope.READ)
public class TestClockQueryController {

    private final QueryGateway queries;
    private final boolean testMode;

    // @Value, not a record: billing.test-mode.enabled is no user setting but derived at start by the
    // server's StartupSettings (from BILLING_TEST_MODE, which it checks, or DATABASE_URL)
    public TestClockQueryController(QueryGateway queries,
                                    @Value("${billing.test-mode.enabled:false}") boolean testMode) {
        this.queries = queries;
        this.testMode = testMode;
    }

    @GetMapping("/{testClockId}")
    @Operation(summary = "Retrieve a test clock",
            description = "Test clocks exist only in test mode (BILLING_TEST_MODE); otherwise every id answers 404.")
    public DataEnvelope<TestClockView> get(@PathVariable @Pattern(regexp = Ids.TEST_CLOCK_ID) String testClockId) {
        if (!testMode) {
            throw new NotFoundException("Test clock", testClockId);
        }
        return DataEnvelope.of(queries.query(new FindTestClock(testClockId, -1),
                        ResponseTypes.optionalInstanceOf(TestClockView.class)).join()
                .orElseThrow(() -> new NotFoundException("Test clock", testClockId)));
    }
}
