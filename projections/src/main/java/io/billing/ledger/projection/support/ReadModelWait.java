package io.billing.ledger.projection.support;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read-your-writes: polls a read table until it shows at least the given version of a
 * resource, for a bounded time. Projections run asynchronously; a client that just wrote
 * should not be answered from a row that does not have its write yet.
 */
@Component
public class ReadModelWait {

    private final Duration timeout;

    public ReadModelWait(ReadModelSettings settings) {
        this.timeout = settings.waitTimeout();
    }

    public <T> Optional<T> until(long minVersion, Supplier<Optional<T>> read, java.util.function.ToLongFunction<T> version) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            Optional<T> row = read.get();
            if (minVersion < 0 || row.filter(r -> version.applyAsLong(r) >= minVersion).isPresent()) {
                return row;
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
