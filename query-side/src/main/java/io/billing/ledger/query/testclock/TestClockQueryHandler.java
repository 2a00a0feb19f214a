package io.billing.ledger.query.testclock;

import io.billing.ledger.api.testclock.FindTestClock;
import io.billing.ledger.api.testclock.TestClockView;
import io.billing.ledger.projection.support.ReadModelWait;
import io.billing.ledger.projection.testclock.TestClockDirectory;
import io.billing.ledger.projection.testclock.TestClockViewEvolver;
import io.billing.ledger.query.history.RecordedViews;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
public class TestClockQueryHandler {

    private final TestClockDirectory directory;
    private final ReadModelWait readModelWait;
    private final RecordedViews recorded;

    public TestClockQueryHandler(TestClockDirectory directory, ReadModelWait readModelWait, RecordedViews recorded) {
        this.directory = directory;
        this.readModelWait = readModelWait;
        this.recorded = recorded;
    }

    /**
     * After a write ({@code minVersion} set): the read model's row once it shows the write, or,
     * when it has not caught up within the wait, the resource folded from its recorded events.
     */
    @QueryHandler
    public Optional<TestClockView> handle(FindTestClock query) {
        Optional<TestClockView> view = readModelWait.until(query.minVersion(),
                () -> directory.find(query.testClockId()), TestClockView::version);
        return view.isPresent() || query.minVersion() < 0 ? view
                : recorded.fold(query.testClockId(), TestClockViewEvolver::apply);
    }
}
