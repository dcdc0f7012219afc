package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SynthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Blueprints A (web, seed 000) and B (payment-service, seed 001) as config/platform.json defines them for dev. */
class BlueprintsTest {
    private final SynthResult web = SynthesizedEnvironments.stacks("dev").get("web");
    private final SynthResult payment = SynthesizedEnvironments.stacks("dev").get("payment-service");

    @Test
    void blueprintARunsTestsImageApprovalAndDeployInThatOrder() {
        assertEquals(List.of("Source", "Unit-Tests", "Integration-Tests", "Build-Image", "Approve", "Deploy"), stages(web));
    }

    @Test
    void blueprintBHasExactlyTheSeedsFiveStages() {
        assertEquals(List.of("Source", "Unit-Tests", "Docker-Build", "Manual-Approval", "Deploy"), stages(payment));
    }

    @Test
    void blueprintAUsesTheEnvironmentsNetworkAndTopicFoundByName() {
        JsonNode vpc = web.dataSources("aws_vpc").values().iterator().next();
        assertEquals("vpc-main-dev", vpc.path("tags").path("Name").asText());
        assertEquals(Set.of("public", "private"), Set.of(web.dataSources("aws_subnets").values().stream()
                .map(s -> s.path("tags").path("Tier").asText()).toArray(String[]::new)));
        assertEquals("sns-notifications-dev", web.dataSources("aws_sns_topic").values().iterator().next().path("name").asText());
        assertTrue(web.resources("aws_vpc").isEmpty(), "the platform stack owns the network");
    }

    @Test
    void blueprintACreatesTheWholeServiceAndItsDelivery() {
        for (String type : List.of("aws_ecr_repository", "aws_ecs_cluster", "aws_ecs_service", "aws_lb", "aws_codedeploy_app",
                "aws_codedeploy_deployment_group", "aws_codepipeline")) {
            assertEquals(1, web.resources(type).size(), type);
        }
        assertEquals(2, web.resources("aws_lb_target_group").size());
        assertEquals(4, web.resources("aws_codebuild_project").size(), "unit tests, integration tests, image, scale-up");
        assertEquals("CodeDeployDefault.ECSCanary10Percent5Minutes",
                web.only("aws_codedeploy_deployment_group").path("deployment_config_name").asText());
    }

    @Test
    void blueprintBUsesExactlyTheSeedsNames() {
        assertEquals("payment-service-pipeline-dev", payment.only("aws_codepipeline").path("name").asText());
        assertEquals(Set.of("unit-test-project-dev", "docker-build-project-dev"), names(payment, "aws_codebuild_project", "name"));
        assertEquals("payment-service-app-dev", payment.only("aws_codedeploy_app").path("name").asText());
        assertEquals("payment-service-dg-dev", payment.only("aws_codedeploy_deployment_group").path("deployment_group_name").asText());
        assertEquals("pipeline-artifacts-dev", payment.only("aws_s3_bucket").path("bucket").asText());
        assertEquals("pipeline-notifications-dev", payment.only("aws_sns_topic").path("name").asText());
        assertTrue(names(payment, "aws_iam_role", "name").containsAll(Set.of("codepipeline-role-dev", "codebuild-role-dev",
                "codedeploy-role-dev")), names(payment, "aws_iam_role", "name").toString());
        assertTrue(names(payment, "aws_cloudwatch_log_group", "name").containsAll(Set.of("/aws/codebuild/unit-test-dev",
                "/aws/codebuild/docker-build-dev")));
    }

    @Test
    void blueprintBSharesOneBuildRoleAndOnlyTheDockerBuildIsPrivileged() {
        Set<String> roles = new TreeSet<>();
        payment.resources("aws_codebuild_project").values().forEach(p -> {
            roles.add(p.path("service_role").asText());
            assertEquals(p.path("name").asText().equals("docker-build-project-dev"),
                    p.path("environment").path("privileged_mode").asBoolean(), p.path("name").asText());
        });
        assertEquals(1, roles.size());
    }

    @Test
    void blueprintBAdoptsTheExistingServiceAndCreatesNoneOfIt() {
        for (String type : List.of("aws_ecs_cluster", "aws_ecs_service", "aws_lb", "aws_lb_listener", "aws_lb_target_group")) {
            assertTrue(payment.resources(type).isEmpty(), type);
        }
        JsonNode group = payment.only("aws_codedeploy_deployment_group");
        assertEquals("payment-cluster-dev", group.path("ecs_service").path("cluster_name").asText());
        assertEquals("payment-service-dev", group.path("ecs_service").path("service_name").asText());
        assertEquals(5, group.path("blue_green_deployment_config").path("terminate_blue_instances_on_deployment_success")
                .path("termination_wait_time_in_minutes").asInt());
        assertEquals("[\"DEPLOYMENT_FAILURE\",\"DEPLOYMENT_STOP_ON_ALARM\"]",
                group.path("auto_rollback_configuration").path("events").toString());
    }

    @Test
    void blueprintBHasTheSeedsOutputs() {
        assertEquals(Set.of("pipelineArn", "artifactBucketName", "unitTestProjectArn", "dockerBuildProjectArn",
                "codeDeployApplicationArn", "snsTopicArn", "workspace"), payment.outputs().keySet());
    }

    @Test
    void blueprintBTurnsPipelineAndDeploymentEventsIntoMessagesOnItsTopic() {
        Set<String> rules = names(payment, "aws_cloudwatch_event_rule", "name");
        // No push rule: the GitHub connection's change detection starts the pipeline (A7).
        assertEquals(Set.of("rule-payment-service-pipeline-executions-dev", "rule-payment-service-approvals-dev",
                "rule-payment-service-deployments-dev"), rules);
        JsonNode executions = payment.resources("aws_cloudwatch_event_rule").values().stream()
                .filter(r -> r.path("name").asText().contains("pipeline-executions")).findFirst().orElseThrow();
        JsonNode pattern = SynthResult.embedded(executions.path("event_pattern"));
        assertEquals("[\"payment-service-pipeline-dev\"]", pattern.path("detail").path("pipeline").toString());
        assertEquals(Set.of("FAILED", "SUCCEEDED"), Set.of(pattern.path("detail").path("state").get(0).asText(),
                pattern.path("detail").path("state").get(1).asText()));
    }

    private static List<String> stages(SynthResult stack) {
        List<String> names = new ArrayList<>();
        stack.only("aws_codepipeline").path("stage").forEach(stage -> names.add(stage.path("name").asText()));
        return names;
    }

    private static Set<String> names(SynthResult stack, String type, String attribute) {
        Set<String> names = new TreeSet<>();
        stack.resources(type).values().forEach(r -> names.add(r.path(attribute).asText()));
        return names;
    }
}
