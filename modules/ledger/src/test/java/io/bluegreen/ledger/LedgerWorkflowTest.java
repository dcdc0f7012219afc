package io.bluegreen.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The workflow's definition, state by state, and the item each sample event becomes: the
 * mapping's paths are evaluated against the samples here, so a field AWS does not send fails
 * this test instead of every execution. (The emulator runs the same definition in PlatformIT and PreviewIT.)
 */
class LedgerWorkflowTest {
    private static final LedgerWorkflow WORKFLOW = new LedgerWorkflow("ddb-ledger-dev", "dev");
    private static final Pattern FORMAT = Pattern.compile("States\\.Format\\('([^']*)', (.+)\\)");

    @Test
    void definitionIsExact() throws Exception {
        assertEquals(Samples.JSON.readTree(LedgerWorkflowTest.class.getResourceAsStream("/workflow-dev.json")),
                Samples.JSON.readTree(WORKFLOW.toJson()));
    }

    @Test
    void everyKindIsChosenByItsDetailTypeAndEndsInAConditionalWrite() throws Exception {
        JsonNode states = Samples.JSON.readTree(WORKFLOW.toJson()).path("States");
        List<String> chosen = new ArrayList<>();
        states.path("Kind").path("Choices").forEach(c -> chosen.add(c.path("StringEquals").asText()));
        assertEquals(List.of("CodePipeline Pipeline Execution State Change", "CodePipeline Stage Execution State Change",
                "CodePipeline Action Execution State Change", "CodeDeploy Deployment State-change Notification"), chosen);
        for (String record : List.of("RecordPipelineExecution", "RecordStage", "RecordAction", "RecordDeployment")) {
            JsonNode task = states.path(record);
            assertEquals("arn:aws:states:::dynamodb:putItem", task.path("Resource").asText(), record);
            assertEquals("attribute_not_exists(deploymentId)", task.path("Parameters").path("ConditionExpression").asText(), record);
            assertEquals("AlreadyRecorded", task.path("Catch").get(0).path("Next").asText(), record);
            assertEquals(List.of(LedgerWorkflow.DUPLICATE), texts(task.path("Catch").get(0).path("ErrorEquals")), record);
            assertFalse(texts(task.path("Retry").get(0).path("ErrorEquals")).contains(LedgerWorkflow.DUPLICATE),
                    record + ": a duplicate is not retried");
            assertTrue(task.path("End").asBoolean(), record);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "pipeline-execution-started | PIPELINE_EXECUTION | {\"deploymentId\":\"0f8e1d2c-3b4a-5968-7a6b-5c4d3e2f1a00\",\"timestamp\":\"2026-11-22T15:09:12Z#execution#STARTED\",\"environment\":\"dev\",\"kind\":\"pipeline-execution\",\"pipeline\":\"pipeline-web-dev\",\"state\":\"STARTED\",\"eventTime\":\"2026-11-22T15:09:12Z\",\"eventId\":\"3a1f5c2e-7d4b-4e8f-9a10-000000000001\"}",
        "stage-succeeded | STAGE | {\"deploymentId\":\"0f8e1d2c-3b4a-5968-7a6b-5c4d3e2f1a00\",\"timestamp\":\"2026-11-22T15:14:40Z#stage#Build#SUCCEEDED\",\"environment\":\"dev\",\"kind\":\"stage\",\"pipeline\":\"pipeline-web-dev\",\"stage\":\"Build\",\"state\":\"SUCCEEDED\",\"eventTime\":\"2026-11-22T15:14:40Z\",\"eventId\":\"3a1f5c2e-7d4b-4e8f-9a10-000000000002\"}",
        "action-started | ACTION | {\"deploymentId\":\"12345678-1234-5678-abcd-12345678abcd\",\"timestamp\":\"2026-11-22T15:09:31Z#action#Build#DockerBuild#STARTED\",\"environment\":\"dev\",\"kind\":\"action\",\"pipeline\":\"payment-service-pipeline-dev\",\"stage\":\"Build\",\"action\":\"DockerBuild\",\"actionCategory\":\"Build\",\"state\":\"STARTED\",\"eventTime\":\"2026-11-22T15:09:31Z\",\"eventId\":\"3a1f5c2e-7d4b-4e8f-9a10-000000000003\"}",
        "deployment-ecs-success | DEPLOYMENT | {\"deploymentId\":\"d-ECS0WEB01\",\"timestamp\":\"2026-11-22T15:31:02Z#deployment#SUCCESS\",\"environment\":\"dev\",\"kind\":\"deployment\",\"application\":\"cdapp-web-dev\",\"deploymentGroup\":\"cddg-web-dev\",\"deploymentConfig\":\"CodeDeployDefault.ECSAllAtOnce\",\"state\":\"SUCCESS\",\"eventTime\":\"2026-11-22T15:31:02Z\",\"eventId\":\"3a1f5c2e-7d4b-4e8f-9a10-000000000004\"}",
        "deployment-lambda-start | DEPLOYMENT | {\"deploymentId\":\"d-LAMBDA0001\",\"timestamp\":\"2026-11-22T16:02:45Z#deployment#START\",\"environment\":\"dev\",\"kind\":\"deployment\",\"application\":\"cdapp-orders-api-dev\",\"deploymentGroup\":\"cddg-orders-api-dev\",\"deploymentConfig\":\"CodeDeployDefault.LambdaLinear10PercentEvery10Minutes\",\"state\":\"START\",\"eventTime\":\"2026-11-22T16:02:45Z\",\"eventId\":\"3a1f5c2e-7d4b-4e8f-9a10-000000000005\"}",
    })
    void eachSampleBecomesTheExpectedItem(String sample, LedgerEvent kind, String expected) throws Exception {
        ObjectNode input = (ObjectNode) Samples.json(sample);
        if (kind == LedgerEvent.DEPLOYMENT) {
            // What the DeploymentConfig state adds from GetDeployment.
            input.putObject("deploymentConfig").put("name", sample.contains("lambda")
                    ? "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes" : "CodeDeployDefault.ECSAllAtOnce");
        }
        Map<String, String> item = new LinkedHashMap<>();
        WORKFLOW.item(kind).forEach((attribute, value) -> {
            assertEquals(1, value.size(), attribute);
            item.put(attribute, value.containsKey("S") ? value.get("S") : evaluate(value.get("S.$"), input));
        });
        assertEquals(Samples.JSON.readTree(expected), Samples.JSON.valueToTree(item));
    }

    @Test
    void twoStateChangesOfOneExecutionInOneSecondAreTwoKeys() {
        ObjectNode started = (ObjectNode) Samples.json("stage-succeeded");
        ObjectNode failed = started.deepCopy();
        ((ObjectNode) failed.path("detail")).put("state", "FAILED");
        ObjectNode otherStage = started.deepCopy();
        ((ObjectNode) otherStage.path("detail")).put("stage", "Deploy");
        String path = WORKFLOW.item(LedgerEvent.STAGE).get("timestamp").get("S.$");
        List<String> keys = List.of(evaluate(path, started), evaluate(path, failed), evaluate(path, otherStage));
        assertEquals(3, keys.stream().distinct().count(), keys.toString());
    }

    /** The JSONPath and States.Format subset the item mapping uses; a missing field fails. */
    private static String evaluate(String expression, JsonNode input) {
        Matcher format = FORMAT.matcher(expression);
        if (format.matches()) {
            String result = format.group(1);
            for (String path : format.group(2).split(", ")) {
                result = result.replaceFirst("\\{}", Matcher.quoteReplacement(evaluate(path, input)));
            }
            return result;
        }
        assertTrue(expression.startsWith("$."), expression);
        JsonNode value = input;
        for (String field : expression.substring(2).split("\\.")) {
            value = value.path(field);
        }
        assertTrue(value.isTextual(), expression + " is not a text field of the event: " + value);
        return value.asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
