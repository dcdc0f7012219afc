package io.bluegreen.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlueGreenDeploymentTest {
    private static final Naming DEV = Naming.of("dev");
    private static final DeploymentTarget.LambdaAlias ORDERS = new DeploymentTarget.LambdaAlias("fn-orders-dev", "live");
    private static final DeploymentTarget.EcsService WEB = new DeploymentTarget.EcsService("ecs-web-dev", "svc-web-dev",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/1/2",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/1/3", "tg-web-blue-dev", "tg-web-green-dev", 5);

    private static SynthResult synth(BlueGreenDeploymentProps props) {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenDeployment(stack, "deployment", props);
        return SynthResult.of(stack);
    }

    @Test
    void lambdaGroupShiftsTheAliasLinearlyByDefaultAndRollsBackOnFailureAndAlarm() {
        SynthResult synth = synth(BlueGreenDeploymentProps.builder(DEV, "orders", ORDERS)
                .alarmNames(List.of("alarm-orders-errors-dev")).build());
        assertEquals("Lambda", synth.only("aws_codedeploy_app").path("compute_platform").asText());
        assertEquals("cdapp-orders-dev", synth.only("aws_codedeploy_app").path("name").asText());
        JsonNode group = synth.only("aws_codedeploy_deployment_group");
        assertEquals("cddg-orders-dev", group.path("deployment_group_name").asText());
        assertEquals("CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", group.path("deployment_config_name").asText());
        assertEquals("BLUE_GREEN", group.path("deployment_style").path("deployment_type").asText());
        assertEquals("WITH_TRAFFIC_CONTROL", group.path("deployment_style").path("deployment_option").asText());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"), texts(group.path("auto_rollback_configuration").path("events")));
        assertEquals(List.of("alarm-orders-errors-dev"), texts(group.path("alarm_configuration").path("alarms")));
        assertTrue(group.path("alarm_configuration").path("enabled").asBoolean());
        // Nothing ECS-only on a Lambda group.
        assertTrue(group.path("ecs_service").isMissingNode());
        assertTrue(group.path("load_balancer_info").isMissingNode());
        assertTrue(group.path("blue_green_deployment_config").isMissingNode());
        assertEquals(List.of(synth.ref("aws_iam_role_policy_attachment", "id")), texts(group.path("depends_on"))
                .stream().map(dependency -> "${" + dependency + ".id}").toList());
    }

    @Test
    void codeDeploysRoleHasTheLimitedLambdaPolicyAndNoOther() {
        SynthResult synth = synth(BlueGreenDeploymentProps.builder(DEV, "orders", ORDERS)
                .alarmNames(List.of("alarm-orders-errors-dev")).build());
        JsonNode role = synth.only("aws_iam_role");
        assertEquals("role-orders-codedeploy-dev", role.path("name").asText());
        assertEquals("Lets CodeDeploy shift the live alias of orders between versions", role.path("description").asText());
        assertTrue(synth.resources("aws_iam_policy").isEmpty());
        String partition = synth.root().path("data").path("aws_partition").fieldNames().next();
        assertEquals("arn:${data.aws_partition." + partition + ".partition}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited",
                synth.only("aws_iam_role_policy_attachment").path("policy_arn").asText());
    }

    @Test
    void ecsGroupNamesTheServiceListenersAndTargetGroupsAndKeepsBlueForTheWait() {
        SynthResult synth = synth(BlueGreenDeploymentProps.builder(DEV, "web", WEB)
                .alarmNames(List.of("alarm-web-target-5xx-dev")).build());
        assertEquals("ECS", synth.only("aws_codedeploy_app").path("compute_platform").asText());
        JsonNode group = synth.only("aws_codedeploy_deployment_group");
        assertEquals("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", group.path("deployment_config_name").asText());
        assertEquals("svc-web-dev", group.path("ecs_service").path("service_name").asText());
        JsonNode pair = group.path("load_balancer_info").path("target_group_pair_info");
        assertEquals(WEB.productionListenerArn(), pair.path("prod_traffic_route").path("listener_arns").get(0).asText());
        assertEquals(WEB.testListenerArn(), pair.path("test_traffic_route").path("listener_arns").get(0).asText());
        assertEquals(List.of("tg-web-blue-dev", "tg-web-green-dev"),
                pair.path("target_group").findValuesAsText("name"));
        assertEquals(5, group.path("blue_green_deployment_config").path("terminate_blue_instances_on_deployment_success")
                .path("termination_wait_time_in_minutes").asInt());
        assertTrue(synth.only("aws_iam_role_policy_attachment").path("policy_arn").asText().endsWith(":iam::aws:policy/AWSCodeDeployRoleForECS"));
    }

    @Test
    void customConfigIsCreatedAndTheGroupUsesIt() {
        SynthResult synth = synth(BlueGreenDeploymentProps.builder(DEV, "orders", ORDERS)
                .config(new CustomDeploymentConfig(ComputePlatform.LAMBDA, CustomDeploymentConfig.Shift.CANARY, 20, 5))
                .alarmNames(List.of("alarm-orders-errors-dev")).build());
        JsonNode config = synth.only("aws_codedeploy_deployment_config");
        assertEquals("cdcfg-orders-canary-20pct-5min-dev", config.path("deployment_config_name").asText());
        assertEquals("Lambda", config.path("compute_platform").asText());
        JsonNode routing = config.path("traffic_routing_config");
        assertEquals("TimeBasedCanary", routing.path("type").asText());
        assertEquals(20, routing.path("time_based_canary").path("percentage").asInt());
        assertEquals(5, routing.path("time_based_canary").path("interval").asInt());
        assertEquals(synth.ref("aws_codedeploy_deployment_config", "deployment_config_name"),
                synth.only("aws_codedeploy_deployment_group").path("deployment_config_name").asText());
    }

    @Test
    void withoutRollbackOnAlarmTheGroupNeedsNoAlarms() {
        JsonNode group = synth(BlueGreenDeploymentProps.builder(DEV, "orders", ORDERS).rollbackOnAlarm(false).build())
                .only("aws_codedeploy_deployment_group");
        assertEquals(List.of("DEPLOYMENT_FAILURE"), texts(group.path("auto_rollback_configuration").path("events")));
        assertTrue(group.path("alarm_configuration").isMissingNode());
    }

    @Test
    void grantDeployAllowsThisGroupApplicationAndConfigOnly() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BlueGreenDeployment deployment = new BlueGreenDeployment(stack, "deployment",
                BlueGreenDeploymentProps.builder(DEV, "orders", ORDERS).rollbackOnAlarm(false).build());
        List<PolicyDocument.Statement> statements = deployment.ref().grantDeploy(AwsContext.of(stack));
        assertEquals(List.of("DeployWithCodeDeploy", "RegisterRevisions", "ReadDeploymentConfig"),
                statements.stream().map(PolicyDocument.Statement::sid).toList());
        assertEquals(List.of(deployment.ref().deploymentGroupArn()), statements.get(0).resources());
        assertEquals(List.of(deployment.ref().applicationArn()), statements.get(1).resources());
        assertTrue(statements.get(2).resources().get(0).endsWith(":deploymentconfig:CodeDeployDefault.LambdaLinear10PercentEvery10Minutes"));
        assertFalse(statements.stream().anyMatch(s -> s.actions().stream().anyMatch(a -> a.contains("*"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ECS config for a Lambda alias | deploymentConfig is for ECS, not for a Lambda deployment, got 'ALL_AT_ONCE'; choose one of the Lambda configs",
        "rollback on alarm, no alarms  | alarmNames is empty, but rollbackOnAlarm is set, got '[]'; give the alarms that should stop a deployment, or turn rollbackOnAlarm off",
        "no traffic per step           | deploymentConfig.percentage must be between 1 and 99, got '0'; use a predefined ALL_AT_ONCE config to move everything at once",
        "interval beyond two days      | deploymentConfig.intervalMinutes must be between 1 and 2880, got '3000'; CodeDeploy waits at most two days between steps",
        "unknown Lambda config         | deploymentConfig is not a known Lambda deployment config, got 'LINEAR_10_PERCENT_EVERY_5_MINUTES'; use one of ALL_AT_ONCE, CANARY_10_PERCENT_5_MINUTES, CANARY_10_PERCENT_10_MINUTES, CANARY_10_PERCENT_15_MINUTES, CANARY_10_PERCENT_30_MINUTES, LINEAR_10_PERCENT_EVERY_1_MINUTE, LINEAR_10_PERCENT_EVERY_2_MINUTES, LINEAR_10_PERCENT_EVERY_3_MINUTES, LINEAR_10_PERCENT_EVERY_10_MINUTES",
    })
    void badInputFailsWithAClearMessage(String badInput, String message) {
        Map<String, Supplier<Object>> cases = Map.of(
                "ECS config for a Lambda alias", () -> BlueGreenDeploymentProps.builder(DEV, "orders", ORDERS)
                        .config(EcsDeploymentConfig.ALL_AT_ONCE).alarmNames(List.of("a")).build(),
                "rollback on alarm, no alarms", () -> BlueGreenDeploymentProps.builder(DEV, "orders", ORDERS).build(),
                "no traffic per step", () -> new CustomDeploymentConfig(ComputePlatform.LAMBDA, CustomDeploymentConfig.Shift.LINEAR, 0, 1),
                "interval beyond two days", () -> new CustomDeploymentConfig(ComputePlatform.ECS, CustomDeploymentConfig.Shift.LINEAR, 10, 3000),
                "unknown Lambda config", () -> LambdaDeploymentConfig.parse("deploymentConfig", "LINEAR_10_PERCENT_EVERY_5_MINUTES"));
        SettingException error = assertThrows(SettingException.class, () -> cases.get(badInput).get());
        assertEquals(message, error.getMessage());
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
