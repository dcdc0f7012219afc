package io.bluegreen.ecs;

import static io.bluegreen.ecs.BlueGreenServiceTest.TOPIC;
import static io.bluegreen.ecs.BlueGreenServiceTest.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a real account does around the service: first start, first deployment, role timing, destroy. */
class ServiceLifecycleTest {
    private static SynthResult synth;
    private static BlueGreenService created;
    private static SynthResult adopted;
    private static BlueGreenService adopter;

    @BeforeAll
    static void synthNewAndAdoptedService() {
        TerraformStack stack = TestStacks.withAwsProvider();
        created = new BlueGreenService(stack, "service", web().desiredCount(3).build());
        synth = SynthResult.of(stack);
        TerraformStack other = TestStacks.withAwsProvider();
        adopter = new BlueGreenService(other, "service", BlueGreenServiceProps.builder(Naming.of("dev"), "payment-service", TOPIC)
                .existing(new ExistingEcsService("payment-cluster-dev", "payment-service-dev", "payment-alb-dev",
                        "payment-blue-tg-dev", "payment-green-tg-dev", 80, 8080, "payment", 8080))
                .build());
        new com.hashicorp.cdktf.TerraformOutput(other, "roles", com.hashicorp.cdktf.TerraformOutputConfig.builder()
                .value(adopter.ref().taskRoleArns()).build());
        adopted = SynthResult.of(other);
    }

    @Test
    void aNewServiceStartsEmptyAndTellsThePipelineWhatToScaleToAfterItsFirstDeployment() {
        assertEquals(0, synth.only("aws_ecs_service").path("desired_count").asInt());
        assertEquals(Optional.of(3), created.ref().scaleAfterFirstDeployment());
        assertEquals(Optional.empty(), adopter.ref().scaleAfterFirstDeployment(), "an adopted service runs what its owner set");
    }

    @Test
    void containerInsightsLogGroupIsCreatedBeforeTheClusterSoDestroyRemovesIt() {
        JsonNode group = synth.resources("aws_cloudwatch_log_group").values().stream()
                .filter(g -> g.path("name").asText().startsWith("/aws/ecs/containerinsights/")).findFirst().orElseThrow();
        assertEquals("/aws/ecs/containerinsights/ecs-web-dev/performance", group.path("name").asText());
        assertEquals(30, group.path("retention_in_days").asInt());
        assertEquals(synth.ref("aws_kms_key", "arn"), group.path("kms_key_id").asText());
        assertEquals("[\"aws_cloudwatch_log_group." + synth.resources("aws_cloudwatch_log_group").keySet().stream()
                .filter(id -> id.contains("insights")).findFirst().orElseThrow() + "\"]",
                synth.only("aws_ecs_cluster").path("depends_on").toString());
        JsonNode grant = SynthResult.embedded(synth.only("aws_kms_key").path("policy")).path("Statement").get(1);
        JsonNode arns = grant.path("Condition").path("ArnLike").path("kms:EncryptionContext:aws:logs:arn");
        assertEquals(3, arns.size(), "the service's, Container Insights' and the web ACL's groups: " + arns);
        assertTrue(arns.get(1).asText().endsWith(":log-group:/aws/ecs/containerinsights/ecs-web-dev/performance*"), arns.toString());
    }

    @Test
    void serviceAndDeploymentGroupWaitForTheirRolesAttachments() {
        assertTrue(dependsOn(synth.only("aws_ecs_service")).containsAll(attachmentsOf(synth, "execution-role")));
        assertEquals(attachmentsOf(synth, "codedeploy-role"), dependsOn(synth.only("aws_codedeploy_deployment_group")));
        assertEquals(attachmentsOf(adopted, "codedeploy-role"), dependsOn(adopted.only("aws_codedeploy_deployment_group")));
    }

    @Test
    void anAdoptedTaskDefinitionWithoutATaskRoleNeverYieldsAnEmptyRoleArn() {
        String data = "data.aws_ecs_task_definition." + adopted.dataSources("aws_ecs_task_definition").keySet().iterator().next();
        List<String> roles = new ArrayList<>();
        adopted.outputs().get("roles").path("value").forEach(arn -> roles.add(arn.asText()));
        assertEquals(List.of("${" + data + ".execution_role_arn}",
                "${coalesce(" + data + ".task_role_arn, " + data + ".execution_role_arn)}"), roles);
        JsonNode postcondition = adopted.dataSources("aws_ecs_task_definition").values().iterator().next()
                .path("lifecycle").path("postcondition").get(0);
        assertEquals("${self.execution_role_arn != \"\"}", postcondition.path("condition").asText());
    }

    private static List<String> dependsOn(JsonNode resource) {
        List<String> addresses = new ArrayList<>();
        resource.path("depends_on").forEach(d -> addresses.add(d.asText()));
        return addresses;
    }

    private static List<String> attachmentsOf(SynthResult result, String role) {
        return result.resources("aws_iam_role_policy_attachment").keySet().stream().filter(id -> id.contains(role))
                .map(id -> "aws_iam_role_policy_attachment." + id).toList();
    }
}
