package io.billing.ledger.server.auditchain;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.billing.ledger.query.events.EventTypes;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;

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
    void every_handled_event_has_a_name_and_resource_type_in_the_catalogue() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.billing.ledger.command", "io.billing.ledger.projection", "io.billing.ledger.saga",
                        "io.billing.ledger.query");
        Set<String> handled = new TreeSet<>();
        for (JavaClass type : classes) {
            for (JavaMethod method : type.getMethods()) {
                boolean handler = method.isAnnotatedWith(EventHandler.class)
                        || method.isMetaAnnotatedWith(EventHandler.class);
                if (handler && !method.getRawParameterTypes().isEmpty()) {
                    JavaClass event = method.getRawParameterTypes().get(0);
                    if (event.getPackageName().startsWith("io.billing.ledger.api.")) {
                        handled.add(event.getName());
                    }
                }
            }
        }

        assertThat(handled).hasSizeGreaterThan(50);
        assertThat(handled).allSatisfy(event -> assertThat(EventTypes.resourceType(event))
                .as("%s in EventTypes", event).isPresent());
    }
}
