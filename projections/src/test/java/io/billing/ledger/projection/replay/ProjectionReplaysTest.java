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
    private final ProjectionReplays replays = new ProjectionReplays(processing, mock(ProcessorCatchUp.class));

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

    private void given(String name, boolean supportsReset) {
        when(processor.supportsReset()).thenReturn(supportsReset);
        when(processing.eventProcessor(name, StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
    }
}
