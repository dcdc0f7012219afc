package io.bluegreen.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The express Step Functions workflow that turns one EventBridge event into one ledger item,
 * without function code: a Choice on the detail-type, a DynamoDB PutItem per kind under the
 * condition that the key does not exist yet, and a Succeed when it does. EventBridge delivers
 * at least once; a second delivery of an event has the same time and state change, hence the
 * same key, and writes nothing.
 *
 * <p>The key: {@code deploymentId} is the pipeline execution id or the CodeDeploy deployment id;
 * {@code timestamp} is the event's ISO-8601 time followed by what changed (e.g.
 * {@code 2026-11-22T15:09:31Z#stage#Build#SUCCEEDED}), so items sort by time and two changes of
 * one execution within the same second are two items. CodeDeploy's events do not carry the
 * deployment configuration; the workflow reads it with {@code GetDeployment} and records
 * {@code unknown: <error>} when that fails, so the state change itself is never lost.
 *
 * @param tableName   the ledger table
 * @param environment written into every item, the partition key of the {@code environment-timestamp} index
 */
public record LedgerWorkflow(String tableName, String environment) {
    /** Errors of the PutItem integration worth another attempt: throttling and service faults. */
    static final List<String> TRANSIENT_WRITE_ERRORS = List.of("DynamoDB.ProvisionedThroughputExceededException",
            "DynamoDB.RequestLimitExceeded", "DynamoDB.ThrottlingException", "DynamoDB.InternalServerErrorException",
            "DynamoDB.AmazonDynamoDBException", "States.Timeout");
    static final String DUPLICATE = "DynamoDB.ConditionalCheckFailedException";
    private static final ObjectMapper JSON = new ObjectMapper();

    public LedgerWorkflow {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(environment, "environment");
    }

    /** The Amazon States Language definition. */
    public String toJson() {
        ObjectNode definition = JSON.createObjectNode();
        definition.put("Comment", "Writes each pipeline and deployment state change of " + environment
                + " to " + tableName + " exactly once");
        definition.put("StartAt", "Kind");
        ObjectNode states = definition.putObject("States");
        ObjectNode choice = states.putObject("Kind");
        choice.put("Type", "Choice");
        ArrayNode choices = choice.putArray("Choices");
        for (LedgerEvent kind : LedgerEvent.values()) {
            ObjectNode rule = choices.addObject();
            rule.put("Variable", "$.detail-type");
            rule.put("StringEquals", kind.detailType());
            rule.put("Next", kind == LedgerEvent.DEPLOYMENT ? "DeploymentConfig" : record(kind));
        }
        choice.put("Default", "UnknownEvent");
        states.set("UnknownEvent", JSON.createObjectNode()
                .put("Type", "Fail")
                .put("Error", "Ledger.UnknownEvent")
                .put("Cause", "the ledger's rules send only pipeline execution, stage, action and deployment state changes"));
        states.set("DeploymentConfig", deploymentConfigLookup());
        ObjectNode unknownConfig = states.putObject("DeploymentConfigUnknown");
        unknownConfig.put("Type", "Pass");
        unknownConfig.putObject("Parameters").put("name.$", "States.Format('unknown: {}', $.deploymentConfigError.Error)");
        unknownConfig.put("ResultPath", "$.deploymentConfig");
        unknownConfig.put("Next", record(LedgerEvent.DEPLOYMENT));
        for (LedgerEvent kind : LedgerEvent.values()) {
            states.set(record(kind), putItem(item(kind)));
        }
        states.set("AlreadyRecorded", JSON.createObjectNode()
                .put("Type", "Succeed")
                .put("Comment", "EventBridge delivered this state change before; its item exists"));
        return definition.toString();
    }

    /**
     * The item of one kind, attribute to DynamoDB value: {@code {"S": text}} for a constant,
     * {@code {"S.$": path}} for a value read from the event.
     */
    public Map<String, Map<String, String>> item(LedgerEvent kind) {
        Map<String, Map<String, String>> item = new LinkedHashMap<>();
        switch (kind) {
            case PIPELINE_EXECUTION -> {
                item.put("deploymentId", read("$.detail.execution-id"));
                item.put("timestamp", read("States.Format('{}#execution#{}', $.time, $.detail.state)"));
            }
            case STAGE -> {
                item.put("deploymentId", read("$.detail.execution-id"));
                item.put("timestamp", read("States.Format('{}#stage#{}#{}', $.time, $.detail.stage, $.detail.state)"));
            }
            case ACTION -> {
                item.put("deploymentId", read("$.detail.execution-id"));
                item.put("timestamp", read("States.Format('{}#action#{}#{}#{}', $.time, $.detail.stage, $.detail.action, $.detail.state)"));
            }
            case DEPLOYMENT -> {
                item.put("deploymentId", read("$.detail.deploymentId"));
                item.put("timestamp", read("States.Format('{}#deployment#{}', $.time, $.detail.state)"));
            }
        }
        item.put("environment", Map.of("S", environment));
        item.put("kind", Map.of("S", kind.kind()));
        item.put(kind.nameField(), read("$.detail." + kind.nameField()));
        if (kind == LedgerEvent.STAGE || kind == LedgerEvent.ACTION) {
            item.put("stage", read("$.detail.stage"));
        }
        if (kind == LedgerEvent.ACTION) {
            item.put("action", read("$.detail.action"));
            item.put("actionCategory", read("$.detail.type.category"));
        }
        if (kind == LedgerEvent.DEPLOYMENT) {
            item.put("deploymentGroup", read("$.detail.deploymentGroup"));
            item.put("deploymentConfig", read("$.deploymentConfig.name"));
        }
        item.put("state", read("$.detail.state"));
        item.put("eventTime", read("$.time"));
        item.put("eventId", read("$.id"));
        return item;
    }

    private static String record(LedgerEvent kind) {
        return switch (kind) {
            case PIPELINE_EXECUTION -> "RecordPipelineExecution";
            case STAGE -> "RecordStage";
            case ACTION -> "RecordAction";
            case DEPLOYMENT -> "RecordDeployment";
        };
    }

    private ObjectNode putItem(Map<String, Map<String, String>> item) {
        ObjectNode task = JSON.createObjectNode();
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::dynamodb:putItem");
        ObjectNode parameters = task.putObject("Parameters");
        parameters.put("TableName", tableName);
        parameters.set("Item", JSON.valueToTree(item));
        parameters.put("ConditionExpression", "attribute_not_exists(deploymentId)");
        task.set("Retry", retry(TRANSIENT_WRITE_ERRORS, 5));
        ArrayNode catchers = task.putArray("Catch");
        ObjectNode duplicate = catchers.addObject();
        duplicate.putArray("ErrorEquals").add(DUPLICATE);
        duplicate.put("Next", "AlreadyRecorded");
        task.put("End", true);
        return task;
    }

    private static ObjectNode deploymentConfigLookup() {
        ObjectNode task = JSON.createObjectNode();
        task.put("Type", "Task");
        task.put("Resource", "arn:aws:states:::aws-sdk:codedeploy:getDeployment");
        task.putObject("Parameters").put("DeploymentId.$", "$.detail.deploymentId");
        task.putObject("ResultSelector").put("name.$", "$.DeploymentInfo.DeploymentConfigName");
        task.put("ResultPath", "$.deploymentConfig");
        task.set("Retry", retry(List.of("States.TaskFailed"), 3));
        ArrayNode catchers = task.putArray("Catch");
        ObjectNode any = catchers.addObject();
        any.putArray("ErrorEquals").add("States.ALL");
        any.put("ResultPath", "$.deploymentConfigError");
        any.put("Next", "DeploymentConfigUnknown");
        task.put("Next", record(LedgerEvent.DEPLOYMENT));
        return task;
    }

    private static ArrayNode retry(List<String> errors, int attempts) {
        ArrayNode retry = JSON.createArrayNode();
        ObjectNode retrier = retry.addObject();
        errors.forEach(retrier.putArray("ErrorEquals")::add);
        retrier.put("IntervalSeconds", 1);
        retrier.put("BackoffRate", 2);
        retrier.put("MaxAttempts", attempts);
        return retry;
    }

    private static Map<String, String> read(String path) {
        return Map.of("S.$", path);
    }
}
