package dev.closenotify.agent.layout;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages form layers with no cycle (see docs/ARCHITECTURE.md), and the few rules
 * that keep the layers honest: the bridge stands alone on the boot path, stacks are reached only
 * through the registry, and no stack knows another's internals except SunJSSE's shared reader.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.closenotify");

    @Test
    void noPackageCycle() {
        // Each package its own slice: agent.weave and agent.weave.asm may not import each other.
        slices().matching("dev.closenotify.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theBridgeUsesJdkTypesOnly() {
        noClasses().that().resideInAPackage("dev.closenotify.bridge")
                .should().dependOnClassesThat().resideInAPackage("dev.closenotify.agent..")
                .check(MAIN);
    }

    /** The framing tracker is pure protocol logic: the JDK only, no other agent package. */
    @Test
    void theFramingTrackerStandsAlone() {
        noClasses().that().resideInAPackage("dev.closenotify.agent.framing..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "dev.closenotify.agent.framing..", "java..")
                .check(MAIN);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        noClasses().that().resideInAnyPackage("dev.closenotify.agent.model..",
                        "dev.closenotify.agent.config..", "dev.closenotify.agent.util..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.closenotify.agent.detect..", "dev.closenotify.agent.weave..",
                        "dev.closenotify.agent.stacks..", "dev.closenotify.agent.report..",
                        "dev.closenotify.agent.jmx..", "dev.closenotify.agent.lifecycle..",
                        "dev.closenotify.agent.cli..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("dev.closenotify.agent.weave..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.closenotify.agent.stacks..", "dev.closenotify.agent.detect..",
                        "dev.closenotify.agent.lifecycle..")
                .check(MAIN);
    }

    /** A stack's folder is reached only through the registry (and its contract, {@code spi}). */
    @Test
    void stacksAreReachedOnlyThroughTheRegistry() {
        noClasses().that().resideOutsideOfPackage("dev.closenotify.agent.stacks..")
                .should().dependOnClassesThat(resideInAPackage("dev.closenotify.agent.stacks.*..")
                        .and(resideOutsideOfPackage("dev.closenotify.agent.stacks.spi..")))
                .check(MAIN);
    }
}
