package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What EventBridge and CloudWatch alarms deliver: a rule's target invoked with the target's
 * role, or (SNS, SQS) by EventBridge itself under the target's resource policy; failed
 * deliveries to the dead-letter queue; alarm actions published to their topic. An encrypted
 * topic or queue also needs its key.
 */
final class EventCalls {
    static final String TARGET_ROLE = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html";
    static final String TARGET_RESOURCE_POLICY = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions";
    static final String ENCRYPTED_TOPIC = "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services";
    static final String TARGET_QUEUE = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions";
    static final String DEAD_LETTERS = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html";
    static final String ALARM_TOPIC = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html";

    private EventCalls() {
    }

    static List<Call> of(Policies policies) {
        TerraformModel model = policies.model();
        List<Call> calls = new ArrayList<>();
        for (Block target : model.resources("aws_cloudwatch_event_target")) {
            String ruleName = model.argument(target, "rule");
            Block rule = model.find("aws_cloudwatch_event_rule", r -> r.stack().equals(target.stack()) && model.argument(r, "name").equals(ruleName))
                    .orElseThrow();
            String ruleArn = model.attribute(rule, List.of("arn"));
            String targetArn = model.argument(target, "arn");
            String service = targetArn.split(":")[2];
            if (target.body().has("role_arn")) {
                String role = model.argument(target, "role_arn");
                calls.add(Requests.assumedBy("events.amazonaws.com", role, ruleArn, TARGET_ROLE));
                String action = switch (service) {
                    case "codepipeline" -> "codepipeline:StartPipelineExecution";
                    case "codebuild" -> "codebuild:StartBuild";
                    case "states" -> "states:StartExecution";
                    case "events" -> "events:PutEvents";
                    default -> throw new IllegalStateException(target.address() + " targets " + service + " with a role, which the IAM catalogue does not know");
                };
                calls.add(Call.of(role, action, targetArn, targetArn.split(":")[4], TARGET_ROLE));
            } else if (service.equals("sns")) {
                Call publish = fromRule("sns:Publish", targetArn, ruleArn, TARGET_RESOURCE_POLICY);
                calls.add(publish);
                calls.addAll(publishToEncryptedTopic(policies, publish, ENCRYPTED_TOPIC));
            } else if (service.equals("sqs")) {
                calls.addAll(sendToQueue(model, targetArn, ruleArn, TARGET_QUEUE));
            } else {
                throw new IllegalStateException(target.address() + " targets " + service + " without a role, which the IAM catalogue does not know");
            }
            JsonNode deadLetters = target.body().path("dead_letter_config").path("arn");
            if (!deadLetters.isMissingNode()) {
                calls.addAll(sendToQueue(model, model.resolve(target.stack(), deadLetters.asText()), ruleArn, DEAD_LETTERS));
            }
        }
        for (Block alarm : model.resources("aws_cloudwatch_metric_alarm")) {
            Set<String> topics = new LinkedHashSet<>();
            for (String actions : List.of("alarm_actions", "ok_actions", "insufficient_data_actions")) {
                alarm.body().path(actions).forEach(a -> topics.add(model.resolve(alarm.stack(), a.asText())));
            }
            String alarmArn = model.attribute(alarm, List.of("arn"));
            for (String topic : topics) {
                Call publish = Call.of("cloudwatch.amazonaws.com", "sns:Publish", topic, topic.split(":")[4], ALARM_TOPIC)
                        .with("aws:SourceArn", alarmArn).with("aws:SourceAccount", alarm.account());
                calls.add(publish);
                calls.addAll(publishToEncryptedTopic(policies, publish, ALARM_TOPIC));
            }
        }
        return List.copyOf(calls);
    }

    /** EventBridge sending to a queue for a rule, and to the queue's key when it has one of its own. */
    private static List<Call> sendToQueue(TerraformModel model, String queue, String ruleArn, String source) {
        List<Call> calls = new ArrayList<>(List.of(fromRule("sqs:SendMessage", queue, ruleArn, source)));
        Block queueBlock = model.find("aws_sqs_queue", q -> model.attribute(q, List.of("arn")).equals(queue)).orElseThrow();
        if (queueBlock.body().has("kms_master_key_id")) {
            String key = model.argument(queueBlock, "kms_master_key_id");
            for (String api : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                calls.add(fromRule(api, key, ruleArn, source).with("kms:EncryptionContext:aws:sqs:arn", queue));
            }
        }
        return calls;
    }

    /** EventBridge delivering for a rule as itself: the rule is the source. */
    private static Call fromRule(String action, String resource, String ruleArn, String source) {
        String account = ruleArn.split(":")[4];
        return Call.of("events.amazonaws.com", action, resource, resource.split(":")[4], source)
                .with("aws:SourceArn", ruleArn).with("aws:SourceAccount", account);
    }

    /**
     * What publishing to a topic under SSE-KMS takes besides {@code sns:Publish}: SNS asks KMS for
     * a data key with the publisher's identity (a role through SNS, or a service principal with
     * its source keys), in the topic's encryption context.
     */
    static List<Call> publishToEncryptedTopic(Policies policies, Call publish, String source) {
        TerraformModel model = policies.model();
        String topic = publish.resource();
        Block topicBlock = model.find("aws_sns_topic", t -> model.attribute(t, List.of("arn")).equals(topic))
                .orElseThrow(() -> new IllegalStateException("no stack creates the topic " + topic));
        if (!topicBlock.body().has("kms_master_key_id")) {
            return List.of();
        }
        String key = model.argument(topicBlock, "kms_master_key_id");
        List<Call> calls = new ArrayList<>();
        for (String api : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
            Call call = publish.byService()
                    ? new Call(publish.principal(), api, key, key.split(":")[4], publish.context(), source, List.of(), java.util.Optional.empty())
                    : Requests.viaService(publish.principal(), api, key, "sns", model.region(), source);
            calls.add(call.with("kms:EncryptionContext:aws:sns:topicArn", topic));
        }
        return calls;
    }

    static List<Call> publishToEncryptedTopic(Policies policies, String role, String topic, String source) {
        return publishToEncryptedTopic(policies, Call.of(role, "sns:Publish", topic, topic.split(":")[4], source), source);
    }
}
