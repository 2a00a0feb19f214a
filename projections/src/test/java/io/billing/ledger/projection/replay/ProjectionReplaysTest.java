package io.billing.ledger.projection.replay;

import io.billing.ledger.projection.support.ProcessorCatchUp;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A replay is stop, reset, start; a processor that refuses a reset is refused before it is stopped. */
class ProjectionReplaysTest {

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final ProcessorCatchUp catchUp = mock(ProcessorCatchUp.class);
    private final long[] now = {0};
    private final ProjectionReplays replays = new ProjectionReplays(processing, catchUp, () -> now[0]);

    @Test
    void a_replay_stops_the_processor_resets_its_tokens_and_starts_it_again() {
        given("plan-catalog", true);

        replays.replay("plan-catalog");

        InOrder order = inOrder(processor);
        order.verify(processor).shutDown();
        order.verify(processor).resetTokens();
        order.verify(processor).start();
    }

    @Test
    void a_processor_whose_handlers_refuse_a_reset_is_refused_and_keeps_running() {
        given("invoicing", false);

        assertThat(replays.supportsReplay("invoicing")).isFalse();
        assertThatThrownBy(() -> replays.replay("invoicing")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invoicing");
        verify(processor, never()).shutDown();
        verify(processor, never()).resetTokens();
    }

    @Test
    void a_replay_reports_its_rate_and_eta_until_it_reaches_the_head_it_started_against() {
        given("usage-summaries", true);
        when(processor.isRunning()).thenReturn(true);
        when(catchUp.headPosition()).thenReturn(9_999L);
        when(catchUp.position("usage-summaries")).thenReturn(-1L);
        replays.replay("usage-summaries");

        now[0] = 2_000_000_000L; // 2 s later, 4,000 events in (positions 0..3999)
        when(catchUp.position("usage-summaries")).thenReturn(3_999L);
        ProjectionReplays.Progress halfway = replays.progress("usage-summaries");
        assertThat(halfway.state()).isEqualTo(ProjectionReplays.State.REPLAYING);
        assertThat(halfway.lag()).isEqualTo(6_000L);
        assertThat(halfway.eventsPerSecond()).contains(2_000L);
        assertThat(halfway.etaSeconds()).contains(3L);

        when(catchUp.headPosition()).thenReturn(10_050L); // live events arrived meanwhile: not part of the replay
        now[0] = 5_000_000_000L;
        when(catchUp.position("usage-summaries")).thenReturn(9_999L);
        ProjectionReplays.Progress done = replays.progress("usage-summaries");
        assertThat(done.state()).isEqualTo(ProjectionReplays.State.RUNNING);
        assertThat(done.eventsPerSecond()).isEmpty();
        assertThat(done.etaSeconds()).isEmpty();
        assertThat(done.replay()).get().satisfies(run -> assertThat(run.elapsed(9_000_000_000L)).hasSeconds(5));
    }

    @Test
    void a_processor_in_error_is_failed_and_one_shut_down_is_stopped() {
        given("plan-catalog", true);
        when(processor.isRunning()).thenReturn(true);
        when(processor.isError()).thenReturn(true);
        assertThat(replays.progress("plan-catalog").state()).isEqualTo(ProjectionReplays.State.FAILED);

        when(processor.isError()).thenReturn(false);
        when(processor.isRunning()).thenReturn(false);
        assertThat(replays.progress("plan-catalog").state()).isEqualTo(ProjectionReplays.State.STOPPED);
    }

    private void given(String name, boolean supportsReset) {
        when(processor.supportsReset()).thenReturn(supportsReset);
        when(processing.eventProcessor(name, StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
    }
}
