package io.codebuildnotifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the code, as an allow-list:
 * <ul>
 *   <li>the core ({@code kernel}, {@code notification}, {@code people}, {@code git}, {@code chain}, {@code sources..}) depends on
 *       the JDK and itself only: no AWS, Lambda, Slack or JSON library, no adapter;</li>
 *   <li>the kernel depends on nothing else of ours; people and git on the kernel only; the chain
 *       (CodePipeline's executions and revisions) on git; the notification on the kernel and people;
 *       a source on those, never on another source;</li>
 *   <li>an adapter depends on the core and its own libraries, never on another adapter or a function;</li>
 *   <li>only the functions ({@code function}) wire adapters to the core.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "io.codebuildnotifier", importOptions = {ArchitectureTest.MainClassesOnly.class,
        ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    /** The production classes, wherever the build directory is ({@code -Dbuild.dir}). */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("/test-classes/");
        }
    }

    private static final String KERNEL = "io.codebuildnotifier.kernel..";
    private static final String NOTIFICATION = "io.codebuildnotifier.notification..";
    private static final String PEOPLE = "io.codebuildnotifier.people..";
    private static final String SOURCES = "io.codebuildnotifier.sources..";
    /** What every source shares about git hosts (repositories, commits) and the delivery chain (CodePipeline). */
    private static final String GIT = "io.codebuildnotifier.git..";
    private static final String CHAIN = "io.codebuildnotifier.chain..";
    /** What people ask of the notifier from the chat (buttons, commands, the home tab). */
    private static final String INTERACTIONS = "io.codebuildnotifier.interactions..";
    private static final String JDK = "java..";

    @ArchTest
    static final ArchRule kernelDependsOnTheJdkOnly = classes().that().resideInAPackage(KERNEL)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, KERNEL);

    @ArchTest
    static final ArchRule peopleDependOnTheKernelOnly = classes().that().resideInAPackage(PEOPLE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, KERNEL, PEOPLE);

    @ArchTest
    static final ArchRule notificationDependsOnKernelAndPeople = classes().that().resideInAPackage(NOTIFICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, KERNEL, PEOPLE, NOTIFICATION);

    @ArchTest
    static final ArchRule sourcesDependOnTheCoreOnly = classes().that().resideInAPackage(SOURCES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, KERNEL, PEOPLE, NOTIFICATION, GIT, CHAIN, SOURCES)
            .because("the core is tested with fakes and must not change when an SDK does");

    @ArchTest
    static final ArchRule gitDependsOnTheKernelOnly = classes().that().resideInAPackage(GIT)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, KERNEL, GIT);

    @ArchTest
    static final ArchRule chainDependsOnGitAndTheKernelOnly = classes().that().resideInAPackage(CHAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, KERNEL, GIT, CHAIN);

    @ArchTest
    static final ArchRule interactionsDependOnTheCoreOnly = classes().that().resideInAPackage(INTERACTIONS)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, KERNEL, PEOPLE, NOTIFICATION, GIT, CHAIN,
                    INTERACTIONS)
            .because("what a click or a command does is tested with fakes; the chat and AWS are adapters");

    @ArchTest
    static final ArchRule coreDoesNotDependOnInteractions = noClasses().that()
            .resideInAnyPackage(KERNEL, NOTIFICATION, PEOPLE, GIT, CHAIN, SOURCES)
            .should().dependOnClassesThat().resideInAPackage(INTERACTIONS);

    @ArchTest
    static final ArchRule sourcesDoNotDependOnEachOther = slices()
            .matching("io.codebuildnotifier.sources.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule adaptersDoNotDependOnEachOther = slices()
            .matching("io.codebuildnotifier.adapter.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule adaptersDoNotDependOnFunctions = noClasses()
            .that().resideInAPackage("io.codebuildnotifier.adapter..")
            .should().dependOnClassesThat().resideInAPackage("io.codebuildnotifier.function..");

    @ArchTest
    static final ArchRule everyClassIsInAKnownLayer = classes()
            .should().resideInAnyPackage(KERNEL, NOTIFICATION, PEOPLE, GIT, CHAIN, SOURCES, INTERACTIONS, "io.codebuildnotifier.adapter.*..",
                    "io.codebuildnotifier.function..");
}
