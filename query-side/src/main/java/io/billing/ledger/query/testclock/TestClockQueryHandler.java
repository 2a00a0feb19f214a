package io.billing.ledger.query.testclock;

import io.billing.ledger.api.testclock.FindTestClock;
import io.billing.ledger.api.testclock.TestClockView;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.projection.testclock.TestClockDirectory;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class TestClockQueryHandler {

    private final TestClockDirectory directory;
    private final ReadModelWait readModelWait;

    public TestClockQueryHandler(TestClockDirectory directory, ReadModelWait readModelWait) {
        this.directory = directory;
        this.readModelWait = readModelWait;
    }

    @QueryHandler
    public Optional<TestClockView> handle(FindTestClock query) {
        return readModelWait.until(query.minVersion(), () -> directory.find(query.testClockId()),
                TestClockView::version);
    }
}
