package io.billing.ledger.command.testclock;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.AwaitReadModels;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.testclock.AdvanceTestClock;
import io.billing.ledger.api.testclock.CreateTestClock;
import io.billing.ledger.api.testclock.FindTestClock;
import io.billing.ledger.api.testclock.TestClockStatus;
import io.billing.ledger.api.testclock.TestClockView;
import io.billing.ledger.command.web.AggregateVersions;
import io.billing.ledger.command.web.ReadModelTimeoutException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

@RestController
@RequestMapping("/v1/test-clocks")
@Tag(name = "Test clocks")
@RequiresScope(ApiKeyScope.WRITE)
public class TestClockCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AggregateVersions versions;
    private final TestMode testMode;
    private final Duration advanceWait;

    private static final Duration POLL = Duration.ofMillis(50);

    public TestClockCommandController(CommandGateway commands, QueryGateway queries, AggregateVersions versions,
                                      TestMode testMode,
                                      TestClockSettings settings) {
        this.commands = commands;
        this.queries = queries;
        this.versions = versions;
        this.testMode = testMode;
        this.advanceWait = settings.advanceWait();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a test clock (test mode only); attach customers to it with testClockId")
    public DataEnvelope<TestClockView> create(@Valid @RequestBody CreateTestClockRequest request) {
        testMode.require(null);
        String testClockId = Ids.next(Ids.TEST_CLOCK);
        commands.sendAndWait(new CreateTestClock(testClockId, request.name(),
                request.frozenTime().truncatedTo(ChronoUnit.MICROS)));
        return DataEnvelope.of(viewAfterWrite(testClockId));
    }

    @PostMapping("/{testClockId}/advance")
    @Operation(summary = "Move a test clock forward; due renewals, trial ends and cancellations follow in time "
            + "order while its status is advancing")
    public DataEnvelope<TestClockView> advance(@PathVariable @Pattern(regexp = Ids.TEST_CLOCK_ID) String testClockId,
                                               @Valid @RequestBody AdvanceTestClockRequest request,
                                               @Parameter(description = "Answer only when the clock is ready again "
                                                       + "(everything due on the way is done and readable), at most "
                                                       + "billing.test-clocks.advance-wait; then as it is")
                                               @RequestParam(defaultValue = "false") boolean wait) {
        testMode.require(testClockId);
        commands.sendAndWait(new AdvanceTestClock(testClockId, request.frozenTime().truncatedTo(ChronoUnit.MICROS)));
        TestClockView clock = viewAfterWrite(testClockId);
        return DataEnvelope.of(wait ? untilReady(clock) : clock);
    }

    /**
     * Polls the clock: the advance is carried out by the scheduler, not by this request. Once it is
     * ready, the read models catch up too, so the next request sees the renewals and invoices.
     */
    private TestClockView untilReady(TestClockView clock) {
        long deadline = System.nanoTime() + advanceWait.toNanos();
        TestClockView current = clock;
        while (current.status() != TestClockStatus.READY && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
            current = viewAfterWrite(current.id());
        }
        if (current.status() == TestClockStatus.READY) {
            queries.query(new AwaitReadModels(), Boolean.class).join();
        }
        return current;
    }

    private TestClockView viewAfterWrite(String testClockId) {
        return queries.query(new FindTestClock(testClockId, versions.of(testClockId)),
                        ResponseTypes.optionalInstanceOf(TestClockView.class)).join()
                .orElseThrow(() -> new ReadModelTimeoutException(testClockId));
    }
}
