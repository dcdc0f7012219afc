package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A step of {@link PlatformIT}: every pipeline and deployment state change of dev that EventBridge delivers ends as exactly
 * one item of dev's ledger, redelivered or not, another environment's none, and {@code scripts/ledger.py} prints them.
 */
interface PlatformLedgerSteps {
    EmulatorScenario scenario();

    /** dev's platform stack, deployed by the steps before. */
    Terraform devPlatform();

    @Test
    @Order(8)
    default void everyPipelineAndDeploymentEventOfDevEndsAsExactlyOneLedgerItem() throws Exception {
        LocalAws aws = scenario().aws;
        LedgerProbe probe = new LedgerProbe(aws, ROOT, scenario().work);
        Map<String, List<String>> before = aws.inventory();
        assertEquals(Map.of(), probe.items("ddb-ledger-dev"));
        List<String> samples = List.of("pipeline-execution-started", "stage-succeeded", "action-started",
                "deployment-ecs-success", "deployment-lambda-start");
        List<JsonNode> events = new ArrayList<>();
        for (String sample : samples) {
            events.add(probe.sample(sample));
        }
        // CodeDeploy's events carry no configuration; the workflow reads it from the deployment.
        Map<String, String> configs = Map.of("deployment-ecs-success", "CodeDeployDefault.ECSCanary10Percent5Minutes",
                "deployment-lambda-start", "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes");
        try {
            for (int i = 3; i < 5; i++) {
                String id = probe.deployment(events.get(i), i == 3 ? "ECS" : "Lambda", configs.get(samples.get(i)));
                ((ObjectNode) events.get(i).path("detail")).put("deploymentId", id);
            }
            assertLedgerRecords(probe, samples, events, configs);
        } finally {
            probe.deleteApplication("cdapp-web-dev");
            probe.deleteApplication("cdapp-orders-api-dev");
        }
        assertEquals(before, aws.inventory(), "writing the ledger created nothing but items");
        assertEquals(0, devPlatform().run("dev", "plan", "-detailed-exitcode", "-no-color").exitCode(), "items are data, not drift");
    }

    private void assertLedgerRecords(LedgerProbe probe, List<String> samples, List<JsonNode> events, Map<String, String> configs)
            throws Exception {
        List<String> eventIds = probe.put(events);
        probe.awaitExecutions("sfn-ledger-dev", 5);
        Map<String, Map<String, String>> items = probe.items("ddb-ledger-dev");
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            JsonNode detail = event.path("detail");
            Map<String, String> item = new TreeMap<>(Map.of("environment", "dev", "state", detail.path("state").asText(),
                    "eventTime", event.path("time").asText(), "eventId", eventIds.get(i)));
            String time = event.path("time").asText();
            switch (samples.get(i)) {
                case "pipeline-execution-started" -> item.putAll(Map.of("kind", "pipeline-execution",
                        "timestamp", time + "#execution#STARTED"));
                case "stage-succeeded" -> item.putAll(Map.of("kind", "stage", "stage", "Build", "timestamp", time + "#stage#Build#SUCCEEDED"));
                case "action-started" -> item.putAll(Map.of("kind", "action", "stage", "Build", "action", "DockerBuild",
                        "actionCategory", "Build", "timestamp", time + "#action#Build#DockerBuild#STARTED"));
                default -> item.putAll(Map.of("kind", "deployment", "application", detail.path("application").asText(),
                        "deploymentGroup", detail.path("deploymentGroup").asText(), "deploymentConfig", configs.get(samples.get(i)),
                        "timestamp", time + "#deployment#" + detail.path("state").asText()));
            }
            if (detail.has("pipeline")) {
                item.put("pipeline", detail.path("pipeline").asText());
            }
            item.put("deploymentId", detail.has("execution-id") ? detail.path("execution-id").asText() : detail.path("deploymentId").asText());
            expected.put(item.get("deploymentId") + " " + item.get("timestamp"), item);
        }
        assertEquals(expected, items);

        // EventBridge delivers at least once: the same state changes again write nothing.
        probe.put(events);
        probe.awaitExecutions("sfn-ledger-dev", 10);
        assertEquals(expected, probe.items("ddb-ledger-dev"), "a redelivered event leaves its item as it was");

        // pr-1's pipeline is pr-1's ledger's business, not dev's (PreviewIT shows pr-1's ledger taking pr-1's events). The
        // emulator starts a matching rule's execution before PutEvents returns: had one of dev's rules matched, an
        // eleventh execution would exist now.
        JsonNode other = JSON.readTree(events.get(0).toString().replace("pipeline-web-dev", "pipeline-web-pr-1"));
        probe.put(List.of(other));
        probe.awaitExecutions("sfn-ledger-dev", 10);
        assertEquals(expected, probe.items("ddb-ledger-dev"), "another environment's event adds nothing to dev's ledger");
        String table = scenario().aws.script("ledger.py", "dev", "3");
        assertTrue(table.lines().count() == 4 && table.contains("cdapp-orders-api-dev") && table.contains("LambdaLinear10PercentEvery10Minutes"),
                table);
    }
}
