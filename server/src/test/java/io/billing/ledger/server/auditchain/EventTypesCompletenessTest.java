package io.billing.ledger.server.auditchain;

import io.billing.ledger.query.events.EventTypes;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event some handler of ours reacts to (an {@code @EventHandler}, {@code @EventSourcingHandler}
 * or {@code @SagaEventHandler} parameter of the published language) is in the stream's catalogue,
 * so {@code GET /v1/events?types=} accepts it and names its resource type; a new event type fails
 * here until it is added to {@link EventTypes}.
 */
class EventTypesCompletenessTest {

    @Test
    void every_handled_event_has_a_name_and_resource_type_in_the_catalogue() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        // meta-annotations count: @EventSourcingHandler and @SagaEventHandler are @EventHandlers
        scanner.addIncludeFilter((reader, factory) ->
                reader.getAnnotationMetadata().hasAnnotatedMethods(EventHandler.class.getName()));
        Set<String> handled = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.billing.ledger")) {
            for (Method method : Class.forName(candidate.getBeanClassName()).getDeclaredMethods()) {
                if (AnnotatedElementUtils.hasAnnotation(method, EventHandler.class) && method.getParameterCount() > 0
                        && method.getParameterTypes()[0].getPackageName().startsWith("io.billing.ledger.api.")) {
                    handled.add(method.getParameterTypes()[0].getName());
                }
            }
        }

        assertThat(handled).hasSizeGreaterThan(50);
        assertThat(handled).allSatisfy(event -> assertThat(EventTypes.resourceType(event))
                .as("%s in EventTypes", event).isPresent());
    }
}
