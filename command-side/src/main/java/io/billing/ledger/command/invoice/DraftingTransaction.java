package io.billing.ledger.command.invoice;

import jakarta.annotation.PreDestroy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs what the invoicing processor does (draft, apply or give back credit) in a transaction of
 * its own, committed before the processor stores its token. Sent from the processor's thread, the
 * commands' events would only be written when the processor's batch commits, after the handler
 * returned: a refused draft would then fail the whole batch, again and again, instead of reaching
 * the dead-letter queue, and stall every subscription's invoicing behind one. On a thread of its
 * own each command commits its events inside the handler, so a failure is the handler's and is
 * parked. A crash between this commit and the token's is safe: every command sent here is named by
 * the event that causes it (the invoice id, the credit's source) and does nothing the second time.
 */
@Component
public class DraftingTransaction {

    private final TransactionTemplate transactions;
    private final EventStore eventStore;
    private final List<CorrelationDataProvider> correlation;
    private final ExecutorService drafting = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "invoicing-draft");
        thread.setDaemon(true);
        return thread;
    });

    public DraftingTransaction(TransactionTemplate transactions, EventStore eventStore,
                               List<CorrelationDataProvider> correlation) {
        this.transactions = transactions;
        this.eventStore = eventStore;
        this.correlation = correlation;
    }

    /**
     * Runs {@code work} for the event being handled on this thread. Its commands carry the event's
     * correlation data (actor, request, correlation and trace ids, the clock's time), as they would
     * sent from the processor's own unit of work: the event is the message of the unit of work the
     * work runs in, and that unit of work commits the commands' events before this returns.
     */
    public void run(Runnable work) {
        Message<?> cause = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getMessage() : null;
        try {
            drafting.submit(() -> {
                transactions.executeWithoutResult(status -> {
                    if (cause == null) {
                        work.run();
                        return;
                    }
                    DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(cause);
                    correlation.forEach(unitOfWork::registerCorrelationDataProvider);
                    unitOfWork.execute(work);
                });
                // the store's reader polls for new events every second; after our commit, tell it at once
                eventStore.publish(List.of());
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drafting an invoice", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        drafting.shutdownNow();
    }
}
