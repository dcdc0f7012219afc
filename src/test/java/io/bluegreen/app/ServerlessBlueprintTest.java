package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SynthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Blueprint D (payments-api, seed 003) as config/platform.json defines it for dev. */
class ServerlessBlueprintTest {
    private final SynthResult payments = SynthesizedEnvironments.stacks("dev").get("payments-api");

    @Test
    void fourStagesAndNoApproval() {
        List<String> stages = new ArrayList<>();
        payments.only("aws_codepipeline").path("stage").forEach(stage -> stages.add(stage.path("name").asText()));
        assertEquals(List.of("Source", "Build", "Deploy-Blue", "Switch-Traffic"), stages);
        assertFalse(payments.only("aws_codepipeline").toString().contains("\"Approval\""));
    }

    @Test
    void eachStageHandsItsArtifactToTheNext() {
        JsonNode stages = payments.only("aws_codepipeline").path("stage");
        assertEquals(List.of("SourceOutput"), texts(stages.get(0).path("action").get(0).path("output_artifacts")));
        assertEquals(List.of("SourceOutput"), texts(stages.get(1).path("action").get(0).path("input_artifacts")));
        assertEquals(List.of("BuildOutput"), texts(stages.get(1).path("action").get(0).path("output_artifacts")));
        assertEquals(List.of("BuildOutput"), texts(stages.get(2).path("action").get(0).path("input_artifacts")));
        assertEquals(List.of("DeployBlueOutput"), texts(stages.get(2).path("action").get(0).path("output_artifacts")));
        assertEquals(List.of("DeployBlueOutput"), texts(stages.get(3).path("action").get(0).path("input_artifacts")));
    }

    @Test
    void buildIsSmallAndRunsTheTypeScriptBuildAndJestWithAReport() {
        JsonNode build = project("cb-payments-api-build-dev");
        assertEquals("BUILD_GENERAL1_SMALL", build.path("environment").path("compute_type").asText());
        assertTrue(build.path("source").path("buildspec").asText().contains("npm test"));
        assertEquals(3, payments.resources("aws_codebuild_project").size());
        assertEquals(1, payments.resources("aws_codebuild_report_group").size());
        // LINEAR_10_PERCENT_EVERY_10_MINUTES shifts over 90 minutes; the build waits that and 30 more.
        assertEquals(120, project("cb-payments-api-switch-traffic-dev").path("build_timeout").asInt());
        Map<String, String> shift = variables(project("cb-payments-api-switch-traffic-dev"));
        assertEquals(List.of("ALIAS_NAME", "APPLICATION_NAME", "DEPLOYMENT_GROUP_NAME", "FUNCTION_NAME"), List.copyOf(shift.keySet()));
        assertEquals(payments.ref("aws_codedeploy_deployment_group", "deployment_group_name"), shift.get("DEPLOYMENT_GROUP_NAME"));
    }

    @Test
    void functionIsTheSeedsAndStartsWithThePlaceholder() {
        JsonNode function = payments.only("aws_lambda_function");
        assertEquals("fn-payments-api-dev", function.path("function_name").asText());
        assertEquals(512, function.path("memory_size").asInt());
        assertEquals(100, function.path("reserved_concurrent_executions").asInt());
        assertEquals("nodejs22.x", function.path("runtime").asText());
        assertEquals("handler.handler", function.path("handler").asText());
        assertEquals(payments.ref("aws_ssm_parameter", "notice", "name"),
                function.path("environment").path("variables").path("NOTICE_PARAMETER").asText());
        JsonNode group = payments.only("aws_codedeploy_deployment_group");
        assertEquals("CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", group.path("deployment_config_name").asText());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"), texts(group.path("auto_rollback_configuration").path("events")));
        assertEquals(2, group.path("alarm_configuration").path("alarms").size());
    }

    /** D7, "SSE with AWS-managed keys": SSE-KMS under the account's aws/s3 key, everywhere an artifact is written. */
    @Test
    void artifactsAreUnderTheAwsManagedKeyAndOldVersionsGoAfter30Days() {
        JsonNode encryption = payments.only("aws_s3_bucket_server_side_encryption_configuration").path("rule").get(0);
        assertEquals("{\"sse_algorithm\":\"aws:kms\"}", encryption.path("apply_server_side_encryption_by_default").toString(),
                "aws:kms without a key id: S3 uses aws/s3");
        assertTrue(payments.only("aws_codepipeline").path("artifact_store").get(0).path("encryption_key").isMissingNode(),
                "CodePipeline without a key of its own writes under aws/s3");
        payments.resources("aws_codebuild_project").values().forEach(project ->
                assertTrue(project.path("encryption_key").isMissingNode(), "CodeBuild without a key writes under aws/s3: " + project.path("name")));
        JsonNode keyPolicy = SynthResult.embedded(payments.resources("aws_kms_key").entrySet().stream()
                .filter(e -> e.getKey().startsWith("pipeline_key")).findFirst().orElseThrow().getValue().path("policy"));
        List<String> sids = new ArrayList<>();
        keyPolicy.path("Statement").forEach(statement -> sids.add(statement.path("Sid").asText()));
        assertEquals(List.of("AccountAdministers", "CloudWatchLogsEncrypt"), sids, "no role needs the pipeline's key for artifacts under aws/s3");
        assertEquals("Enabled", payments.only("aws_s3_bucket_versioning").path("versioning_configuration").path("status").asText());
        assertTrue(payments.only("aws_s3_bucket_lifecycle_configuration").toString().contains("\"noncurrent_days\":30"));
    }

    @Test
    void aZipDeliveryHasNoRegistryAndNoRegistrySecret() {
        assertTrue(payments.resources("aws_ecr_repository").isEmpty());
        assertTrue(payments.resources("aws_secretsmanager_secret").isEmpty());
    }

    @Test
    void managedPoliciesOnlyAndEveryRoleScoped() {
        assertTrue(payments.resources("aws_iam_role_policy").isEmpty(), "no inline policies (D8)");
        assertTrue(payments.resources("aws_iam_role").values().stream().allMatch(r -> r.path("inline_policy").isMissingNode()));
    }

    @Test
    void outputsTheExecutionUrlAndTheLedger() {
        Map<String, JsonNode> outputs = payments.outputs();
        assertTrue(outputs.get("pipelineExecutionUrl").path("value").asText().contains(".console.aws.amazon.com/codesuite/codepipeline/pipelines/"));
        assertEquals(payments.root().path("data").path("aws_dynamodb_table").fieldNames().next(),
                outputs.get("ledgerTableName").path("value").asText().replaceAll("^\\$\\{data\\.aws_dynamodb_table\\.([^.]+)\\.name}$", "$1"));
        assertEquals("ddb-ledger-dev", payments.root().path("data").path("aws_dynamodb_table").elements().next().path("name").asText());
    }

    private JsonNode project(String name) {
        return payments.resources("aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> variables(JsonNode project) {
        Map<String, String> variables = new TreeMap<>();
        project.path("environment").path("environment_variable").forEach(v -> variables.put(v.path("name").asText(), v.path("value").asText()));
        return variables;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
