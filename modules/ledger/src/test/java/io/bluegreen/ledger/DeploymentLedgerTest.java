package io.bluegreen.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import io.bluegreen.notifications.NameFilter;
import io.bluegreen.notifications.NotificationsRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentLedgerTest {
    private static final NotificationsRef TOPIC = new NotificationsRef("arn:aws:sns:us-east-1:123456789012:sns-notifications-dev",
            "sns-notifications-dev", "arn:aws:kms:us-east-1:123456789012:key/topic");
    private static SynthResult synth;

    @BeforeAll
    static void synthLedger() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new DeploymentLedger(stack, "ledger", DeploymentLedgerProps.of(Naming.of("dev"), TOPIC));
        synth = SynthResult.of(stack);
    }

    @Test
    void tableIsKeyedByDeploymentAndTimeOnDemandRecoverableEncryptedAndDeletable() {
        JsonNode table = synth.only("aws_dynamodb_table");
        assertEquals("ddb-ledger-dev", table.path("name").asText());
        assertEquals("PAY_PER_REQUEST", table.path("billing_mode").asText());
        assertEquals("deploymentId", table.path("hash_key").asText());
        assertEquals("timestamp", table.path("range_key").asText());
        assertTrue(table.path("point_in_time_recovery").path("enabled").asBoolean());
        assertTrue(table.path("server_side_encryption").path("enabled").asBoolean());
        assertEquals(synth.ref("aws_kms_key", "arn"), table.path("server_side_encryption").path("kms_key_arn").asText());
        assertFalse(table.path("deletion_protection_enabled").asBoolean());
        JsonNode index = table.path("global_secondary_index").get(0);
        assertEquals(DeploymentLedger.ENVIRONMENT_INDEX, index.path("name").asText());
        assertEquals("environment", index.path("hash_key").asText());
        assertEquals("timestamp", index.path("range_key").asText());
        assertEquals("ALL", index.path("projection_type").asText());
    }

    @Test
    void workflowIsExpressLogsErrorsWithInputAndWaitsForItsPermissions() throws Exception {
        JsonNode workflow = synth.only("aws_sfn_state_machine");
        assertEquals("sfn-ledger-dev", workflow.path("name").asText());
        assertEquals("EXPRESS", workflow.path("type").asText());
        assertEquals(Samples.JSON.readTree(new LedgerWorkflow("ddb-ledger-dev", "dev").toJson()),
                Samples.JSON.readTree(workflow.path("definition").asText()));
        JsonNode logging = workflow.path("logging_configuration");
        assertEquals("ERROR", logging.path("level").asText());
        assertTrue(logging.path("include_execution_data").asBoolean());
        assertEquals(synth.ref("aws_cloudwatch_log_group", "arn") + ":*", logging.path("log_destination").asText());
        assertTrue(workflow.path("tracing_configuration").path("enabled").asBoolean(), "every execution traced in X-Ray");
        JsonNode logs = synth.only("aws_cloudwatch_log_group");
        assertEquals("/aws/vendedlogs/states/ledger-dev", logs.path("name").asText());
        assertEquals(30, logs.path("retention_in_days").asInt());
        assertEquals(synth.ref("aws_kms_key", "arn"), logs.path("kms_key_id").asText());
        assertEquals("[\"aws_iam_role_policy_attachment." + synth.resources("aws_iam_role_policy_attachment").keySet().stream()
                .filter(id -> id.contains("workflow")).findFirst().orElseThrow() + "\"]", workflow.path("depends_on").toString());
    }

    @Test
    void workflowRoleWritesThisTableOnlyAndReadsTheEnvironmentsDeployments() {
        Map<String, JsonNode> statements = statements("ledger-workflow-dev");
        assertEquals(List.of("DeliverErrorLogs", "ReadDeploymentConfigs", "SendTraces", "UseTableKeyThroughDynamoDb", "WriteLedgerItems"),
                List.copyOf(new TreeMap<>(statements).keySet()));
        assertEquals("dynamodb:PutItem", statements.get("WriteLedgerItems").path("Action").asText());
        assertEquals(synth.ref("aws_dynamodb_table", "arn"), statements.get("WriteLedgerItems").path("Resource").asText());
        assertEquals("codedeploy:GetDeployment", statements.get("ReadDeploymentConfigs").path("Action").asText());
        String groups = statements.get("ReadDeploymentConfigs").path("Resource").asText();
        assertTrue(groups.endsWith(":deploymentgroup:*-dev/*"), groups);
        assertEquals("dynamodb.us-east-1.amazonaws.com", statements.get("UseTableKeyThroughDynamoDb").path("Condition")
                .path("StringEquals").path("kms:ViaService").asText().replaceAll("\\$\\{[^}]*}", "us-east-1"));
        assertEquals("*", statements.get("DeliverErrorLogs").path("Resource").asText());
        assertEquals("[\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\",\"xray:GetSamplingRules\",\"xray:GetSamplingTargets\"]",
                statements.get("SendTraces").path("Action").toString());
        assertEquals("*", statements.get("SendTraces").path("Resource").asText());
    }

    @Test
    void namedApplicationsScopeTheDeploymentReadsToThem() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new DeploymentLedger(stack, "ledger", new DeploymentLedgerProps(Naming.of("dev"), TOPIC,
                NameFilter.named(List.of("payment-service-app-dev", "cdapp-web-dev"))));
        SynthResult named = SynthResult.of(stack);
        List<String> groups = new ArrayList<>();
        named.resources("aws_iam_policy").values().forEach(policy -> SynthResult.embedded(policy.path("policy")).path("Statement")
                .forEach(s -> {
                    if (s.path("Sid").asText().equals("ReadDeploymentConfigs")) {
                        s.path("Resource").forEach(r -> groups.add(r.asText().substring(r.asText().indexOf(":deploymentgroup:"))));
                    }
                }));
        assertEquals(List.of(":deploymentgroup:payment-service-app-dev/*", ":deploymentgroup:cdapp-web-dev/*"), groups);
    }

    @Test
    void rulesStartTheWorkflowWithRetriesAndADeadLetterQueue() {
        Map<String, JsonNode> rules = new TreeMap<>();
        synth.resources("aws_cloudwatch_event_rule").values().forEach(r -> rules.put(r.path("name").asText(), r));
        assertEquals(List.of("rule-ledger-deployments-dev", "rule-ledger-pipelines-dev"), List.copyOf(rules.keySet()));
        assertEquals(LedgerEvent.pattern(java.util.Set.of(LedgerEvent.DEPLOYMENT), NameFilter.endingWith("-dev")),
                rules.get("rule-ledger-deployments-dev").path("event_pattern").asText());
        Map<String, JsonNode> targets = synth.resources("aws_cloudwatch_event_target");
        assertEquals(2, targets.size());
        for (JsonNode target : targets.values()) {
            assertEquals(synth.ref("aws_sfn_state_machine", "arn"), target.path("arn").asText());
            assertEquals(synth.ref("aws_iam_role", "delivery", "arn"), target.path("role_arn").asText());
            assertEquals(86400, target.path("retry_policy").path("maximum_event_age_in_seconds").asInt());
            assertEquals(185, target.path("retry_policy").path("maximum_retry_attempts").asInt());
            assertEquals(synth.ref("aws_sqs_queue", "arn"), target.path("dead_letter_config").path("arn").asText());
        }
        Map<String, JsonNode> delivery = statements("ledger-delivery-dev");
        assertEquals("states:StartExecution", delivery.get("StartLedgerWorkflow").path("Action").asText());
        assertEquals(synth.ref("aws_sfn_state_machine", "arn"), delivery.get("StartLedgerWorkflow").path("Resource").asText());
    }

    @Test
    void deadLettersAreEncryptedKeptTwoWeeksAndOnlyTheLedgerRulesSendOverTls() {
        JsonNode queue = synth.only("aws_sqs_queue");
        assertEquals("sqs-ledger-dead-letters-dev", queue.path("name").asText());
        assertEquals(1_209_600, queue.path("message_retention_seconds").asInt());
        assertEquals(synth.ref("aws_kms_key", "arn"), queue.path("kms_master_key_id").asText());
        assertTrue(synth.resources("aws_sqs_queue_policy").isEmpty(), "the policy is the queue's attribute: one propagation wait");
        JsonNode policy = SynthResult.embedded(queue.path("policy"));
        JsonNode send = policy.path("Statement").get(0);
        assertTrue(send.path("Resource").asText().endsWith(":sqs-ledger-dead-letters-dev"), send.toString());
        assertEquals("events.amazonaws.com", send.path("Principal").path("Service").get(0).asText());
        assertEquals("sqs:SendMessage", send.path("Action").asText());
        List<String> sources = new ArrayList<>();
        send.path("Condition").path("ArnEquals").path("aws:SourceArn").forEach(a -> sources.add(a.asText()));
        assertEquals(List.of(synth.ref("aws_cloudwatch_event_rule", "pipelines", "arn"),
                synth.ref("aws_cloudwatch_event_rule", "deployments", "arn")), sources);
        JsonNode deny = policy.path("Statement").get(1);
        assertEquals("Deny", deny.path("Effect").asText());
        assertEquals("false", deny.path("Condition").path("Bool").path("aws:SecureTransport").asText());
    }

    @Test
    void keyAdmitsLogsAndEventBridgeForThisLogGroupAndQueueOnly() {
        JsonNode policy = SynthResult.embedded(synth.only("aws_kms_key").path("policy"));
        Map<String, String> contexts = new TreeMap<>();
        policy.path("Statement").forEach(s -> {
            if (s.path("Principal").has("Service")) {
                s.path("Condition").forEach(pairs -> pairs.fields().forEachRemaining(e ->
                        contexts.put(s.path("Principal").path("Service").get(0).asText().replaceAll("\\..*", ""), e.getKey() + "=" + e.getValue().asText())));
            }
        });
        assertEquals(2, contexts.size(), contexts.toString());
        assertTrue(contexts.get("events").startsWith("kms:EncryptionContext:aws:sqs:arn=arn:"), contexts.toString());
        assertTrue(contexts.get("events").endsWith(":sqs-ledger-dead-letters-dev"), contexts.toString());
        assertTrue(contexts.get("logs").endsWith(":log-group:/aws/vendedlogs/states/ledger-dev*"),
                contexts.toString());
    }

    @Test
    void alarmsOnDeadLettersAndFailedWritesNotifyTheTopic() {
        Map<String, JsonNode> alarms = new TreeMap<>();
        synth.resources("aws_cloudwatch_metric_alarm").values().forEach(a -> alarms.put(a.path("alarm_name").asText(), a));
        assertEquals(List.of("alarm-ledger-dead-letters-dev", "alarm-ledger-failed-writes-dev"), List.copyOf(alarms.keySet()));
        JsonNode deadLetters = alarms.get("alarm-ledger-dead-letters-dev");
        assertEquals("ApproximateNumberOfMessagesVisible", deadLetters.path("metric_name").asText());
        assertEquals("sqs-ledger-dead-letters-dev", deadLetters.path("dimensions").path("QueueName").asText());
        assertEquals("GreaterThanThreshold", deadLetters.path("comparison_operator").asText());
        assertEquals(0, deadLetters.path("threshold").asInt());
        JsonNode failed = alarms.get("alarm-ledger-failed-writes-dev");
        assertEquals("AWS/States", failed.path("namespace").asText());
        assertEquals("ExecutionsFailed", failed.path("metric_name").asText());
        assertEquals(synth.ref("aws_sfn_state_machine", "arn"), failed.path("dimensions").path("StateMachineArn").asText());
        for (JsonNode alarm : alarms.values()) {
            assertEquals("[\"" + TOPIC.topicArn() + "\"]", alarm.path("alarm_actions").toString());
            assertEquals("[\"" + TOPIC.topicArn() + "\"]", alarm.path("ok_actions").toString());
        }
    }

    /** The statements of the customer-managed policy named {@code policy}, by Sid. */
    private static Map<String, JsonNode> statements(String roleNameStem) {
        Map<String, JsonNode> found = new TreeMap<>();
        synth.resources("aws_iam_policy").values().stream()
                .filter(p -> p.path("name").asText().equals("role-" + roleNameStem))
                .forEach(p -> SynthResult.embedded(p.path("policy")).path("Statement").forEach(s -> found.put(s.path("Sid").asText(), s)));
        assertFalse(found.isEmpty(), "no policy for role-" + roleNameStem);
        return found;
    }
}
