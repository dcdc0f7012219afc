package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** atlantis.yaml is generated from the app and checked in; this fails when the two drift apart. */
class AtlantisConfigTest {
    private static final List<AtlantisConfig.Project> PROJECTS = AtlantisConfig.projects(SynthesizedEnvironments.ROOT);

    @Test
    void theCheckedInFileIsWhatTheAppGenerates() throws Exception {
        String checkedIn = Files.readString(SynthesizedEnvironments.ROOT.resolve(AtlantisConfig.FILE));
        assertEquals(AtlantisConfig.render(PROJECTS), checkedIn,
                "atlantis.yaml is out of date: regenerate it with `sh scripts/app.sh atlantis > atlantis.yaml` and commit it");
    }

    @Test
    void everyStackOfEveryNamedEnvironmentButTheBootstrapIsAProjectInTheEnvironmentsWorkspace() {
        Map<String, String> dev = new TreeMap<>();
        PROJECTS.stream().filter(p -> p.workspace().equals("dev"))
                .forEach(p -> dev.put(p.name(), p.order() + " " + p.dependsOn()));
        assertEquals(Map.of("platform-dev", "0 []", "isolated-network-dev", "1 [platform-dev]", "web-dev", "1 [platform-dev]",
                "payment-service-dev", "1 [platform-dev]", "payments-api-dev", "1 [platform-dev]", "catalog-api-dev", "1 [platform-dev]",
                "orders-dev", "2 [platform-dev, isolated-network-dev]", "invoices-dev", "2 [platform-dev, isolated-network-dev]"), dev);
        assertEquals(List.of("dev", "staging", "prod"), PROJECTS.stream().map(AtlantisConfig.Project::workspace).distinct().toList());
        // prod's invoices deploys to another account: the stack for that account is a project with no dependency.
        assertTrue(PROJECTS.contains(new AtlantisConfig.Project("production-210987654321", "prod", 0, List.of())), PROJECTS.toString());
        assertEquals(25, PROJECTS.size(), "8 stacks in dev and staging, 9 in prod, no bootstrap: " + PROJECTS);
    }

    @Test
    void theFileReadsAsTheProjectsAndTheWorkflowRunsTheProjectsScripts() throws Exception {
        JsonNode atlantis = new ObjectMapper(new YAMLFactory()).readTree(SynthesizedEnvironments.ROOT.resolve(AtlantisConfig.FILE).toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode project : atlantis.path("projects")) {
            names.add(project.path("name").asText());
            String stack = project.path("name").asText().replaceFirst("-" + project.path("workspace").asText() + "$", "");
            assertEquals("atlantis/" + stack, project.path("dir").asText(), "a directory per stack: projects of a workspace plan in parallel");
            assertEquals(AtlantisConfig.WORKFLOW, project.path("workflow").asText());
            assertTrue(project.path("autoplan").path("when_modified").toString().contains("\"../../config/platform.json\""),
                    "when_modified is relative to the project's dir: " + project);
        }
        assertEquals(PROJECTS.stream().map(AtlantisConfig.Project::name).toList(), names);
        JsonNode workflow = atlantis.path("workflows").path(AtlantisConfig.WORKFLOW);
        assertEquals("sh ../../scripts/atlantis/plan.sh", workflow.path("plan").path("steps").get(0).path("run").asText());
        assertEquals("sh ../../scripts/atlantis/apply.sh", workflow.path("apply").path("steps").get(0).path("run").asText());
        assertEquals(1, workflow.path("plan").path("steps").size());
        assertEquals(1, workflow.path("apply").path("steps").size());
    }

    /** Atlantis skips a project whose dir is not in the clone, and git keeps no empty directory. */
    @Test
    void everyStacksProjectDirectoryIsCheckedIn() {
        List<String> missing = PROJECTS.stream().map(AtlantisConfig.Project::dir).distinct()
                .filter(dir -> !Files.isRegularFile(SynthesizedEnvironments.ROOT.resolve(dir).resolve("README.md"))).toList();
        assertEquals(List.of(), missing, "create each with a README.md saying what it is (copy atlantis/web/README.md, naming the stack) "
                + "and commit it");
    }

    @Test
    void theWorkflowFindsEachProjectsStackDirectoryFromItsName() throws Exception {
        for (AtlantisConfig.Project project : PROJECTS) {
            ProcessBuilder derive = new ProcessBuilder("sh", "-c", "printf %s \"${PROJECT_NAME%-\"$WORKSPACE\"}\"");
            derive.environment().put("PROJECT_NAME", project.name());
            derive.environment().put("WORKSPACE", project.workspace());
            Process process = derive.start();
            String stack = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            assertEquals(project.stack(), stack, project.name());
        }
    }
}
