package io.bluegreen.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays what CodePipeline and CodeDeploy do on a real account against the emulator: puts the
 * ledger module's sample events on the default bus through the EventBridge API, with the ids of
 * CodeDeploy deployments that really exist, and reads a ledger table back.
 */
final class LedgerProbe {
    static final Path SAMPLES = Path.of("modules/ledger/src/test/resources/events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalAws aws;
    private final Path root;
    private final Path work;

    LedgerProbe(LocalAws aws, Path root, Path work) {
        this.aws = aws;
        this.root = root;
        this.work = work;
    }

    JsonNode sample(String name) throws Exception {
        return JSON.readTree(root.resolve(SAMPLES).resolve(name + ".json").toFile());
    }

    /**
     * A CodeDeploy application, group and deployment for a sample event's names; returns the
     * deployment's id. The group's configuration is what the ledger must record.
     */
    String deployment(JsonNode sample, String computePlatform, String config) throws Exception {
        String application = sample.path("detail").path("application").asText();
        String group = sample.path("detail").path("deploymentGroup").asText();
        aws.aws("deploy", "create-application", "--application-name", application, "--compute-platform", computePlatform);
        aws.aws("deploy", "create-deployment-group", "--application-name", application, "--deployment-group-name", group,
                "--service-role-arn", "arn:aws:iam::123456789012:role/codedeploy", "--deployment-config-name", config,
                "--deployment-style", "deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL");
        return JSON.readTree(aws.aws("deploy", "create-deployment", "--application-name", application, "--deployment-group-name", group,
                "--revision", "{\"revisionType\":\"AppSpecContent\",\"appSpecContent\":{\"content\":\"{}\"}}")).path("deploymentId").asText();
    }

    void deleteApplication(String name) throws Exception {
        aws.aws("deploy", "delete-application", "--application-name", name);
    }

    /** PutEvents with each event's source, detail-type, detail and time; returns the event ids EventBridge gave them. */
    List<String> put(List<JsonNode> events) throws Exception {
        return putAs(null, events);
    }

    /** {@link #put} as {@code roleArn} (null: this account's credentials), on that role's account's default bus. */
    List<String> putAs(String roleArn, List<JsonNode> events) throws Exception {
        ArrayNode entries = JSON.createArrayNode();
        for (JsonNode event : events) {
            ObjectNode entry = entries.addObject();
            entry.put("Source", event.path("source").asText());
            entry.put("DetailType", event.path("detail-type").asText());
            entry.put("Detail", event.path("detail").toString());
            entry.put("Time", event.path("time").asText());
            entry.set("Resources", event.path("resources"));
        }
        Path file = Files.createTempFile(work, "events", ".json");
        Files.writeString(file, entries.toString());
        String[] putEvents = {"events", "put-events", "--entries", "file://" + file};
        JsonNode answer = JSON.readTree(roleArn == null ? aws.aws(putEvents) : aws.awsAs(roleArn, putEvents));
        if (answer.path("FailedEntryCount").asInt() != 0) {
            throw new AssertionError("PutEvents failed: " + answer);
        }
        List<String> ids = new ArrayList<>();
        answer.path("Entries").forEach(e -> ids.add(e.path("EventId").asText()));
        return ids;
    }

    /** Every item of the table, attribute to text, keyed by {@code deploymentId timestamp}. */
    Map<String, Map<String, String>> items(String table) throws Exception {
        Map<String, Map<String, String>> items = new TreeMap<>();
        for (JsonNode item : JSON.readTree(aws.aws("dynamodb", "scan", "--table-name", table)).path("Items")) {
            Map<String, String> values = new TreeMap<>();
            item.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().path("S").asText()));
            items.put(values.get("deploymentId") + " " + values.get("timestamp"), values);
        }
        return items;
    }

    /** Waits until the workflow has finished {@code count} executions in all, each of them successfully. */
    void awaitExecutions(String stateMachine, int count) throws Exception {
        String arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + stateMachine;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode executions = JSON.createArrayNode();
        while (Instant.now().isBefore(deadline)) {
            executions = JSON.readTree(aws.aws("stepfunctions", "list-executions", "--state-machine-arn", arn)).path("executions");
            long succeeded = 0;
            for (JsonNode execution : executions) {
                String status = execution.path("status").asText();
                if (!status.equals("SUCCEEDED") && !status.equals("RUNNING")) {
                    throw new AssertionError("a ledger execution ended " + status + ": " + execution);
                }
                succeeded += status.equals("SUCCEEDED") ? 1 : 0;
            }
            if (succeeded == count && executions.size() == count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(count + " ledger executions did not finish within 90 s: " + executions);
    }
}
