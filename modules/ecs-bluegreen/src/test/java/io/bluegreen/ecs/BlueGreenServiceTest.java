package io.bluegreen.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.vpc.NetworkRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlueGreenServiceTest {
    static final NotificationsRef TOPIC = new NotificationsRef("arn:aws:sns:us-east-1:123456789012:sns-notifications-dev",
            "sns-notifications-dev", "arn:aws:kms:us-east-1:123456789012:key/1234");
    static final NetworkRef NETWORK = new NetworkRef("vpc-1", "10.0.0.0/16", List.of("subnet-pub-a", "subnet-pub-b"),
            List.of("subnet-priv-a", "subnet-priv-b"), List.of("203.0.113.10", "203.0.113.11"), Optional.empty());
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-dev-AbCdEf";
    private static SynthResult synth;

    static BlueGreenServiceProps.Builder web() {
        return BlueGreenServiceProps.builder(Naming.of("dev"), "web", TOPIC)
                .network(NETWORK)
                .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev:not-yet-built")
                .container(new ContainerSpec("app", 8080, 512, 1024, Map.of("LOG_LEVEL", "info"),
                        List.of(new ContainerSecret("DB_PASSWORD", SECRET))));
    }

    @BeforeAll
    static void synthNewService() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenService(stack, "service", web().build());
        synth = SynthResult.of(stack);
    }

    @Test
    void serviceIsOnCodeDeployInPrivateSubnetsWithoutPublicIp() {
        JsonNode service = synth.only("aws_ecs_service");
        assertEquals("svc-web-dev", service.path("name").asText());
        assertEquals("CODE_DEPLOY", service.path("deployment_controller").path("type").asText());
        assertEquals("FARGATE", service.path("launch_type").asText());
        assertEquals(0, service.path("desired_count").asInt(), "no image exists before the first build: it starts empty");
        JsonNode network = service.path("network_configuration");
        assertFalse(network.path("assign_public_ip").asBoolean());
        assertEquals("[\"subnet-priv-a\",\"subnet-priv-b\"]", network.path("subnets").toString());
        assertEquals("[\"" + synth.ref("aws_security_group", "task", "id") + "\"]", network.path("security_groups").toString());
    }

    @Test
    void terraformLeavesWhatCodeDeployChangesAlone() {
        assertEquals("[\"task_definition\",\"load_balancer\",\"desired_count\"]",
                synth.only("aws_ecs_service").path("lifecycle").path("ignore_changes").toString());
        Map<String, JsonNode> listeners = synth.resources("aws_lb_listener");
        assertEquals(2, listeners.size());
        listeners.values().forEach(listener ->
                assertEquals("[\"default_action\"]", listener.path("lifecycle").path("ignore_changes").toString()));
    }

    @Test
    void loadBalancerBlockNamesTheTaskDefinitionsContainerAndBlueTargetGroup() {
        JsonNode block = synth.only("aws_ecs_service").path("load_balancer").get(0);
        assertEquals("app", block.path("container_name").asText());
        assertEquals(8080, block.path("container_port").asInt());
        assertEquals(synth.ref("aws_lb_target_group", "blue", "arn"), block.path("target_group_arn").asText());
        JsonNode container = SynthResult.embedded(synth.only("aws_ecs_task_definition").path("container_definitions")).get(0);
        assertEquals("app", container.path("name").asText());
        assertEquals(8080, container.path("portMappings").get(0).path("containerPort").asInt());
    }

    @Test
    void taskDefinitionHasSeparateRolesSecretsFromSecretsManagerAndEncryptedLogs() {
        JsonNode task = synth.only("aws_ecs_task_definition");
        assertEquals("task-web-dev", task.path("family").asText());
        assertEquals("512", task.path("cpu").asText());
        assertEquals("1024", task.path("memory").asText());
        assertEquals(synth.ref("aws_iam_role", "execution-role", "arn"), task.path("execution_role_arn").asText());
        assertEquals(synth.ref("aws_iam_role", "task-role", "arn"), task.path("task_role_arn").asText());
        JsonNode container = SynthResult.embedded(task.path("container_definitions")).get(0);
        assertFalse(container.path("privileged").asBoolean(true));
        assertEquals("[{\"name\":\"DB_PASSWORD\",\"valueFrom\":\"" + SECRET + "\"}]", container.path("secrets").toString());
        assertEquals("[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"}]", container.path("environment").toString());
        assertEquals("awslogs", container.path("logConfiguration").path("logDriver").asText());
        assertEquals(synth.ref("aws_cloudwatch_log_group", "service_logs_", "name"),
                container.path("logConfiguration").path("options").path("awslogs-group").asText());
        JsonNode logs = synth.resources("aws_cloudwatch_log_group").values().stream()
                .filter(group -> group.path("name").asText().equals("/ecs/web-dev")).findFirst().orElseThrow();
        assertEquals("/ecs/web-dev", logs.path("name").asText());
        assertEquals(30, logs.path("retention_in_days").asInt());
        assertEquals(synth.ref("aws_kms_key", "arn"), logs.path("kms_key_id").asText());
    }

    @Test
    void executionRoleReadsOnlyTheNamedSecretAndUsesTheAwsManagedPolicy() {
        JsonNode policy = SynthResult.embedded(synth.resources("aws_iam_policy").values().iterator().next().path("policy"));
        assertEquals("secretsmanager:GetSecretValue", policy.path("Statement").get(0).path("Action").asText());
        assertEquals(SECRET, policy.path("Statement").get(0).path("Resource").asText());
        List<String> managed = new ArrayList<>();
        synth.resources("aws_iam_role_policy_attachment").values().forEach(a -> managed.add(a.path("policy_arn").asText()));
        assertTrue(managed.stream().anyMatch(arn -> arn.endsWith(":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")),
                managed.toString());
        assertTrue(managed.stream().anyMatch(arn -> arn.endsWith(":iam::aws:policy/AWSCodeDeployRoleForECS")), managed.toString());
    }

    @Test
    void clusterHasContainerInsights() {
        JsonNode cluster = synth.only("aws_ecs_cluster");
        assertEquals("ecs-web-dev", cluster.path("name").asText());
        assertEquals("[{\"name\":\"containerInsights\",\"value\":\"enabled\"}]", cluster.path("setting").toString());
    }

    @Test
    void albDropsInvalidHeadersAndCanBeDeleted() {
        JsonNode alb = synth.only("aws_lb");
        assertEquals("alb-web-dev", alb.path("name").asText());
        assertTrue(alb.path("drop_invalid_header_fields").asBoolean());
        assertFalse(alb.path("enable_deletion_protection").asBoolean(true));
        assertEquals("[\"subnet-pub-a\",\"subnet-pub-b\"]", alb.path("subnets").toString());
    }

    @Test
    void withoutCertificateListenersServePlainHttpOnEightyAndEightyEighty() {
        Map<Integer, String> ports = new java.util.TreeMap<>();
        synth.resources("aws_lb_listener").values().forEach(l -> ports.put(l.path("port").asInt(), l.path("protocol").asText()
                + " -> " + l.path("default_action").get(0).path("target_group_arn").asText()));
        assertEquals(Map.of(80, "HTTP -> " + synth.ref("aws_lb_target_group", "blue", "arn"),
                8080, "HTTP -> " + synth.ref("aws_lb_target_group", "green", "arn")), ports);
    }

    @Test
    void targetGroupsAreIpTargetsWithTheConfiguredHealthCheck() {
        Map<String, JsonNode> groups = synth.resources("aws_lb_target_group");
        assertEquals(List.of("tg-web-blue-dev", "tg-web-green-dev"),
                groups.values().stream().map(g -> g.path("name").asText()).sorted().toList());
        for (JsonNode group : groups.values()) {
            assertEquals("ip", group.path("target_type").asText());
            JsonNode check = group.path("health_check");
            assertEquals("/health", check.path("path").asText());
            assertEquals(30, check.path("interval").asInt());
            assertEquals(5, check.path("timeout").asInt());
            assertEquals(3, check.path("healthy_threshold").asInt());
            assertEquals(3, check.path("unhealthy_threshold").asInt());
            assertEquals("200", check.path("matcher").asText());
        }
    }

    @Test
    void securityGroupsAdmitProductionFromAllowedBlocksTheTestListenerFromTheVpcAndOnlyTheAlbToTasks() {
        List<String> rules = new ArrayList<>();
        synth.resources("aws_security_group_rule").forEach((id, r) -> rules.add(id.replaceAll("_[A-F0-9]{8}$", "") + " "
                + r.path("type").asText() + " " + r.path("from_port").asInt() + "-" + r.path("to_port").asInt() + " "
                + (r.has("cidr_blocks") ? r.path("cidr_blocks").toString() : r.path("source_security_group_id").asText())));
        String alb = synth.ref("aws_security_group", "alb-security-group", "id");
        String tasks = synth.ref("aws_security_group", "task-security-group", "id");
        rules.sort(null);
        assertEquals(List.of(
                "service_alb-in-80 ingress 80-80 [\"0.0.0.0/0\"]",
                "service_alb-in-8080 ingress 8080-8080 \"${concat([\\\"10.0.0.0/16\\\"], formatlist(\\\"%s/32\\\", "
                        + "[\\\"203.0.113.10\\\", \\\"203.0.113.11\\\"]))}\"",
                "service_alb-out-tasks egress 8080-8080 " + tasks,
                "service_tasks-in-alb ingress 8080-8080 " + alb,
                "service_tasks-out-https egress 443-443 [\"0.0.0.0/0\"]"), rules);
    }

    @Test
    void deploymentGroupIsBlueGreenWithRollbackOnFailureAndAlarm() {
        JsonNode group = synth.only("aws_codedeploy_deployment_group");
        assertEquals("cddg-web-dev", group.path("deployment_group_name").asText());
        assertEquals("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", group.path("deployment_config_name").asText());
        assertEquals("BLUE_GREEN", group.path("deployment_style").path("deployment_type").asText());
        assertEquals("WITH_TRAFFIC_CONTROL", group.path("deployment_style").path("deployment_option").asText());
        assertEquals("[\"DEPLOYMENT_FAILURE\",\"DEPLOYMENT_STOP_ON_ALARM\"]",
                group.path("auto_rollback_configuration").path("events").toString());
        JsonNode terminate = group.path("blue_green_deployment_config").path("terminate_blue_instances_on_deployment_success");
        assertEquals("TERMINATE", terminate.path("action").asText());
        assertEquals(5, terminate.path("termination_wait_time_in_minutes").asInt());
        JsonNode pair = group.path("load_balancer_info").path("target_group_pair_info");
        assertEquals(synth.ref("aws_lb_listener", "production", "arn"), pair.path("prod_traffic_route").path("listener_arns").get(0).asText());
        assertEquals(synth.ref("aws_lb_listener", "test-listener", "arn"), pair.path("test_traffic_route").path("listener_arns").get(0).asText());
        assertEquals(2, pair.path("target_group").size());
        assertEquals("ECS", synth.only("aws_codedeploy_app").path("compute_platform").asText());
    }

    @Test
    void alarmsOnTarget5xxAndUnhealthyHostsRollBackAndNotify() {
        Map<String, JsonNode> alarms = synth.resources("aws_cloudwatch_metric_alarm");
        List<String> names = alarms.values().stream().map(a -> a.path("alarm_name").asText()).sorted().toList();
        assertEquals(List.of("alarm-web-target-5xx-dev", "alarm-web-unhealthy-blue-dev", "alarm-web-unhealthy-green-dev"), names);
        for (JsonNode alarm : alarms.values()) {
            assertEquals("[\"" + TOPIC.topicArn() + "\"]", alarm.path("alarm_actions").toString());
        }
        JsonNode configured = synth.only("aws_codedeploy_deployment_group").path("alarm_configuration");
        assertTrue(configured.path("enabled").asBoolean());
        assertEquals(3, configured.path("alarms").size());
    }

    @Test
    void certificateServesHttpsWithModernTlsAndRedirectsHttp() {
        TerraformStack stack = TestStacks.withAwsProvider();
        String certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
        new BlueGreenService(stack, "service", web().certificate(new AcmCertificateArn(certificate)).build());
        Map<Integer, JsonNode> listeners = new java.util.TreeMap<>();
        SynthResult.of(stack).resources("aws_lb_listener").values().forEach(l -> listeners.put(l.path("port").asInt(), l));
        assertEquals(List.of(80, 443, 8443), List.copyOf(listeners.keySet()));
        assertEquals("HTTPS", listeners.get(443).path("protocol").asText());
        assertEquals(BlueGreenService.TLS_POLICY, listeners.get(443).path("ssl_policy").asText());
        assertEquals(certificate, listeners.get(443).path("certificate_arn").asText());
        JsonNode redirect = listeners.get(80).path("default_action").get(0);
        assertEquals("redirect", redirect.path("type").asText());
        assertEquals("HTTPS", redirect.path("redirect").path("protocol").asText());
        assertEquals("443", redirect.path("redirect").path("port").asText());
    }

    @Test
    void adoptingCreatesOnlyCodeDeployAndAlarms() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenService(stack, "service", BlueGreenServiceProps.builder(Naming.of("dev"), "payment-service", TOPIC)
                .existing(new ExistingEcsService("payment-cluster-dev", "payment-service-dev", "payment-alb-dev",
                        "payment-blue-tg-dev", "payment-green-tg-dev", 80, 8080, "payment", 8080))
                .applicationName("payment-service-app-dev")
                .deploymentGroupName("payment-service-dg-dev")
                .codeDeployRoleName("codedeploy-role-dev")
                .build());
        SynthResult adopted = SynthResult.of(stack);
        for (String type : List.of("aws_ecs_service", "aws_ecs_cluster", "aws_lb", "aws_lb_listener", "aws_lb_target_group",
                "aws_ecs_task_definition", "aws_security_group")) {
            assertTrue(adopted.resources(type).isEmpty(), type + " must not be created");
        }
        JsonNode group = adopted.only("aws_codedeploy_deployment_group");
        assertEquals("payment-service-dg-dev", group.path("deployment_group_name").asText());
        assertEquals("payment-cluster-dev", group.path("ecs_service").path("cluster_name").asText());
        assertEquals("payment-service-dev", group.path("ecs_service").path("service_name").asText());
        assertEquals("[{\"name\":\"payment-blue-tg-dev\"},{\"name\":\"payment-green-tg-dev\"}]",
                group.path("load_balancer_info").path("target_group_pair_info").path("target_group").toString());
        assertEquals("payment-service-app-dev", adopted.only("aws_codedeploy_app").path("name").asText());
        assertEquals("codedeploy-role-dev", adopted.only("aws_iam_role").path("name").asText());
        assertEquals(List.of(80, 8080), adopted.dataSources("aws_lb_listener").values().stream()
                .map(l -> l.path("port").asInt()).sorted().toList());
        assertEquals(3, adopted.resources("aws_cloudwatch_metric_alarm").size());
    }

    @Test
    void failsWhenAnOverrideTakesTheServiceOffCodeDeploy() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BlueGreenService service = new BlueGreenService(stack, "service", web().build());
        service.runtime.orElseThrow().service().addOverride("deployment_controller.type", "ECS");
        RuntimeException error = assertThrows(RuntimeException.class, () -> SynthResult.of(stack));
        assertTrue(error.getMessage().contains("service web: the deployment controller must be CODE_DEPLOY, got 'ECS'"),
                error.getMessage());
    }

    @Test
    void failsWhenAnOverrideRenamesTheContainerInTheLoadBalancerBlock() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BlueGreenService service = new BlueGreenService(stack, "service", web().build());
        service.runtime.orElseThrow().service().addOverride("load_balancer.0.container_name", "sidecar");
        RuntimeException error = assertThrows(RuntimeException.class, () -> SynthResult.of(stack));
        assertTrue(error.getMessage().contains("the load balancer block names container sidecar on port 8080"), error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "health check path without slash | healthCheckPath must start with '/', got 'health'; use a path such as '/health'",
        "container port out of range     | containerPort must be between 1 and 65535, got '70000'; use the port the application listens on",
        "certificate not from ACM        | certificateArn is not an ACM certificate ARN, got 'arn:aws:iam::123456789012:server-certificate/web'; use the ARN ACM shows, arn:aws:acm:<region>:<account>:certificate/<id>, or leave it out to serve plain HTTP",
        "unknown deployment config       | deploymentConfig is not a known ECS deployment config, got 'BLUE_GREEN_FAST'; use one of ALL_AT_ONCE, LINEAR_10_PERCENT_EVERY_1_MINUTE, LINEAR_10_PERCENT_EVERY_3_MINUTES, CANARY_10_PERCENT_5_MINUTES, CANARY_10_PERCENT_15_MINUTES",
        "test port equals production     | testPort must differ from productionPort (80), got '80'; give the test listener its own port, e.g. 8443",
        "plain value passed as secret    | secrets.DB_PASSWORD must be a Secrets Manager secret or SSM parameter ARN, got 'hunter2'; store the value there and give its ARN; plain values are not accepted",
        "same target group twice         | greenTargetGroupName must differ from blueTargetGroupName, got 'tg-dev'; blue/green needs two target groups",
    })
    void failsWithAClearMessage(String badInput, String message) {
        Map<String, Runnable> cases = Map.of(
                "health check path without slash", () -> HealthCheck.onPath("health"),
                "container port out of range", () -> ContainerSpec.of("app", 70000),
                "certificate not from ACM", () -> new AcmCertificateArn("arn:aws:iam::123456789012:server-certificate/web"),
                "unknown deployment config", () -> EcsDeploymentConfig.parse("deploymentConfig", "BLUE_GREEN_FAST"),
                "test port equals production", () -> web().productionPort(80).testPort(80).build(),
                "plain value passed as secret", () -> new ContainerSecret("DB_PASSWORD", "hunter2"),
                "same target group twice", () -> new ExistingEcsService("c", "s", "alb", "tg-dev", "tg-dev", 80, 8080, "app", 8080));
        SettingException error = assertThrows(SettingException.class, () -> cases.get(badInput).run());
        assertEquals(message, error.getMessage());
    }

    @Test
    void failsWhenTheNetworkHasNoPublicSubnetForTheLoadBalancer() {
        NetworkRef privateOnly = new NetworkRef("vpc-1", "10.0.0.0/16", List.of(), List.of("subnet-priv-a"), List.of(),
                Optional.empty());
        SettingException error = assertThrows(SettingException.class, () -> web().network(privateOnly).build());
        assertEquals("existingVpc.publicSubnetIds is empty, so the load balancer of web has nowhere to go, got '[]'; "
                + "list the public subnets of the adopted VPC", error.getMessage());
    }

    @Test
    void failsWhenNeitherNetworkAndImageNorExistingAreGiven() {
        SettingException error = assertThrows(SettingException.class,
                () -> BlueGreenServiceProps.builder(Naming.of("dev"), "web", TOPIC).build());
        assertEquals("service web needs a network and an image to create an ECS service, got 'no network'; "
                + "pass both, or pass 'existing' to adopt a service", error.getMessage());
    }

}
