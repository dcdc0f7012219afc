package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample synthesizes, validations on, into the service and pipeline a team expects, named for its environment. */
class OrdersStackTest {
    private static JsonNode resources;

    @BeforeAll
    static void synthesize() throws Exception {
        OrdersStack stack = new OrdersStack(Testing.app(), "orders", "dev",
                "arn:aws:codestar-connections:us-east-1:123456789012:connection/6f0b8e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
        resources = new ObjectMapper().readTree(Testing.synth(stack, true)).path("resource");
    }

    private static JsonNode only(String type) {
        assertEquals(1, resources.path(type).size(), type);
        return resources.path(type).elements().next();
    }

    @Test
    void thePipelineBuildsApprovesAndDeploysBlueGreen() {
        JsonNode pipeline = only("aws_codepipeline");
        assertEquals("pipeline-orders-dev", pipeline.path("name").asText());
        List<String> stages = new ArrayList<>();
        pipeline.path("stage").forEach(stage -> stages.add(stage.path("name").asText() + ":" + stage.path("action").get(0).path("provider").asText()));
        assertEquals(List.of("Source:CodeStarSourceConnection", "Build:CodeBuild", "Approve:Manual", "Deploy:CodeDeployToECS"), stages);
    }

    @Test
    void theServiceIsDeployedByCodeDeployBlueGreen() {
        assertEquals("CODE_DEPLOY", only("aws_ecs_service").path("deployment_controller").path("type").asText());
        JsonNode group = only("aws_codedeploy_deployment_group");
        assertEquals("BLUE_GREEN", group.path("deployment_style").path("deployment_type").asText());
        assertEquals(2, resources.path("aws_lb_target_group").size(), "blue and green");
    }
}
