package io.bluegreen.pipeline;

import static io.bluegreen.pipeline.PipelineFixtures.CONNECTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bluegreen.core.SynthResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The files of buildspecs/ (P9): valid for CodeBuild, and the image build writes what the deploy needs. */
class BuildspecTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PHASES = Set.of("install", "pre_build", "build", "post_build");
    private static SynthResult synth;

    @BeforeAll
    static void synthBlueprintAInSmall() {
        synth = SynthResult.of(PipelineFixtures.build(new Source.GitHub(CONNECTION, "acme/web", "main"),
                PipelineFixtures.stages()).stack());
    }

    @ParameterizedTest
    @EnumSource(Buildspec.class)
    void parsesWithTheVersionAndPhasesCodeBuildExpects(Buildspec buildspec) throws IOException {
        JsonNode spec = YAML.readTree(buildspec.text());
        assertEquals("0.2", spec.path("version").asText());
        assertTrue(spec.path("phases").isObject() && spec.path("phases").size() > 0, buildspec + " has no phases");
        spec.path("phases").fields().forEachRemaining(phase -> {
            assertTrue(PHASES.contains(phase.getKey()), buildspec + " has an unknown phase " + phase.getKey());
            assertTrue(phase.getValue().path("commands").isArray() && phase.getValue().path("commands").size() > 0,
                    buildspec + " phase " + phase.getKey() + " has no commands");
        });
    }

    @Test
    void testBuildspecsPublishJUnitReports() throws IOException {
        for (Buildspec buildspec : List.of(Buildspec.UNIT_TEST, Buildspec.INTEGRATION_TEST)) {
            JsonNode reports = YAML.readTree(buildspec.text()).path("reports");
            assertEquals(1, reports.size(), buildspec.toString());
            assertEquals("JUNITXML", reports.elements().next().path("file-format").asText());
        }
    }

    @Test
    void imageBuildReadsRegistryCredentialsFromSecretsManagerAndShipsTheDeployArtifacts() throws IOException {
        JsonNode spec = YAML.readTree(Buildspec.IMAGE_BUILD.text());
        assertEquals(Map.of("REGISTRY_USERNAME", "@REGISTRY_SECRET@:username", "REGISTRY_PASSWORD", "@REGISTRY_SECRET@:password"),
                JSON.convertValue(spec.path("env").path("secrets-manager"), Map.class));
        assertEquals("[\"imagedefinitions.json\",\"imageDetail.json\",\"taskdef.json\",\"appspec.yaml\"]",
                spec.path("artifacts").path("files").toString());
    }

    /**
     * Runs the image build's post_build commands as CodeBuild would, with the project's own
     * variables (tokens given stand-in values) and an {@code aws} command that answers with the
     * synthesized task definition, then compares the artifacts with the synthesized service.
     */
    @Test
    void artifactsNameTheSynthesizedContainerPortAndFamily(@TempDir Path work) throws Exception {
        JsonNode task = synth.only("aws_ecs_task_definition");
        JsonNode loadBalancer = synth.only("aws_ecs_service").path("load_balancer").get(0);
        ObjectNode running = JSON.createObjectNode()
                .put("taskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/" + task.path("family").asText() + ":3")
                .put("family", task.path("family").asText())
                .put("executionRoleArn", "arn:aws:iam::123456789012:role/role-web-task-execution-dev")
                .put("taskRoleArn", "arn:aws:iam::123456789012:role/role-web-task-dev")
                .put("networkMode", task.path("network_mode").asText())
                .put("cpu", task.path("cpu").asText())
                .put("memory", task.path("memory").asText())
                .put("revision", 3)
                .put("status", "ACTIVE");
        running.set("containerDefinitions", SynthResult.embedded(task.path("container_definitions")));
        running.set("requiresCompatibilities", task.path("requires_compatibilities"));
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.writeString(work.resolve("running-taskdef.json"), running.toString());
        Path aws = bin.resolve("aws");
        Files.writeString(aws, "#!/bin/sh\n# stands in for: aws ecs describe-task-definition --query taskDefinition\n"
                + "[ \"$1 $2\" = \"ecs describe-task-definition\" ] || exit 9\ncat \"" + work.resolve("running-taskdef.json") + "\"\n");
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));

        Map<String, String> variables = new TreeMap<>();
        project("cb-web-image-build-dev").path("environment").path("environment_variable")
                .forEach(v -> variables.put(v.path("name").asText(), v.path("value").asText()));
        Map<String, String> standIns = Map.of(
                synth.ref("aws_ecr_repository", "repository_url"), "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev",
                synth.ref("aws_ecs_task_definition", "family"), task.path("family").asText());
        variables.replaceAll((name, value) -> standIns.getOrDefault(value, value));

        List<String> script = new ArrayList<>(List.of("set -eu", "IMAGE_TAG=0123456789ab"));
        YAML.readTree(project("cb-web-image-build-dev").path("source").path("buildspec").asText().replace("$${", "${").replace("%%{", "%{"))
                .path("phases").path("post_build").path("commands").forEach(command -> script.add(command.asText()));
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", String.join("\n", script)).directory(work.toFile()).redirectErrorStream(true);
        bash.environment().putAll(variables);
        bash.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = bash.start();
        String log = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), log);

        JsonNode taskdef = JSON.readTree(work.resolve("taskdef.json").toFile());
        assertEquals(task.path("family").asText(), taskdef.path("family").asText());
        JsonNode container = taskdef.path("containerDefinitions").get(0);
        assertEquals(loadBalancer.path("container_name").asText(), container.path("name").asText());
        assertEquals(loadBalancer.path("container_port").asInt(), container.path("portMappings").get(0).path("containerPort").asInt());
        assertEquals("<IMAGE1_NAME>", container.path("image").asText());
        assertTrue(taskdef.path("revision").isMissingNode() && taskdef.path("status").isMissingNode(),
                "read-only fields must be dropped: " + taskdef);

        JsonNode appspec = YAML.readTree(work.resolve("appspec.yaml").toFile());
        JsonNode target = appspec.path("Resources").get(0).path("TargetService");
        assertEquals("AWS::ECS::Service", target.path("Type").asText());
        assertEquals("<TASK_DEFINITION>", target.path("Properties").path("TaskDefinition").asText());
        assertEquals(loadBalancer.path("container_name").asText(), target.path("Properties").path("LoadBalancerInfo").path("ContainerName").asText());
        assertEquals(loadBalancer.path("container_port").asInt(), target.path("Properties").path("LoadBalancerInfo").path("ContainerPort").asInt());

        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev:0123456789ab";
        assertEquals("[{\"name\":\"app\",\"imageUri\":\"" + image + "\"}]", JSON.readTree(work.resolve("imagedefinitions.json").toFile()).toString());
        assertEquals(image, JSON.readTree(work.resolve("imageDetail.json").toFile()).path("ImageURI").asText());
    }

    private static JsonNode project(String name) {
        return synth.resources("aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
