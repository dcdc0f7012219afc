package io.bluegreen.pipeline;

import static io.bluegreen.pipeline.PipelineFixtures.CONNECTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bluegreen.actions.ecs.ScaleFromZero;
import io.bluegreen.actions.ecs.SourceDefinedImage;
import io.bluegreen.actions.lambda.LambdaBuild;
import io.bluegreen.actions.ecs.ContainerImage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bluegreen.core.SynthResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files of buildspecs/ (P9): valid for CodeBuild, and their commands, run here with the
 * synthesized project's variables and stand-ins for {@code aws} and {@code docker}, do what the
 * deployment needs.
 */
class BuildspecTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PHASES = Set.of("install", "pre_build", "build", "post_build");
    /** What DescribeTaskDefinition adds and RegisterTaskDefinition refuses. */
    private static final List<String> READ_ONLY = List.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
            "compatibilities", "registeredAt", "registeredBy", "deregisteredAt");
    private static SynthResult synth;

    @BeforeAll
    static void synthBlueprintAInSmall() {
        synth = SynthResult.of(PipelineFixtures.build(new Source.GitHub(CONNECTION, "acme/web", "main"),
                PipelineFixtures.stages()).stack());
    }

    /** Every buildspec a build kind runs: the tests' and the ECS and Lambda kinds'. */
    static List<Buildspec> buildspecs() {
        return List.of(Buildspec.UNIT_TEST, Buildspec.INTEGRATION_TEST, ContainerImage.BUILDSPEC, ScaleFromZero.BUILDSPEC,
                SourceDefinedImage.BUILDSPEC, LambdaBuild.ZIP_BUILDSPEC, LambdaBuild.IMAGE_BUILDSPEC, LambdaBuild.PUBLISH_BUILDSPEC,
                LambdaBuild.IMAGE_PUBLISH_BUILDSPEC, LambdaBuild.SHIFT_BUILDSPEC);
    }

    @Test
    void everyFileOfBuildspecsIsOneKindsExceptTheInfraPlanAndDriftCheckWhichTheAppRuns() throws IOException {
        List<String> files;
        try (var listing = java.nio.file.Files.list(java.nio.file.Path.of("../../buildspecs"))) {
            files = listing.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".yml")).sorted().toList();
        }
        List<String> named = new java.util.ArrayList<>(buildspecs().stream().map(Buildspec::fileName).toList());
        named.addAll(List.of("infra-plan.yml", "drift-check.yml"));
        assertEquals(files, named.stream().sorted().toList());
    }

    @ParameterizedTest
    @MethodSource("buildspecs")
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

    @ParameterizedTest
    @MethodSource("buildspecs")
    void testsArePublishedToTheReportGroupThePipelineDeclares(Buildspec buildspec) throws IOException {
        JsonNode reports = YAML.readTree(buildspec.text()).path("reports");
        assertEquals(buildspec.reportsTests(), !reports.isMissingNode(), buildspec.toString());
        if (buildspec.reportsTests()) {
            assertEquals(List.of(Buildspec.REPORT_GROUP_PLACEHOLDER), List.copyOf(iterable(reports.fieldNames())));
            assertEquals("JUNITXML", reports.path(Buildspec.REPORT_GROUP_PLACEHOLDER).path("file-format").asText());
        }
    }

    @Test
    void imageBuildShipsTheDeployArtifactsAndLeavesSecretsToItsOwnCommands() throws IOException {
        JsonNode spec = YAML.readTree(ContainerImage.BUILDSPEC.text());
        // No secrets-manager section: CodeBuild would fail every build of a secret nobody has set.
        assertTrue(spec.path("env").path("secrets-manager").isMissingNode(), spec.path("env").toString());
        assertEquals("[\"imagedefinitions.json\",\"imageDetail.json\",\"taskdef.json\",\"appspec.yaml\"]",
                spec.path("artifacts").path("files").toString());
        assertFalse(ContainerImage.BUILDSPEC.text().contains(":latest"), "nothing may name a tag that moves");
    }

    /**
     * The pre_build phase against the registry secret as people leave it: never set (the build
     * pulls base images anonymously), set (it logs in to Docker Hub with the stored credentials),
     * or unreadable (the build stops and says why).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "never set  | echo 'An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation' >&2; exit 254 | 0 | login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "set        | echo '{\"username\":\"acme\",\"password\":\"s3cret\"}'                                                  | 0 | login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com;login --username acme --password-stdin",
        "refused    | echo 'An error occurred (AccessDeniedException) when calling the GetSecretValue operation' >&2; exit 254      | 1 | login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com",
    })
    void imageBuildLogsInToTheRegistryOnlyWithStoredCredentials(String why, String secret, int exitCode, String dockerCalls,
                                                                @TempDir Path work) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        stub(bin, "aws", "case \"$1 $2\" in\n"
                + "  \"ecr get-login-password\") echo token ;;\n"
                + "  \"secretsmanager get-secret-value\") [ \"$4\" = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:secret-web-registry-dev-AbCdEf\" ] || exit 8\n"
                + "    " + secret + " ;;\n"
                + "  *) exit 9 ;;\nesac\n");
        stub(bin, "docker", "cat > /dev/null; echo \"$*\" >> \"" + work.resolve("docker.calls") + "\"\n");
        BuildspecRunner.Result result = run(imageBuildProject(), "pre_build", work, bin,
                Map.of("CODEBUILD_RESOLVED_SOURCE_VERSION", "0123456789abcdef", "AWS_REGION", "us-east-1"));
        assertEquals(exitCode, result.exitCode(), why + ": " + result.log());
        assertEquals(List.of(dockerCalls.split(";")), Files.readAllLines(work.resolve("docker.calls")), why);
        assertFalse(result.log().contains("s3cret"), "the password never reaches the build log");
    }

    /**
     * The build phase against a repository whose tags are immutable: a new commit is built and
     * pushed under its tag only; a retried run of a commit whose image exists deploys that image
     * without pushing; any other registry error stops the build.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "new commit    | ImageNotFoundException | 0 | build --tag 123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev:0123456789ab .;push 123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev:0123456789ab",
        "retried run   | exists                 | 0 | ",
        "access denied | AccessDeniedException  | 1 | ",
    })
    void imageIsPushedOnceUnderItsCommitTag(String why, String registry, int exitCode, String dockerCalls, @TempDir Path work)
            throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        stub(bin, "aws", "[ \"$1 $2\" = \"ecr describe-images\" ] || exit 9\n"
                + "[ \"$4\" = \"ecr-web-dev\" ] && [ \"$6\" = \"imageTag=0123456789ab\" ] || exit 8\n"
                + ("exists".equals(registry) ? "echo '{}'\n" : "echo 'An error occurred (" + registry + ")' >&2; exit 254\n"));
        stub(bin, "docker", "echo \"$*\" >> \"" + work.resolve("docker.calls") + "\"\n");
        BuildspecRunner.Result result = run(imageBuildProject(), "build", work, bin, Map.of("IMAGE_TAG", "0123456789ab"));
        assertEquals(exitCode, result.exitCode(), why + ": " + result.log());
        List<String> calls = Files.exists(work.resolve("docker.calls")) ? Files.readAllLines(work.resolve("docker.calls")) : List.of();
        assertEquals(dockerCalls == null ? List.of() : List.of(dockerCalls.split(";")), calls, why);
    }

    /**
     * The post_build phase as CodeBuild runs it, with an {@code aws} that answers with a running
     * ARM64 task definition holding ephemeral storage and more: taskdef.json keeps every field
     * RegisterTaskDefinition accepts, drops only the read-only ones, and names the new image.
     */
    @Test
    void taskdefCopiesTheRunningDefinitionFaithfullyAndAppspecNamesTheSynthesizedContainer(@TempDir Path work) throws Exception {
        JsonNode task = synth.only("aws_ecs_task_definition");
        JsonNode loadBalancer = synth.only("aws_ecs_service").path("load_balancer").get(0);
        ObjectNode running = JSON.createObjectNode()
                .put("taskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/task-web-dev:3")
                .put("family", "task-web-dev")
                .put("executionRoleArn", "arn:aws:iam::123456789012:role/role-web-task-execution-dev")
                .put("taskRoleArn", "arn:aws:iam::123456789012:role/role-web-task-dev")
                .put("networkMode", task.path("network_mode").asText())
                .put("cpu", task.path("cpu").asText())
                .put("memory", task.path("memory").asText())
                .put("pidMode", "task")
                .put("revision", 3)
                .put("status", "ACTIVE")
                .put("registeredAt", 1732000000.123)
                .put("registeredBy", "arn:aws:sts::123456789012:assumed-role/role-web-pipeline-dev/1")
                .put("enableFaultInjection", false);
        running.set("containerDefinitions", SynthResult.embedded(task.path("container_definitions")));
        running.set("requiresCompatibilities", task.path("requires_compatibilities"));
        running.set("compatibilities", JSON.readTree("[\"EC2\",\"FARGATE\"]"));
        running.set("requiresAttributes", JSON.readTree("[{\"name\":\"com.amazonaws.ecs.capability.logging-driver.awslogs\"}]"));
        running.set("runtimePlatform", JSON.readTree("{\"cpuArchitecture\":\"ARM64\",\"operatingSystemFamily\":\"LINUX\"}"));
        running.set("ephemeralStorage", JSON.readTree("{\"sizeInGiB\":50}"));
        running.set("volumes", JSON.readTree("[{\"name\":\"scratch\"}]"));
        running.set("placementConstraints", JSON.readTree("[]"));
        running.set("proxyConfiguration", JSON.readTree("{\"type\":\"APPMESH\",\"containerName\":\"envoy\",\"properties\":[]}"));
        running.set("inferenceAccelerators", JSON.readTree("[]"));
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.writeString(work.resolve("running-taskdef.json"), running.toString());
        stub(bin, "aws", "# stands in for: aws ecs describe-task-definition --query taskDefinition\n"
                + "[ \"$1 $2\" = \"ecs describe-task-definition\" ] || exit 9\ncat \"" + work.resolve("running-taskdef.json") + "\"\n");

        BuildspecRunner.Result result = run(imageBuildProject(), "post_build", work, bin, Map.of("IMAGE_TAG", "0123456789ab"));
        assertEquals(0, result.exitCode(), result.log());

        ObjectNode expected = running.deepCopy();
        READ_ONLY.forEach(expected::remove);
        ((ObjectNode) expected.path("containerDefinitions").get(0)).put("image", "<IMAGE1_NAME>");
        assertEquals(expected, JSON.readTree(work.resolve("taskdef.json").toFile()));
        JsonNode container = expected.path("containerDefinitions").get(0);
        assertEquals(loadBalancer.path("container_name").asText(), container.path("name").asText());

        JsonNode appspec = YAML.readTree(work.resolve("appspec.yaml").toFile());
        assertEquals(List.of(), AppSpecs.ecsProblems(appspec), appspec.toString());
        JsonNode target = appspec.path("Resources").get(0).path("TargetService");
        assertEquals("AWS::ECS::Service", target.path("Type").asText());
        assertEquals("<TASK_DEFINITION>", target.path("Properties").path("TaskDefinition").asText());
        assertEquals(loadBalancer.path("container_name").asText(), target.path("Properties").path("LoadBalancerInfo").path("ContainerName").asText());
        assertEquals(loadBalancer.path("container_port").asInt(), target.path("Properties").path("LoadBalancerInfo").path("ContainerPort").asInt());

        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev:0123456789ab";
        assertEquals("[{\"name\":\"app\",\"imageUri\":\"" + image + "\"}]", JSON.readTree(work.resolve("imagedefinitions.json").toFile()).toString());
        assertEquals(image, JSON.readTree(work.resolve("imageDetail.json").toFile()).path("ImageURI").asText());
    }

    /** After the first deployment a service that started empty gets its desired count, once. */
    @ParameterizedTest(name = "running {0} tasks")
    @CsvSource({"0, 'update-service --cluster ecs-web-dev --service svc-web-dev --desired-count 2'", "2, ''"})
    void scaleFromZeroSetsTheDesiredCountOnlyWhenTheServiceRunsNothing(int running, String update, @TempDir Path work) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        stub(bin, "aws", "case \"$2\" in\n"
                + "  describe-services) [ \"$4 $6 $8\" = \"ecs-web-dev svc-web-dev services[0].desiredCount\" ] || exit 8; echo " + running + ";;\n"
                + "  update-service) shift; echo \"$*\" >> \"" + work.resolve("updates") + "\"; echo '{}';;\n"
                + "  *) exit 9;;\nesac\n");
        BuildspecRunner.Result result = run(project("cb-web-scale-up-dev"), "build", work, bin, Map.of());
        assertEquals(0, result.exitCode(), result.log());
        List<String> updates = Files.exists(work.resolve("updates")) ? Files.readAllLines(work.resolve("updates")) : List.of();
        assertEquals(update.isEmpty() ? List.of() : List.of(update), updates, result.log());
    }

    private static BuildspecRunner.Result run(JsonNode project, String phase, Path work, Path bin, Map<String, String> extra)
            throws Exception {
        Map<String, String> standIns = Map.of(
                synth.ref("aws_ecr_repository", "repository_url"), "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev",
                synth.ref("aws_ecs_task_definition", "family"), "task-web-dev",
                synth.ref("aws_ecs_cluster", "name"), "ecs-web-dev",
                synth.ref("aws_ecs_service", "name"), "svc-web-dev",
                synth.ref("aws_secretsmanager_secret", "arn"), "arn:aws:secretsmanager:us-east-1:123456789012:secret:secret-web-registry-dev-AbCdEf");
        return BuildspecRunner.run(project, phase, work, bin, standIns, extra, 60);
    }

    private static JsonNode imageBuildProject() {
        return project("cb-web-image-build-dev");
    }

    private static void stub(Path bin, String command, String body) throws IOException {
        BuildspecRunner.stub(bin, command, body);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }

    private static JsonNode project(String name) {
        return synth.resources("aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
