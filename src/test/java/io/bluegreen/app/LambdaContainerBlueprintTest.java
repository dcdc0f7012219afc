package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Blueprint C (catalog-api, seed 002) as config/platform.json defines it for dev. */
class LambdaContainerBlueprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SynthResult catalog = SynthesizedEnvironments.stacks("dev").get("catalog-api");

    @Test
    void fiveStagesWithTheApprovalBeforeTheDeploy() {
        List<String> stages = new ArrayList<>();
        catalog.only("aws_codepipeline").path("stage").forEach(stage -> stages.add(stage.path("name").asText()));
        assertEquals(List.of("Source", "Build", "Test", "Manual-Approval", "Deploy"), stages);
        JsonNode deploy = catalog.only("aws_codepipeline").path("stage").get(4).path("action");
        assertEquals(List.of("Publish", "Shift"), List.of(deploy.get(0).path("name").asText(), deploy.get(1).path("name").asText()));
        assertEquals(2, deploy.get(1).path("run_order").asInt(), "the shift after the publish");
        assertEquals("PublishOutput", deploy.get(1).path("input_artifacts").get(0).asText());
        JsonNode source = catalog.only("aws_codepipeline").path("stage").get(0).path("action").get(0).path("configuration");
        assertEquals("true", source.path("DetectChanges").asText(), "C9: a push to main starts it");
        assertEquals("main", source.path("BranchName").asText());
    }

    @Test
    void imageBuildIsMediumPrivilegedAndKeepsItsLayerCacheInItsOwnBucket() {
        JsonNode build = project("cb-catalog-api-build-dev");
        assertEquals("BUILD_GENERAL1_MEDIUM", build.path("environment").path("compute_type").asText());
        assertTrue(build.path("environment").path("privileged_mode").asBoolean());
        assertEquals("S3", build.path("cache").path("type").asText());
        String cacheBucket = catalog.resources("aws_s3_bucket").values().stream().map(b -> b.path("bucket").asText())
                .filter(b -> b.contains("build-cache")).findFirst().orElseThrow();
        assertTrue(cacheBucket.endsWith("-s3-catalog-api-build-cache-dev"), cacheBucket);
        JsonNode cacheEncryption = catalog.resources("aws_s3_bucket_server_side_encryption_configuration").entrySet().stream()
                .filter(e -> e.getKey().startsWith("build-cache")).findFirst().orElseThrow().getValue().path("rule").get(0);
        assertEquals("{\"sse_algorithm\":\"aws:kms\"}", cacheEncryption.path("apply_server_side_encryption_by_default").toString(),
                "the layer cache under aws/s3, as the artifacts");
        assertTrue(build.path("cache").path("location").asText().endsWith("/docker-layers"));
        assertEquals("BUILD_GENERAL1_SMALL", project("cb-catalog-api-test-dev").path("environment").path("compute_type").asText());
    }

    @Test
    void functionRunsTheImageWithTheSeedsLimits() {
        JsonNode function = catalog.only("aws_lambda_function");
        assertEquals("Image", function.path("package_type").asText());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/base/lambda-nodejs:22", function.path("image_uri").asText());
        assertEquals(1024, function.path("memory_size").asInt());
        assertEquals(30, function.path("timeout").asInt());
        assertEquals(50, function.path("reserved_concurrent_executions").asInt());
        assertEquals("CodeDeployDefault.LambdaCanary10Percent5Minutes",
                catalog.only("aws_codedeploy_deployment_group").path("deployment_config_name").asText());
        JsonNode repositoryPolicy = SynthResult.embedded(catalog.only("aws_ecr_repository_policy").path("policy")).path("Statement").get(0);
        assertEquals("lambda.amazonaws.com", repositoryPolicy.path("Principal").path("Service").get(0).asText());
        assertTrue(repositoryPolicy.path("Condition").path("StringLike").path("aws:SourceArn").asText().endsWith(":function:fn-catalog-api-dev"));
    }

    @Test
    void aFailedExecutionSetsOffAnAlarmOnTheTopic() throws Exception {
        JsonNode rule = catalog.resources("aws_cloudwatch_event_rule").values().stream()
                .filter(r -> r.path("name").asText().equals("rule-catalog-api-pipeline-failed-dev")).findFirst().orElseThrow();
        JsonNode pattern = JSON.readTree(rule.path("event_pattern").asText());
        assertEquals("[\"FAILED\"]", pattern.path("detail").path("state").toString());
        assertEquals("[\"pipeline-catalog-api-dev\"]", pattern.path("detail").path("pipeline").toString());
        JsonNode alarm = catalog.resources("aws_cloudwatch_metric_alarm").values().stream()
                .filter(a -> a.path("alarm_name").asText().equals("alarm-catalog-api-pipeline-failed-dev")).findFirst().orElseThrow();
        // A rule's Invocations counts its target's deliveries: the rule has one, the queue that keeps each failure.
        assertEquals("AWS/Events Invocations Sum 300", alarm.path("namespace").asText() + " " + alarm.path("metric_name").asText() + " "
                + alarm.path("statistic").asText() + " " + alarm.path("period").asInt());
        assertEquals(catalog.ref("aws_cloudwatch_event_rule", "pipeline-failed", "name"), alarm.path("dimensions").path("RuleName").asText());
        JsonNode target = catalog.only("aws_cloudwatch_event_target");
        assertEquals(catalog.ref("aws_cloudwatch_event_rule", "pipeline-failed", "name"), target.path("rule").asText());
        assertEquals(catalog.ref("aws_sqs_queue", "pipeline-failures", "arn"), target.path("arn").asText());
        JsonNode queue = catalog.only("aws_sqs_queue");
        assertEquals("sqs-catalog-api-pipeline-failures-dev", queue.path("name").asText());
        assertEquals(1209600, queue.path("message_retention_seconds").asInt());
        assertEquals(catalog.ref("aws_kms_key", "pipeline-failures-key", "arn"), queue.path("kms_master_key_id").asText());
        JsonNode send = JSON.readTree(queue.path("policy").asText()).path("Statement").get(0);
        assertEquals("[\"events.amazonaws.com\"]", send.path("Principal").path("Service").toString());
        assertTrue(send.path("Condition").path("ArnEquals").path("aws:SourceArn").get(0).asText().endsWith(":rule/rule-catalog-api-pipeline-failed-dev"),
                send.toString());
        assertTrue(send.path("Condition").path("StringEquals").path("aws:SourceAccount").asText().contains("aws_caller_identity"), send.toString());
        assertEquals(1, alarm.path("threshold").asInt());
        assertTrue(alarm.path("alarm_actions").get(0).asText().contains("data.aws_sns_topic."));
        assertTrue(catalog.resources("aws_cloudwatch_metric_alarm").values().stream()
                .anyMatch(a -> a.path("alarm_name").asText().equals("alarm-catalog-api-errors-dev")), "C7: errors >= 5 in 5 minutes");
    }

    @Test
    void theToolingAccountsRolesAndCodePipelineMayAssumeTheDeployRoleUnderConditions() throws Exception {
        JsonNode role = catalog.resources("aws_iam_role").values().stream()
                .filter(r -> r.path("name").asText().equals("role-catalog-api-deploy-dev")).findFirst().orElseThrow();
        JsonNode trust = JSON.readTree(role.path("assume_role_policy").asText()).path("Statement");
        assertEquals(2, trust.size());
        assertEquals("codepipeline.amazonaws.com", trust.get(0).path("Principal").path("Service").get(0).asText());
        assertTrue(trust.get(0).path("Condition").path("StringEquals").has("aws:SourceAccount"));
        assertTrue(trust.get(1).path("Principal").path("AWS").get(0).asText().endsWith(":iam::210987654321:root"));
        assertTrue(trust.get(1).path("Condition").path("ArnLike").path("aws:PrincipalArn").asText().endsWith(":iam::210987654321:role/*"));
        assertTrue(catalog.outputs().keySet().containsAll(List.of("pipelineArn", "pipelineConsoleUrl", "repositoryUrl", "functionArn",
                "ledgerTableName")), "C10: " + catalog.outputs().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tooling account not 12 digits | \"toolingAccountId\":\"12345\" | services.api.toolingAccountId must be a 12-digit AWS account id, got '12345'; give the account whose pipelines deploy here (C8), e.g. \"210987654321\"",
        "image not from ECR            | \"initialImage\":\"node:22\" | services.api.initialImage is not an ECR image URI, got 'node:22'; Lambda runs images from ECR only: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>",
        "unknown deployment config     | \"deploymentConfig\":\"LINEAR_5_PERCENT\" | services.api.deploymentConfig is not a known Lambda deployment config, got 'LINEAR_5_PERCENT'; use one of ALL_AT_ONCE, CANARY_10_PERCENT_5_MINUTES, CANARY_10_PERCENT_10_MINUTES, CANARY_10_PERCENT_15_MINUTES, CANARY_10_PERCENT_30_MINUTES, LINEAR_10_PERCENT_EVERY_1_MINUTE, LINEAR_10_PERCENT_EVERY_2_MINUTES, LINEAR_10_PERCENT_EVERY_3_MINUTES, LINEAR_10_PERCENT_EVERY_10_MINUTES",
        "ECS setting on C              | \"containerPort\":8080 | services.api.containerPort only applies to the ECS_FARGATE blueprint, got '8080'; remove it, or set \"blueprint\": \"ECS_FARGATE\"",
        "no initial image              | \"initialImage\":null | services.api.initialImage is required, got ''; add it to config/platform.json",
    })
    void badSettingsStopSynthNamingTheSetting(String why, String setting, String message) throws Exception {
        String base = "{\"blueprint\":\"LAMBDA_CONTAINER\",\"source\":{\"codeCommitRepository\":\"api\"},"
                + "\"initialImage\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1\",\"toolingAccountId\":\"210987654321\"}";
        com.fasterxml.jackson.databind.node.ObjectNode service = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(base);
        JsonNode override = JSON.readTree("{" + setting + "}");
        override.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                service.remove(f.getKey());
            } else {
                service.set(f.getKey(), f.getValue());
            }
        });
        String config = "{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"],\"buildkitImage\":\"buildkit:v1\"},"
                + "\"previewProfile\":\"s\",\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}},\"services\":{\"api\":"
                + service + "}}";
        SettingException error = assertThrows(SettingException.class,
                () -> PlatformConfig.resolve(JSON.readTree(config), new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()), why);
        assertEquals(message, error.getMessage(), why);
    }

    /**
     * The layer cache needs a BuildKit builder: the build runs the account's copy, read at plan
     * time and pinned by digest (an image or repository that is missing stops the plan), never
     * Docker Hub's, which CodeBuild's shared addresses pull under the anonymous rate limit.
     */
    @Test
    void theImageBuildRunsTheAccountsBuildKitPinnedAtPlanTime() {
        JsonNode variable = java.util.stream.StreamSupport.stream(project("cb-catalog-api-build-dev").path("environment")
                .path("environment_variable").spliterator(), false).filter(v -> v.path("name").asText().equals("BUILDKIT_IMAGE"))
                .findFirst().orElseThrow();
        String repository = "data.aws_ecr_repository." + catalog.dataSources("aws_ecr_repository").keySet().iterator().next();
        String image = "data.aws_ecr_image." + catalog.dataSources("aws_ecr_image").keySet().iterator().next();
        assertEquals("${" + repository + ".repository_url}@${" + image + ".image_digest}", variable.path("value").asText());
        assertEquals("buildkit", catalog.dataSources("aws_ecr_repository").values().iterator().next().path("name").asText());
        assertEquals("v0.16.0", catalog.dataSources("aws_ecr_image").values().iterator().next().path("image_tag").asText());
    }

    @Test
    void withoutABuildkitImageACServiceStopsSynthSayingHowToProvideOne() {
        String config = "{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]},"
                + "\"previewProfile\":\"s\",\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}},\"services\":{\"api\":"
                + "{\"blueprint\":\"LAMBDA_CONTAINER\",\"source\":{\"codeCommitRepository\":\"api\"},"
                + "\"initialImage\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1\",\"toolingAccountId\":\"210987654321\"}}}";
        SettingException error = assertThrows(SettingException.class,
                () -> PlatformConfig.resolve(JSON.readTree(config), new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()));
        assertEquals("buildkitImage is required in environment dev by services.api (LAMBDA_CONTAINER), whose layer-cached builds run "
                + "BuildKit, got ''; copy moby/buildkit into an ECR repository of the account once (docs/services.md: BuildKit for blueprint C) "
                + "and name it under settings, e.g. \"buildkitImage\": \"buildkit:v0.16.0\"", error.getMessage());
    }

    private JsonNode project(String name) {
        return catalog.resources("aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
