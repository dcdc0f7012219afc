package io.bluegreen.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NotificationsTest {
    private static SynthResult synth;

    @BeforeAll
    static void synthTopicWithRoutesAndAlarm() {
        TerraformStack stack = TestStacks.withAwsProvider();
        Notifications notifications = new Notifications(stack, "notifications", NotificationsProps.of(Naming.of("dev"),
                List.of(new EmailAddress("ops@example.com"), new EmailAddress("platform@example.com"))));
        notifications.route(EventRoute.pipelineExecutions(NameFilter.endingWith("-dev"),
                Set.of(PipelineState.FAILED, PipelineState.SUCCEEDED)));
        notifications.route(EventRoute.manualApprovals(NameFilter.endingWith("-dev")));
        CloudwatchMetricAlarm alarm = new CloudwatchMetricAlarm(stack, "alarm", CloudwatchMetricAlarmConfig.builder()
                .alarmName("alarm-test-dev").namespace("AWS/NATGateway").metricName("ErrorPortAllocation")
                .statistic("Sum").period(300).evaluationPeriods(1).threshold(0).comparisonOperator("GreaterThanThreshold")
                .build());
        notifications.notifyOn(alarm);
        synth = SynthResult.of(stack);
    }

    @Test
    void topicIsNamedBySuffixAndEncryptedWithItsOwnRotatedKey() {
        JsonNode topic = synth.only("aws_sns_topic");
        assertEquals("sns-notifications-dev", topic.path("name").asText());
        assertEquals(synth.ref("aws_kms_key", "arn"), topic.path("kms_master_key_id").asText());
        assertTrue(synth.only("aws_kms_key").path("enable_key_rotation").asBoolean());
        assertEquals("alias/kms-notifications-dev", synth.only("aws_kms_alias").path("name").asText());
    }

    @Test
    void keyPolicyAdmitsEventBridgeAndCloudWatchAlarmsWithExplicitActions() {
        JsonNode policy = SynthResult.embedded(synth.only("aws_kms_key").path("policy"));
        List<String> services = new ArrayList<>();
        policy.path("Statement").forEach(s -> {
            if (s.path("Principal").has("Service")) {
                services.add(s.path("Principal").path("Service").get(0).asText() + " " + s.path("Action"));
            }
        });
        assertEquals(List.of("events.amazonaws.com [\"kms:Decrypt\",\"kms:GenerateDataKey\"]",
                "cloudwatch.amazonaws.com [\"kms:Decrypt\",\"kms:GenerateDataKey\"]"), services);
    }

    @Test
    void keyServesThisTopicOnlyAndAlarmsOfThisAccountAndEnvironmentOnly() {
        JsonNode statements = SynthResult.embedded(synth.only("aws_kms_key").path("policy")).path("Statement");
        String topicArn = arn("sns", "sns-notifications-dev");
        JsonNode events = statements.get(1).path("Condition");
        assertEquals(topicArn, events.path("StringEquals").path("kms:EncryptionContext:aws:sns:topicArn").asText());
        // EventBridge sends neither aws:SourceAccount nor aws:SourceArn to KMS: a condition on them would drop every message.
        assertFalse(events.path("StringEquals").has("aws:SourceAccount"), events.toString());
        JsonNode alarms = statements.get(2).path("Condition");
        assertEquals(topicArn, alarms.path("StringEquals").path("kms:EncryptionContext:aws:sns:topicArn").asText());
        assertEquals(account(), alarms.path("StringEquals").path("aws:SourceAccount").asText());
        assertEquals(arn("cloudwatch", "alarm:*-dev"), alarms.path("ArnLike").path("aws:SourceArn").asText());
    }

    @Test
    void topicPolicyLetsOnlyTheAccountsServicesPublishOverTls() {
        JsonNode policy = SynthResult.embedded(synth.only("aws_sns_topic_policy").path("policy"));
        assertEquals(List.of("AccountManagesTopic", "EventBridgePublishes", "CloudWatchAlarmsPublish", "DenyInsecureTransport"),
                sids(policy));
        JsonNode events = policy.path("Statement").get(1);
        assertEquals(synth.ref("aws_sns_topic", "arn"), events.path("Resource").asText());
        assertEquals(account(), events.path("Condition").path("StringEquals").path("aws:SourceAccount").asText());
        assertEquals(arn("events", "rule/*-dev"), events.path("Condition").path("ArnLike").path("aws:SourceArn").asText());
        JsonNode alarms = policy.path("Statement").get(2);
        assertEquals(account(), alarms.path("Condition").path("StringEquals").path("aws:SourceAccount").asText());
        assertEquals(arn("cloudwatch", "alarm:*-dev"), alarms.path("Condition").path("ArnLike").path("aws:SourceArn").asText());
        JsonNode deny = policy.path("Statement").get(3);
        assertEquals("Deny", deny.path("Effect").asText());
        assertEquals("false", deny.path("Condition").path("Bool").path("aws:SecureTransport").asText());
    }

    @Test
    void subscribesEachEmail() {
        assertEquals(List.of("email ops@example.com", "email platform@example.com"),
                synth.resources("aws_sns_topic_subscription").values().stream()
                        .map(s -> s.path("protocol").asText() + " " + s.path("endpoint").asText()).sorted().toList());
    }

    @Test
    void routesPipelineEventsThroughAReadableInputTransformer() {
        JsonNode rule = synth.resources("aws_cloudwatch_event_rule").values().stream()
                .filter(r -> r.path("name").asText().equals("rule-pipeline-executions-dev")).findFirst().orElseThrow();
        assertEquals("CodePipeline executions [FAILED, SUCCEEDED]", rule.path("description").asText());
        JsonNode target = synth.resources("aws_cloudwatch_event_target").values().stream()
                .filter(t -> t.path("rule").asText().contains("pipeline-executions")).findFirst().orElseThrow();
        assertEquals(synth.ref("aws_sns_topic", "arn"), target.path("arn").asText());
        JsonNode transformer = target.path("input_transformer");
        assertEquals("\"Pipeline <pipeline> <state> (execution <execution>)\"", transformer.path("input_template").asText());
        assertEquals("$.detail.execution-id", transformer.path("input_paths").path("execution").asText());
    }

    @Test
    void alarmNotifiesTheTopicOnAlarmAndOk() {
        JsonNode alarm = synth.only("aws_cloudwatch_metric_alarm");
        String topic = synth.ref("aws_sns_topic", "arn");
        assertEquals(topic, alarm.path("alarm_actions").get(0).asText());
        assertEquals(topic, alarm.path("ok_actions").get(0).asText());
    }

    @Test
    void failsOnMalformedEmail() {
        SettingException e = assertThrows(SettingException.class, () -> EmailAddress.parse("notificationEmails", "ops@example"));
        assertEquals("notificationEmails is not a valid email address, got 'ops@example'; use an address such as "
                + "'platform-team@example.com'", e.getMessage());
    }

    @Test
    void failsOnDuplicateEmail() {
        EmailAddress ops = new EmailAddress("ops@example.com");
        SettingException e = assertThrows(SettingException.class,
                () -> NotificationsProps.of(Naming.of("dev"), List.of(ops, ops)));
        assertEquals("notificationEmails lists an address twice, got '[ops@example.com, ops@example.com]'; list each address once",
                e.getMessage());
    }

    private static String account() {
        return "${data.aws_caller_identity." + synth.dataSources("aws_caller_identity").keySet().iterator().next() + ".account_id}";
    }

    /** The ARN as AwsContext renders it: partition, region and account read at plan time. */
    private static String arn(String service, String resource) {
        return "arn:${data.aws_partition." + synth.dataSources("aws_partition").keySet().iterator().next() + ".partition}:" + service
                + ":${data.aws_region." + synth.dataSources("aws_region").keySet().iterator().next() + ".name}:" + account() + ":" + resource;
    }

    private static List<String> sids(JsonNode policy) {
        List<String> sids = new ArrayList<>();
        policy.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
        return sids;
    }
}
