package io.codebuildnotifier;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core (every package but {@code adapter}) knows nothing of AWS, Lambda, Slack or JSON
 * libraries; only adapters do, and they depend on the core, never the other way round.
 */
@AnalyzeClasses(packages = "io.codebuildnotifier", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    private static final String CORE = "io.codebuildnotifier..";
    private static final String ADAPTERS = "io.codebuildnotifier.adapter..";

    @ArchTest
    static final ArchRule coreIsFreeOfFrameworksAndAdapters = noClasses()
            .that().resideInAPackage(CORE)
            .and().resideOutsideOfPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "software.amazon..", "com.amazonaws..", "com.slack..", "com.fasterxml..", ADAPTERS)
            .because("the core is tested with fakes and must not change when an SDK does");

    @ArchTest
    static final ArchRule adaptersDependOnTheCoreNotTheOtherWayRound = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("io.codebuildnotifier..")
            .layer("Core").definedBy(resideInAPackage(CORE).and(resideOutsideOfPackage(ADAPTERS)))
            .layer("Adapters").definedBy(ADAPTERS)
            .whereLayer("Adapters").mayNotBeAccessedByAnyLayer()
            .whereLayer("Core").mayOnlyBeAccessedByLayers("Adapters");
}
