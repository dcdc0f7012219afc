package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * buildspecs/infra-plan.yml's own logic, on a checkout whose synth and plan step are stand-ins (AtlantisIT runs the real
 * ones against the emulator): every stack but the bootstrap planned, at most PLAN_PARALLELISM at once, each plan's text
 * printed whole in stack order, a failed plan named and failing the build after the others have run, and a failed
 * synth failing it before any plan.
 */
class InfraPlanBuildspecTest {
    private static final Path BUILDSPEC = SynthesizedEnvironments.ROOT.resolve("buildspecs/infra-plan.yml");
    private static final List<String> STACKS = List.of("platform", "web", "payment-service", "orders", "invoices");

    @TempDir
    Path checkout;

    @Test
    void everyStackButTheBootstrapIsPlannedAndPrintedInStackOrder() throws Exception {
        BuildPhase.Result result = BuildPhase.run(BUILDSPEC, standIns(""), "dev", Map.of("PLAN_PARALLELISM", "2"));

        assertEquals(0, result.exitCode(), result.log());
        List<String> headers = result.log().lines().filter(line -> line.startsWith("==> ")).toList();
        assertEquals(STACKS.stream().map(stack -> "==> plan " + stack + " (dev)").toList(), headers);
        for (String stack : STACKS) {
            assertTrue(result.log().contains("==> plan " + stack + " (dev)\nplanned " + stack + "-dev to " + checkout.resolve("plans/" + stack + ".tfplan")
                    + " on commit " + AtlantisRun.HEAD_COMMIT + "\n"), result.log());
        }
        assertFalse(Files.exists(checkout.resolve("plans/bootstrap.txt")), "the bootstrap is not planned");
        // Each stand-in plan lasts 0.3 s, so the first two overlap: two at once, never three.
        assertEquals(2, Files.readAllLines(checkout.resolve("at-once")).stream().mapToInt(Integer::parseInt).max().orElseThrow(),
                "plans at once with PLAN_PARALLELISM=2");
    }

    @Test
    void aFailedPlanIsNamedAndFailsTheBuildOnceTheOthersHaveRun() throws Exception {
        BuildPhase.Result result = BuildPhase.run(BUILDSPEC, standIns("web"), "staging", Map.of());

        assertEquals(1, result.exitCode(), result.log());
        assertTrue(result.log().contains("==> plan web (staging)\nweb-staging: platform-staging is not applied yet\n"), result.log());
        assertTrue(result.log().strip().endsWith("plans failed: web"), result.log());
        for (String stack : List.of("platform", "payment-service", "orders", "invoices")) {
            assertTrue(Files.exists(checkout.resolve("plans/" + stack + ".tfplan")), stack + " planned beside the failed one\n" + result.log());
        }
        assertEquals(List.of(), Files.list(checkout.resolve("plans")).filter(p -> p.toString().endsWith(".failed")).toList(),
                "no marker is left among the artifacts");
    }

    @Test
    void aFailedSynthFailsTheBuildAndPlansNothing() throws Exception {
        standIns("");
        Files.writeString(checkout.resolve("scripts/synth.sh"), "echo 'services.orders.source.connectionArn: not an ARN'; exit 1\n");

        BuildPhase.Result result = BuildPhase.run(BUILDSPEC, checkout, "dev", Map.of());

        assertEquals(new BuildPhase.Result(1, "services.orders.source.connectionArn: not an ARN\n"), result);
        assertEquals(List.of(), Files.list(checkout.resolve("plans")).toList(), "no plan");
    }

    /**
     * A checkout whose synth writes a manifest of the stacks (and the bootstrap) and whose plan step writes its plan
     * file, keeping count of how many plans run at once; the plan of {@code failing} fails as plan.sh does.
     */
    private Path standIns(String failing) throws Exception {
        Files.createDirectories(checkout.resolve("scripts/atlantis"));
        String stacks = Stream.concat(Stream.of("bootstrap"), STACKS.stream()).map(stack -> "\"" + stack + "\": {}")
                .collect(Collectors.joining(", "));
        Files.writeString(checkout.resolve("scripts/synth.sh"), """
                mkdir -p "$2" && echo '{"stacks": {%s}}' > "$2/manifest.json"
                """.formatted(stacks));
        Files.writeString(checkout.resolve("scripts/atlantis/plan.sh"), """
                mkdir -p running && touch "running/$PROJECT_NAME"
                ls running | wc -l >> at-once
                sleep 0.3
                rm "running/$PROJECT_NAME"
                if [ "$PROJECT_NAME" = "%s-$WORKSPACE" ]; then echo "$PROJECT_NAME: platform-$WORKSPACE is not applied yet"; exit 1; fi
                touch "$PLANFILE" && echo "planned $PROJECT_NAME to $PLANFILE on commit $HEAD_COMMIT"
                """.formatted(failing));
        return checkout;
    }
}
