package io.billing.ledger.server.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.ANNOTATIONS;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * DESIGN §2's module rules, checked on the compiled classes of every module the server
 * assembles (the server's test class path holds them all; the CLI checks its own rule in
 * {@code CliDependencyRulesTest}). Packages follow modules: {@code api} is shared-events,
 * {@code command}, {@code projection}, {@code query}, {@code saga}, {@code server}, {@code cli}.
 */
class ModuleRulesTest {

    private static final String OURS = "io.billing.ledger..";
    private static final String SHARED_EVENTS = "io.billing.ledger.api..";
    private static final String COMMAND_SIDE = "io.billing.ledger.command..";
    private static final String PROJECTIONS = "io.billing.ledger.projection..";
    private static final String QUERY_SIDE = "io.billing.ledger.query..";
    private static final String SAGAS = "io.billing.ledger.saga..";
    private static final String SERVER = "io.billing.ledger.server..";
    private static final String CLI = "io.billing.ledger.cli..";

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.billing.ledger");
    }

    @Test
    void shared_events_uses_only_the_jdk_jackson_annotations_and_axons_modelling_annotations() {
        classes().that().resideInAPackage(SHARED_EVENTS)
                // javax.crypto: the JDK's, for the sealed webhook secrets the events carry
                .should().onlyDependOnClassesThat(resideInAnyPackage(SHARED_EVENTS, "java..", "javax.crypto..",
                        "com.fasterxml.jackson.annotation..")
                        .or(resideInAPackage("org.axonframework.modelling..").and(ANNOTATIONS)
                                .as("Axon modelling annotations")))
                .check(classes);
    }

    @Test
    void command_side_depends_on_no_module_but_shared_events() {
        onlyOurModules(COMMAND_SIDE, SHARED_EVENTS);
    }

    @Test
    void projections_depend_on_no_module_but_shared_events() {
        onlyOurModules(PROJECTIONS, SHARED_EVENTS);
    }

    @Test
    void sagas_depend_on_no_module_but_shared_events() {
        onlyOurModules(SAGAS, SHARED_EVENTS);
    }

    @Test
    void query_side_depends_on_no_module_but_shared_events_and_projections() {
        onlyOurModules(QUERY_SIDE, SHARED_EVENTS, PROJECTIONS);
    }

    @Test
    void nothing_depends_on_the_server() {
        noClasses().that().resideOutsideOfPackage(SERVER)
                .should().dependOnClassesThat().resideInAPackage(SERVER)
                .check(classes);
    }

    @Test
    void nothing_depends_on_the_cli() {
        noClasses().that().resideOutsideOfPackage(CLI)
                .should().dependOnClassesThat().resideInAPackage(CLI)
                .allowEmptyShould(true)
                .check(classes);
    }

    /** Invoicing reads usage totals through {@code invoice.UsageCounter}, so usage never points back. */
    @Test
    void command_side_packages_are_free_of_cycles() {
        slices().matching("io.billing.ledger.(command).(*)..").namingSlices("$1.$2")
                .should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void packages_of_the_other_modules_are_free_of_cycles() {
        for (String module : new String[] {"api", "projection", "query", "saga", "server"}) {
            slices().matching("io.billing.ledger.(" + module + ").(*)..").namingSlices("$1.$2")
                    .should().beFreeOfCycles()
                    .check(classes);
        }
    }

    @Test
    void modules_are_free_of_cycles() {
        slices().matching("io.billing.ledger.(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .check(classes);
    }

    /** An aggregate is reached only through commands: no class outside its own package names it. */
    @Test
    void aggregates_are_used_only_inside_their_own_package() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should(beUsedOnlyInsideTheirOwnPackage())
                .check(classes);
    }

    @Test
    void controllers_do_not_reach_into_aggregates() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().areAnnotatedWith(Aggregate.class)
                .check(classes);
    }

    @Test
    void there_are_no_util_helper_or_manager_packages() {
        noClasses().should().resideInAnyPackage("..util..", "..utils..", "..helper..", "..helpers..", "..manager..")
                .check(classes);
    }

    /** Classes of {@code module} may use anything outside our code base, and of ours only the listed modules. */
    private static void onlyOurModules(String module, String... allowed) {
        String[] own = new String[allowed.length + 1];
        own[0] = module;
        System.arraycopy(allowed, 0, own, 1, allowed.length);
        DescribedPredicate<JavaClass> permitted = resideOutsideOfPackage(OURS).or(resideInAnyPackage(own));
        classes().that().resideInAPackage(module)
                .should().onlyDependOnClassesThat(permitted.as("lie outside io.billing.ledger or in " + String.join(", ", own)))
                .check(classes);
    }

    private static ArchCondition<JavaClass> beUsedOnlyInsideTheirOwnPackage() {
        return new ArchCondition<>("be used only inside their own package") {
            @Override
            public void check(JavaClass aggregate, ConditionEvents events) {
                for (Dependency dependency : aggregate.getDirectDependenciesToSelf()) {
                    JavaClass origin = dependency.getOriginClass();
                    if (!origin.getPackageName().equals(aggregate.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
