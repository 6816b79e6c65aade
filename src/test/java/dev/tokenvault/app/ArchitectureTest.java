package dev.tokenvault.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The package graph: free of cycles, every package using only those below it in {@link #LAYERS}, and
 * {@code app} (wiring) used by nobody. A lower package that must tell a higher one something fires a CDI event.
 */
class ArchitectureTest {

    /** The packages of dev.tokenvault from the bottom up; a package may use only those listed before it. */
    static final List<String> LAYERS = List.of("platform", "outbox", "audit", "crypto", "identity", "project", "provider",
            "connection", "refresh", "token", "apikey", "exchange", "connect", "webhook", "leak", "ui", "app");

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tokenvault");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.tokenvault.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void everyPackageUsesOnlyThoseBelowIt() {
        ArchRule rule = classes().should(new ArchCondition<>("use only packages below their own") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                int own = layer(origin);
                origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                    JavaClass target = dependency.getTargetClass();
                    if (target.getPackageName().startsWith("dev.tokenvault") && layer(target) > own) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                });
            }
        });
        rule.check(CLASSES);
    }

    @Test
    void theWiringIsUsedByNobody() {
        noClasses().that().resideOutsideOfPackage("dev.tokenvault.app..")
                .should().dependOnClassesThat().resideInAPackage("dev.tokenvault.app..")
                .check(CLASSES);
    }

    @Test
    void everyPackageIsInALayer() {
        classes().that(new DescribedPredicate<JavaClass>("are tokenvault classes") {
            @Override
            public boolean test(JavaClass input) {
                return !input.getModifiers().contains(JavaModifier.SYNTHETIC);
            }
        }).should(new ArchCondition<>("be in a package of the layer list") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                if (layer(item) < 0) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " is in no known layer"));
                }
            }
        }).check(CLASSES);
    }

    static int layer(JavaClass type) {
        String rest = type.getPackageName().substring(Math.min(type.getPackageName().length(), "dev.tokenvault.".length()));
        String top = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        return LAYERS.indexOf(top);
    }
}
