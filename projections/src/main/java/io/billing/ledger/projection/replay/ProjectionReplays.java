package io.billing.ledger.projection.replay;

import io.billing.ledger.projection.support.ProcessorCatchUp;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Rebuilds read tables from the event store: stop the processor, reset its tokens (its
 * {@code @ResetHandler} clears its tables), start it again. Completion is judged by the
 * processor's position against the store's head, not by {@code isReplaying()}, which
 * stays true until the next live event arrives.
 * <p>
 * Each replay started on this node is remembered (when, up to which position) so that its
 * progress can be reported: a replay is over once the processor's position reaches the head
 * the store had when it started. Nothing of it is stored: on another node, or after a
 * restart, a replay shows only as a position behind the head.
 */
@Component
public class ProjectionReplays {

    private final EventProcessingConfiguration processing;
    private final ProcessorCatchUp catchUp;
    private final LongSupplier nanoTime;
    private final Map<String, ReplayRun> runs = new ConcurrentHashMap<>();

    @Autowired
    public ProjectionReplays(EventProcessingConfiguration processing, ProcessorCatchUp catchUp) {
        this(processing, catchUp, System::nanoTime);
    }

    ProjectionReplays(EventProcessingConfiguration processing, ProcessorCatchUp catchUp, LongSupplier nanoTime) {
        this.processing = processing;
        this.catchUp = catchUp;
        this.nanoTime = nanoTime;
    }

    /** Every streaming processor with the lowest position its segments have reached (-1 before any event). */
    public Map<String, Long> positions() {
        Map<String, Long> positions = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                positions.put(name, catchUp.position(name));
            }
        });
        return positions;
    }

    public boolean exists(String processorName) {
        return streaming(processorName) != null;
    }

    /** False for a processor whose handlers all refuse a replay ({@code @DisallowReplay}): its work is not a read table. */
    public boolean supportsReplay(String processorName) {
        StreamingEventProcessor processor = streaming(processorName);
        return processor != null && processor.supportsReset();
    }

    /** Starts a replay and answers what it is to reach; the processor rebuilds on its own threads. */
    public ReplayRun replay(String processorName) {
        StreamingEventProcessor processor = streaming(processorName);
        if (processor == null) {
            throw new IllegalArgumentException("no streaming processor named " + processorName);
        }
        // checked before stopping it: resetTokens() refuses only once the processor has been shut down
        if (!processor.supportsReset()) {
            throw new IllegalStateException(processorName + " does not support a replay");
        }
        // the head read before the reset: every event stored when the operator asked is replayed
        ReplayRun run = new ReplayRun(catchUp.headPosition(), nanoTime.getAsLong());
        processor.shutDown();
        processor.resetTokens();
        runs.put(processorName, run);
        processor.start();
        return run;
    }

    /** Where the processor stands now: state, position against the head, and the last replay started here. */
    public Progress progress(String processorName) {
        StreamingEventProcessor processor = streaming(processorName);
        if (processor == null) {
            throw new IllegalArgumentException("no streaming processor named " + processorName);
        }
        long head = catchUp.headPosition();
        long position = catchUp.position(processorName);
        ReplayRun run = runs.get(processorName);
        long now = nanoTime.getAsLong();
        if (run != null && position >= run.untilPosition()) {
            run.finish(now);
        }
        State state;
        if (processor.isError()) {
            state = State.FAILED;
        } else if (!processor.isRunning()) {
            state = State.STOPPED;
        } else if (run != null && !run.finished()) {
            state = State.REPLAYING;
        } else {
            state = State.RUNNING;
        }
        return new Progress(processorName, processor.supportsReset(), state, position, head,
                Math.max(0, head - Math.max(position, -1)), Optional.ofNullable(run), now);
    }

    /** Waits until the processor has handled every event stored when this was called; false on timeout. */
    public boolean awaitCaughtUp(String processorName, Duration timeout) {
        return catchUp.awaitPosition(processorName, catchUp.headPosition(), timeout);
    }

    public long headPosition() {
        return catchUp.headPosition();
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
    }

    public enum State {
        /** Handling live events (caught up, or catching up after an outage: see {@code lag}). */
        RUNNING,
        /** Rebuilding its tables from the start of the store, not yet at the head it started against. */
        REPLAYING,
        /** Shut down on this node (or never started). */
        STOPPED,
        /** A segment stopped on an error and is retrying (the processor's own back-off). */
        FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One replay: started against head {@code untilPosition} at {@code startedNanos}; finished
     * when its processor was first seen at or past that position.
     */
    public static final class ReplayRun {

        private final long untilPosition;
        private final long startedNanos;
        private volatile long finishedNanos = -1;

        ReplayRun(long untilPosition, long startedNanos) {
            this.untilPosition = untilPosition;
            this.startedNanos = startedNanos;
        }

        public long untilPosition() {
            return untilPosition;
        }

        public boolean finished() {
            return finishedNanos >= 0;
        }

        synchronized void finish(long nanos) {
            if (finishedNanos < 0) {
                finishedNanos = nanos;
            }
        }

        /** Time from the start to now, or to when it was seen finished. */
        public Duration elapsed(long nowNanos) {
            return Duration.ofNanos((finished() ? finishedNanos : nowNanos) - startedNanos);
        }
    }

    /**
     * A processor's standing. {@code lag} is in positions of the global event sequence
     * (≈ events: the sequence has few gaps). During a replay the rate is positions covered
     * since it started over the time since then, and the ETA the rest at that rate.
     */
    public record Progress(String processor, boolean replayable, State state, long position, long head, long lag,
                           Optional<ReplayRun> replay, long nowNanos) {

        /** Events per second since the replay started; empty outside a replay or before its first batch. */
        public Optional<Long> eventsPerSecond() {
            if (state != State.REPLAYING || replay.isEmpty()) {
                return Optional.empty();
            }
            long nanos = replay.get().elapsed(nowNanos).toNanos();
            long covered = position + 1; // a replay starts before position 0
            if (nanos <= 0 || covered <= 0) {
                return Optional.empty();
            }
            return Optional.of(covered * 1_000_000_000L / nanos);
        }

        /** Whole seconds left at the replay's rate so far (rounded up); empty when there is no rate yet. */
        public Optional<Long> etaSeconds() {
            return eventsPerSecond().filter(rate -> rate > 0).map(rate -> {
                long left = Math.max(0, replay.get().untilPosition() - position);
                return (left + rate - 1) / rate;
            });
        }
    }
}
