package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** atlantis.yaml stays in step with the app: one project per named environment and S3-backed stack. */
class AtlantisConfigTest {
    private static final String WORKFLOW = "stack";
    private static final JsonNode ATLANTIS = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(SynthesizedEnvironments.ROOT.resolve("atlantis.yaml").toFile());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyNamedEnvironmentHasAProjectInItsOwnWorkspace() throws Exception {
        JsonNode config = new ObjectMapper().readTree(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE).toFile());
        Set<String> expected = new TreeSet<>();
        config.path("environments").fieldNames().forEachRemaining(env -> {
            EnvironmentConfig resolved = PlatformConfig.load(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE),
                    new io.bluegreen.core.EnvironmentSuffix(env));
            // The platform first, then what reads it, then the services that also read the isolated network.
            expected.add(PlatformStack.NAME + "-" + env + " @ " + env + " order 0");
            boolean isolated = resolved.services().stream().anyMatch(ServiceConfig.IsolatedEcs.class::isInstance);
            if (isolated) {
                expected.add(IsolatedNetworkStack.NAME + "-" + env + " @ " + env + " order 1");
            }
            resolved.services().forEach(service -> {
                boolean readsTheNetwork = service instanceof ServiceConfig.IsolatedEcs;
                expected.add(service.name() + "-" + env + " @ " + env + " order " + (readsTheNetwork ? 2 : 1));
                if (service instanceof ServiceConfig.IsolatedEcs e) {
                    e.productionAccount().ifPresent(account ->
                            expected.add(ProductionAccessStack.name(account) + "-" + env + " @ " + env + " order 1"));
                }
            });
        });
        Set<String> actual = new TreeSet<>();
        for (JsonNode project : ATLANTIS.path("projects")) {
            actual.add(project.path("name").asText() + " @ " + project.path("workspace").asText() + " order "
                    + project.path("execution_order_group").asInt());
            assertEquals(".", project.path("dir").asText());
            assertEquals(WORKFLOW, project.path("workflow").asText());
            assertTrue(project.path("autoplan").path("when_modified").toString().contains("config/platform.json"));
        }
        assertEquals(expected, actual);
    }

    @Test
    void workflowSynthesizesForTheWorkspaceAndPlansTheStackInIt() {
        List<String> plan = runSteps(ATLANTIS.path("workflows").path(WORKFLOW).path("plan"));
        assertEquals("ENVIRONMENT_SUFFIX=$WORKSPACE npx --no-install cdktf synth", plan.get(2));
        assertEquals("cd \"cdktf.out/stacks/${PROJECT_NAME%-$WORKSPACE}\" && TF_WORKSPACE=$WORKSPACE terraform plan -input=false -out=$PLANFILE",
                plan.get(plan.size() - 1));
        assertEquals(List.of("cd \"cdktf.out/stacks/${PROJECT_NAME%-$WORKSPACE}\" && TF_WORKSPACE=$WORKSPACE terraform apply -input=false $PLANFILE"),
                runSteps(ATLANTIS.path("workflows").path(WORKFLOW).path("apply")));
    }

    @Test
    void theWorkflowFindsEachProjectsStackDirectoryFromItsName() throws Exception {
        for (JsonNode project : ATLANTIS.path("projects")) {
            String name = project.path("name").asText();
            ProcessBuilder derive = new ProcessBuilder("sh", "-c", "printf %s \"${PROJECT_NAME%-$WORKSPACE}\"");
            derive.environment().put("PROJECT_NAME", name);
            derive.environment().put("WORKSPACE", project.path("workspace").asText());
            Process process = derive.start();
            String stack = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            String workspace = project.path("workspace").asText();
            assertTrue(SynthesizedEnvironments.stacks(workspace.equals("staging") ? "dev" : workspace).containsKey(stack),
                    name + " gives the unknown stack '" + stack + "'");
        }
    }

    private static List<String> runSteps(JsonNode stage) {
        List<String> steps = new ArrayList<>();
        stage.path("steps").forEach(step -> steps.add(step.path("run").asText()));
        return steps;
    }
}
