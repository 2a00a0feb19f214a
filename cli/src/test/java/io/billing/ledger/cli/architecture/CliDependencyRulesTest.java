package io.billing.ledger.cli.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * DESIGN §2: the CLI is a REST client of the server and depends on shared-events for its DTOs
 * only (views, envelopes, enums). It lives outside the server's class path, so its rule is
 * checked here; the other modules' rules are in the server's {@code ModuleRulesTest}.
 */
class CliDependencyRulesTest {

    private static final String CLI = "io.billing.ledger.cli..";
    private static final String SHARED_EVENTS = "io.billing.ledger.api..";

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.billing.ledger.cli", "io.billing.ledger.api");
    }

    @Test
    void the_cli_uses_only_shared_events_the_jdk_picocli_jackson_and_the_progress_bar() {
        // me.tongfei.progressbar draws `billing projections replay`'s bar (issue 14 asks for a library)
        classes().that().resideInAPackage(CLI)
                .should().onlyDependOnClassesThat(resideInAnyPackage(CLI, SHARED_EVENTS, "java..", "picocli..",
                        "com.fasterxml.jackson..", "me.tongfei.progressbar.."))
                .check(classes);
    }

    /**
     * Of the published language the CLI reads what the REST API answers: views, envelopes,
     * value types and enums; never a command, event, query or the server's exceptions.
     */
    @Test
    void the_cli_uses_only_the_dtos_of_shared_events() {
        classes().that().resideInAPackage(CLI)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(SHARED_EVENTS).or(dtos()))
                .check(classes);
    }

    private static DescribedPredicate<JavaClass> dtos() {
        return DescribedPredicate.describe("are shared-events DTOs (views, envelopes, value types, enums)", type ->
                type.isEnum()
                        || type.getSimpleName().endsWith("View")
                        || type.getPackageName().equals("io.billing.ledger.api.common")
                        || type.getPackageName().equals("io.billing.ledger.api.money"));
    }
}
