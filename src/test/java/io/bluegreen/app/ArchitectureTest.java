package io.bluegreen.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/** The house rules that keep modules reusable, checked on the main classes of app and modules. */
class ArchitectureTest {
    /** Test classes and the core test-jar are left out: only shipped code is held to these rules. */
    private static final ImportOption MAIN_ONLY = (Location location) ->
            !location.contains("/test-classes/") && !location.contains("-tests.jar");
    private static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(MAIN_ONLY).importPackages("io.bluegreen");

    @Test
    void onlyStacksCreateProvidersAndBackends() {
        noClasses().that().resideOutsideOfPackage("io.bluegreen.app..")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.hashicorp.cdktf.providers.aws.provider.AwsProvider")
                .orShould().dependOnClassesThat().areAssignableTo(com.hashicorp.cdktf.TerraformBackend.class)
                .check(CLASSES);
    }

    /** A module may use another module's reference record (NetworkRef, RegistryRef, ...) and nothing else of it. */
    @Test
    void serviceModulesUseOtherModulesOnlyThroughTheirRefs() {
        DescribedPredicate<JavaClass> notARef = DescribedPredicate.not(JavaClass.Predicates.simpleNameEndingWith("Ref"));
        noClasses().that().resideInAPackage("io.bluegreen.ecs..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("io.bluegreen.vpc..",
                        "io.bluegreen.notifications..").and(notARef))
                .orShould().dependOnClassesThat().resideInAnyPackage("io.bluegreen.registry..", "io.bluegreen.pipeline..",
                        "io.bluegreen.app..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.bluegreen.pipeline..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("io.bluegreen.registry..",
                        "io.bluegreen.notifications..", "io.bluegreen.vpc..").and(notARef))
                .orShould().dependOnClassesThat().resideInAnyPackage("io.bluegreen.app..")
                .check(CLASSES);
    }

    /**
     * The pipeline knows the contracts (BuildKind, DeployTarget) and no delivery target: what deploys
     * to ECS or Lambda lives in {@code actions}, beside the targets, as aws-codepipeline-actions does.
     */
    @Test
    void thePipelineKnowsNoDeliveryTarget() {
        noClasses().that().resideInAPackage("io.bluegreen.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("io.bluegreen.ecs..", "io.bluegreen.lambda..",
                        "io.bluegreen.codedeploy..", "io.bluegreen.actions..")
                .check(CLASSES);
    }

    /**
     * Every module's allowed dependencies on the others, as one table: a new edge fails here until
     * it is added, so the graph stays what the modules' READMEs describe.
     */
    private static final java.util.Map<String, java.util.Set<String>> ALLOWED = java.util.Map.of(
            "core", java.util.Set.of(),
            "vpc", java.util.Set.of("core"),
            "notifications", java.util.Set.of("core"),
            "registry", java.util.Set.of("core"),
            "codedeploy", java.util.Set.of("core"),
            "ledger", java.util.Set.of("core", "notifications"),
            "ecs", java.util.Set.of("core", "codedeploy", "notifications", "vpc"),
            "lambda", java.util.Set.of("core", "codedeploy", "notifications"),
            "pipeline", java.util.Set.of("core", "notifications", "registry", "vpc"),
            "actions", java.util.Set.of("core", "codedeploy", "ecs", "lambda", "pipeline", "registry"));

    @Test
    void eachModuleDependsOnlyOnTheModulesItsRowAllows() {
        java.util.Set<String> modules = new java.util.TreeSet<>(ALLOWED.keySet());
        modules.add("app");
        ALLOWED.forEach((module, allowed) -> {
            String[] refused = modules.stream().filter(other -> !other.equals(module) && !allowed.contains(other))
                    .map(other -> "io.bluegreen." + other + "..").toArray(String[]::new);
            // ArchUnit fails a rule that matches no class, so a module renamed away cannot pass silently.
            noClasses().that().resideInAPackage("io.bluegreen." + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(refused)
                    .because(module + " may use " + allowed + " only (ArchitectureTest.ALLOWED)")
                    .check(CLASSES);
        });
    }

    /**
     * The app's layers run one way: {@code config} reads the files and knows blueprints only as
     * kinds of service; {@code blueprint} builds on it, each blueprint in its own package and none
     * using another's; the stacks and the app (the top package) use both. Nothing imports back up.
     */
    @Test
    void theAppsLayersRunOneWayAndBlueprintsStandAlone() {
        noClasses().that().resideInAPackage("io.bluegreen.app.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.bluegreen.app", "io.bluegreen.app.blueprint..")
                .because("the configuration is the bottom layer (config -> blueprints -> stacks)")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.bluegreen.app.blueprint..")
                .should().dependOnClassesThat().resideInAPackage("io.bluegreen.app")
                .because("blueprints build on the configuration, never on the stacks and app above them")
                .check(CLASSES);
        slices().matching("io.bluegreen.app.blueprint.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    @Test
    void noReflection() {
        noClasses().should().dependOnClassesThat().resideInAPackage("java.lang.reflect..").check(CLASSES);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.bluegreen.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
