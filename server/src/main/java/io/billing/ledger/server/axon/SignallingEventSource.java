package io.billing.ledger.server.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a source for pooled processors, with the one thing the embedded
 * store's streams lack: a callback when new events become available. Without it a pooled
 * processor polls every 500 ms, and every write waits that long for its read model. A
 * watcher thread tails the store on a stream of its own and wakes the processors'
 * coordinators the moment it sees an event; the processors still read their own streams.
 */
public class SignallingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SignallingEventSource.class);

    private final EventStore eventStore;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread watcher;

    public SignallingEventSource(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new SignalledStream(eventStore.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return eventStore.createTokenSince(duration);
    }

    @Override
    public synchronized void start() {
        running = true;
        watcher = new Thread(this::watch, "event-arrival-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void watch() {
        while (running) {
            try (BlockingStream<TrackedEventMessage<?>> tail = eventStore.openStream(eventStore.createHeadToken())) {
                while (running) {
                    if (tail.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        while (tail.hasNextAvailable()) {
                            tail.nextAvailable();
                        }
                        callbacks.forEach(Runnable::run);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database may be away; processors fall back to polling meanwhile
                log.debug("Event arrival watcher lost its stream; reopening", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final class SignalledStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;

        private SignalledStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (this.callback != null) {
                callbacks.remove(this.callback);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public void close() {
            if (callback != null) {
                callbacks.remove(callback);
            }
            delegate.close();
        }
    }
}
