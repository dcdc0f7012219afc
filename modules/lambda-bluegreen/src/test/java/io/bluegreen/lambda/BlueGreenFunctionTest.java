package io.bluegreen.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import io.bluegreen.notifications.NotificationsRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlueGreenFunctionTest {
    static final Naming DEV = Naming.of("dev");
    static final NotificationsRef TOPIC = new NotificationsRef("arn:aws:sns:us-east-1:123456789012:sns-notifications-dev",
            "sns-notifications-dev", "arn:aws:kms:us-east-1:123456789012:key/topic");
    static final Path CODE = Path.of("src/test/resources/sample-function");
    static final FunctionCode ZIP = new FunctionCode.Zip(CODE, "index.handler", LambdaRuntime.NODEJS_22_X);
    private static SynthResult zip;

    @BeforeAll
    static void synthZipFunction() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenFunction(stack, "orders", BlueGreenFunctionProps.builder(DEV, "orders", TOPIC, ZIP)
                .reservedConcurrency(100).environment(Map.of("TABLE", "ddb-orders-dev")).build());
        zip = SynthResult.of(stack);
    }

    @Test
    void functionRunsTheZippedCodeWithItsRoleKeyAndLimitsAndPublishesVersions() {
        JsonNode function = zip.only("aws_lambda_function");
        assertEquals("fn-orders-dev", function.path("function_name").asText());
        assertEquals("Zip", function.path("package_type").asText());
        assertEquals("nodejs22.x", function.path("runtime").asText());
        assertEquals("index.handler", function.path("handler").asText());
        assertTrue(function.path("filename").asText().startsWith("assets/"), function.path("filename").asText());
        assertTrue(function.path("filename").asText().endsWith("/archive.zip"));
        assertEquals(512, function.path("memory_size").asInt());
        assertEquals(30, function.path("timeout").asInt());
        assertEquals(100, function.path("reserved_concurrent_executions").asInt());
        assertTrue(function.path("publish").asBoolean());
        assertEquals(zip.ref("aws_iam_role", "orders_role_", "arn"), function.path("role").asText());
        assertEquals(zip.ref("aws_kms_key", "arn"), function.path("kms_key_arn").asText());
        assertEquals("PassThrough", function.path("tracing_config").path("mode").asText());
        assertEquals("ddb-orders-dev", function.path("environment").path("variables").path("TABLE").asText());
        assertEquals(List.of("filename", "source_code_hash", "image_uri", "s3_bucket", "s3_key", "s3_object_version"),
                texts(function.path("lifecycle").path("ignore_changes")));
        List<String> dependsOn = texts(function.path("depends_on"));
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_cloudwatch_log_group.")), dependsOn.toString());
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_iam_role_policy_attachment.")), dependsOn.toString());
    }

    @Test
    void aliasServesThePublishedVersionAndLeavesShiftsToCodeDeploy() {
        JsonNode alias = zip.only("aws_lambda_alias");
        assertEquals("live", alias.path("name").asText());
        assertEquals(zip.ref("aws_lambda_function", "version"), alias.path("function_version").asText());
        assertEquals(List.of("function_version", "routing_config"), texts(alias.path("lifecycle").path("ignore_changes")));
    }

    @Test
    void logGroupIsTheFunctionsOwnEncryptedFor30Days() {
        JsonNode group = zip.only("aws_cloudwatch_log_group");
        assertEquals("/aws/lambda/fn-orders-dev", group.path("name").asText());
        assertEquals(30, group.path("retention_in_days").asInt());
        assertEquals(zip.ref("aws_kms_key", "arn"), group.path("kms_key_id").asText());
    }

    @Test
    void roleWritesOnlyItsOwnLogsAndHasNoTracingPolicyWithoutTracing() throws Exception {
        JsonNode policy = SynthResult.embedded(zip.only("aws_iam_policy").path("policy"));
        assertEquals(1, policy.path("Statement").size());
        JsonNode statement = policy.path("Statement").get(0);
        assertEquals(List.of("logs:CreateLogStream", "logs:PutLogEvents"), texts(statement.path("Action")));
        assertTrue(statement.path("Resource").asText().endsWith(":log-group:/aws/lambda/fn-orders-dev:*"));
        assertEquals(1, zip.resources("aws_iam_role_policy_attachment").values().stream()
                .filter(a -> a.path("role").asText().contains("orders_role")).count(), "the customer policy only");
    }

    @Test
    void twoAlarmsOnTheAliasRollBackAndNotify() {
        Map<String, JsonNode> alarms = new java.util.TreeMap<>();
        zip.resources("aws_cloudwatch_metric_alarm").values().forEach(a -> alarms.put(a.path("alarm_name").asText(), a));
        assertEquals(List.of("alarm-orders-error-rate-dev", "alarm-orders-errors-dev"), List.copyOf(alarms.keySet()));
        JsonNode rate = alarms.get("alarm-orders-error-rate-dev");
        assertEquals("GreaterThanThreshold", rate.path("comparison_operator").asText());
        assertEquals(5, rate.path("threshold").asInt());
        assertEquals(2, rate.path("evaluation_periods").asInt());
        assertEquals("IF(invocations > 0, 100 * errors / invocations, 0)", rate.path("metric_query").get(0).path("expression").asText());
        JsonNode errorsQuery = rate.path("metric_query").get(1).path("metric");
        assertEquals("Errors", errorsQuery.path("metric_name").asText());
        assertEquals("fn-orders-dev:live", errorsQuery.path("dimensions").path("Resource").asText());
        assertEquals(60, errorsQuery.path("period").asInt());
        JsonNode count = alarms.get("alarm-orders-errors-dev");
        assertEquals("GreaterThanOrEqualToThreshold", count.path("comparison_operator").asText());
        assertEquals(5, count.path("threshold").asInt());
        assertEquals(300, count.path("period").asInt());
        for (JsonNode alarm : alarms.values()) {
            assertEquals("notBreaching", alarm.path("treat_missing_data").asText());
            assertEquals(List.of(TOPIC.topicArn()), texts(alarm.path("alarm_actions")));
        }
        JsonNode group = zip.only("aws_codedeploy_deployment_group");
        assertEquals("CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", group.path("deployment_config_name").asText());
        assertEquals(2, group.path("alarm_configuration").path("alarms").size());
        assertEquals("Lambda", zip.only("aws_codedeploy_app").path("compute_platform").asText());
    }

    @Test
    void imageFunctionRunsTheImageAndTracesWhenAsked() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenFunction(stack, "api", BlueGreenFunctionProps.builder(DEV, "api", TOPIC,
                        new FunctionCode.Image("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-api-dev:v1"))
                .memoryMiB(1024).reservedConcurrency(50).tracing(true)
                .deploymentConfig(LambdaDeploymentConfig.ALL_AT_ONCE).build());
        SynthResult image = SynthResult.of(stack);
        JsonNode function = image.only("aws_lambda_function");
        assertEquals("Image", function.path("package_type").asText());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-api-dev:v1", function.path("image_uri").asText());
        assertTrue(function.path("handler").isMissingNode() && function.path("runtime").isMissingNode());
        assertEquals(1024, function.path("memory_size").asInt());
        assertEquals("Active", function.path("tracing_config").path("mode").asText());
        assertTrue(image.resources("aws_iam_role_policy_attachment").values().stream()
                .anyMatch(a -> a.path("policy_arn").asText().endsWith(":iam::aws:policy/AWSXRayDaemonWriteAccess")));
    }

    @Test
    void anAliasOnLatestIsRefusedAtSynth() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BlueGreenFunction orders = new BlueGreenFunction(stack, "orders", BlueGreenFunctionProps.builder(DEV, "orders", TOPIC, ZIP).build());
        orders.alias.addOverride("function_version", "$LATEST");
        Exception error = assertThrows(Exception.class, () -> SynthResult.of(stack));
        assertTrue(error.getMessage().contains("function fn-orders-dev: the alias targets $LATEST, got '$LATEST'; "
                + "point it at a published version, which CodeDeploy can shift"), error.getMessage());
    }

    @Test
    void grantPublishAndDeployNamesThisFunctionAndItsGroupOnly() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BlueGreenFunction orders = new BlueGreenFunction(stack, "orders", BlueGreenFunctionProps.builder(DEV, "orders", TOPIC, ZIP).build());
        List<PolicyDocument.Statement> statements = orders.ref().grantPublishAndDeploy(AwsContext.of(stack));
        assertEquals(List.of("PublishVersions", "DeployWithCodeDeploy", "RegisterRevisions", "ReadDeploymentConfig"),
                statements.stream().map(PolicyDocument.Statement::sid).toList());
        assertEquals(List.of(orders.ref().functionArn(), orders.ref().functionArn() + ":*"), statements.get(0).resources());
        assertFalse(statements.stream().flatMap(s -> s.actions().stream()).anyMatch(a -> a.contains("*")));
    }

    /** Lambda authorizes GetAlias on the unqualified function ARN: a grant on the alias alone is refused (IamEvaluationTest). */
    @Test
    void grantReadAliasNamesTheFunctionWhereLambdaAuthorizesIt() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BlueGreenFunction orders = new BlueGreenFunction(stack, "orders", BlueGreenFunctionProps.builder(DEV, "orders", TOPIC, ZIP).build());
        PolicyDocument.Statement read = orders.ref().grantReadAlias();
        assertEquals(List.of("lambda:GetAlias"), read.actions());
        assertEquals(List.of(orders.ref().functionArn(), orders.ref().aliasArn()), read.resources());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "memory too small      | memoryMiB must be between 128 and 10240, got '64'; Lambda allocates 128 MB to 10,240 MB",
        "timeout too long      | timeoutSeconds must be between 1 and 900, got '901'; Lambda runs an invocation at most 15 minutes",
        "reserved beyond quota | reservedConcurrency must be between 0 and 900, got '950'; AWS keeps 100 of the account's 1000 executions unreserved; raise accountConcurrencyLimit after a quota increase",
        "reserved negative     | reservedConcurrency must be between 0 and 900, got '-1'; AWS keeps 100 of the account's 1000 executions unreserved; raise accountConcurrencyLimit after a quota increase",
        "ECS config            | deploymentConfig is for ECS, not for a Lambda deployment, got 'ALL_AT_ONCE'; choose one of the Lambda configs",
        "no code directory     | code.directory is not a directory, got 'no/such/dir'; give the directory that holds the function's code",
        "handler without file  | code.handler must be <file>.<export>, got 'handler'; e.g. index.handler",
        "image not in ECR      | code.imageUri is not an ECR image URI, got 'docker.io/library/node:22'; Lambda runs images from ECR only: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>",
        "reserved variable     | environment has a variable name Lambda refuses, got 'AWS_REGION'; use letters, digits and _, starting with a letter and not with AWS_",
        "alias on LATEST       | aliasName is not an alias name, got '$LATEST'; use e.g. 'live'",
        "unknown runtime       | runtime is not a supported Lambda runtime, got 'NODEJS_18_X'; use one of NODEJS_20_X, NODEJS_22_X, PYTHON_3_12, PYTHON_3_13, JAVA_21",
    })
    void badInputFailsWithAClearMessage(String badInput, String message) {
        Map<String, Supplier<Object>> cases = new java.util.HashMap<>();
        cases.put("memory too small", () -> builder().memoryMiB(64).build());
        cases.put("timeout too long", () -> builder().timeoutSeconds(901).build());
        cases.put("reserved beyond quota", () -> builder().reservedConcurrency(950).build());
        cases.put("reserved negative", () -> builder().reservedConcurrency(-1).build());
        cases.put("ECS config", () -> new BlueGreenFunction(TestStacks.withAwsProvider(), "orders",
                builder().deploymentConfig(EcsDeploymentConfig.ALL_AT_ONCE).build()));
        cases.put("no code directory", () -> new FunctionCode.Zip(Path.of("no/such/dir"), "index.handler", LambdaRuntime.NODEJS_22_X));
        cases.put("handler without file", () -> new FunctionCode.Zip(CODE, "handler", LambdaRuntime.NODEJS_22_X));
        cases.put("image not in ECR", () -> new FunctionCode.Image("docker.io/library/node:22"));
        cases.put("reserved variable", () -> builder().environment(Map.of("AWS_REGION", "x")).build());
        cases.put("alias on LATEST", () -> builder().aliasName("$LATEST").build());
        cases.put("unknown runtime", () -> LambdaRuntime.parse("runtime", "NODEJS_18_X"));
        SettingException error = assertThrows(SettingException.class, () -> cases.get(badInput).get());
        assertEquals(message, error.getMessage());
    }

    private static BlueGreenFunctionProps.Builder builder() {
        return BlueGreenFunctionProps.builder(DEV, "orders", TOPIC, ZIP);
    }

    private static List<String> texts(JsonNode array) {
        if (!array.isArray()) {
            return array.isMissingNode() ? List.of() : List.of(array.asText());
        }
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
