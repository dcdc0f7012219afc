package io.bluegreen.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.event.ruler.Ruler;

/**
 * The patterns are matched by AWS's Event Ruler against sample events of the shape AWS
 * documents, so a wrong detail-type or field name fails here, not silently in EventBridge.
 */
class EventRouteTest {
    private static final NameFilter DEV_PIPELINES = NameFilter.endingWith("-dev");

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "executions-failed, pipeline-execution-failed, true",
        "executions-failed, stage-succeeded, false",
        "executions-succeeded, pipeline-execution-failed, false",
        "executions-other-env, pipeline-execution-failed, false",
        "executions-by-name, pipeline-execution-failed, true",
        "stages-succeeded, stage-succeeded, true",
        "stages-succeeded, pipeline-execution-failed, false",
        "approvals, approval-started, true",
        "approvals, build-action-started, false",
        "approvals, pipeline-execution-failed, false",
        "deployments-failed, deployment-failure, true",
        "deployments-succeeded, deployment-failure, false",
        "deployments-other-app, deployment-failure, false",
    })
    void patternMatchesExactlyTheIntendedEvents(String route, String event, boolean matches) throws Exception {
        assertEquals(matches, Ruler.matchesRule(sample(event), routes(route).eventPattern()));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
        "executions-failed | pipeline-execution-failed | Pipeline payment-service-pipeline-dev FAILED (execution 12345678-1234-5678-abcd-12345678abcd)",
        "stages-succeeded | stage-succeeded | Pipeline payment-service-pipeline-dev stage Deploy SUCCEEDED (execution 12345678-1234-5678-abcd-12345678abcd)",
        "approvals | approval-started | Pipeline payment-service-pipeline-dev waits for approval ApproveRelease in stage Manual-Approval (execution 12345678-1234-5678-abcd-12345678abcd)",
        "deployments-failed | deployment-failure | Deployment d-123456789 of payment-service-app-dev/payment-service-dg-dev FAILURE",
    })
    void inputTransformerWritesAReadableSentence(String route, String event, String message) throws Exception {
        EventRoute r = routes(route);
        JsonNode sample = JSON.readTree(sample(event));
        String rendered = r.inputTemplate();
        for (Map.Entry<String, String> path : r.inputPaths().entrySet()) {
            JsonNode value = sample;
            for (String field : path.getValue().substring(2).split("\\.")) {
                value = value.path(field);
            }
            assertFalse(value.isMissingNode(), path.getValue() + " is not in the " + event + " event");
            rendered = rendered.replace("<" + path.getKey() + ">", value.asText());
        }
        assertEquals("\"" + message + "\"", rendered);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventRoute routes(String name) {
        return switch (name) {
            case "executions-failed" -> EventRoute.pipelineExecutions(DEV_PIPELINES, Set.of(PipelineState.FAILED));
            case "executions-succeeded" -> EventRoute.pipelineExecutions(DEV_PIPELINES, Set.of(PipelineState.SUCCEEDED));
            case "executions-other-env" -> EventRoute.pipelineExecutions(NameFilter.endingWith("-pr-1"), Set.of(PipelineState.FAILED));
            case "executions-by-name" -> EventRoute.pipelineExecutions(
                    NameFilter.named(List.of("payment-service-pipeline-dev")), Set.of(PipelineState.FAILED, PipelineState.SUCCEEDED));
            case "stages-succeeded" -> EventRoute.pipelineStages(DEV_PIPELINES, Set.of(PipelineState.SUCCEEDED));
            case "approvals" -> EventRoute.manualApprovals(DEV_PIPELINES);
            case "deployments-failed" -> EventRoute.deployments(DEV_PIPELINES, Set.of(DeploymentState.FAILURE, DeploymentState.STOP));
            case "deployments-succeeded" -> EventRoute.deployments(DEV_PIPELINES, Set.of(DeploymentState.SUCCESS));
            case "deployments-other-app" -> EventRoute.deployments(NameFilter.named(List.of("other-app-dev")),
                    Set.of(DeploymentState.FAILURE));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static String sample(String name) throws IOException {
        try (InputStream in = EventRouteTest.class.getResourceAsStream("/events/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
