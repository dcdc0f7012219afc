package io.bluegreen.notifications;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRuleConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetInputTransformer;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.data_aws_kms_alias.DataAwsKmsAlias;
import com.hashicorp.cdktf.providers.aws.data_aws_kms_alias.DataAwsKmsAliasConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_sns_topic.DataAwsSnsTopic;
import com.hashicorp.cdktf.providers.aws.data_aws_sns_topic.DataAwsSnsTopicConfig;
import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopic;
import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopicConfig;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicy;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicyConfig;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscription;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscriptionConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.Condition;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.EncryptionKey.ServiceGrant;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.constructs.Construct;

/**
 * An SNS topic people subscribe to (A8, B7), encrypted with its own customer-managed key whose
 * policy admits EventBridge and CloudWatch alarms: a topic on {@code alias/aws/sns} silently
 * drops what those services publish, because its AWS-managed key policy cannot admit them.
 * {@link #route} sends EventBridge events here as readable sentences; {@link #notifyOn} sends an
 * alarm's state changes here.
 *
 * <p>Only this account's rules and alarms of this environment (names ending with {@code -<suffix>})
 * may publish: the topic policy checks {@code aws:SourceAccount} and {@code aws:SourceArn}. The key
 * serves this topic only ({@code kms:EncryptionContext:aws:sns:topicArn}); alarms are also held to
 * their account and names there, EventBridge is not, because it sends neither key to KMS.
 */
public final class Notifications extends Construct {
    private static final List<String> PUBLISHER_KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");

    public final EncryptionKey key;
    public final SnsTopic topic;
    public final SnsTopicPolicy topicPolicy;
    public final List<SnsTopicSubscription> subscriptions;
    private final Naming naming;
    private final NotificationsRef ref;

    public Notifications(Construct scope, String id, NotificationsProps props) {
        super(scope, id);
        this.naming = props.naming();
        AwsContext context = AwsContext.of(this);
        String topicName = props.topicName();
        // Built from the name, not the topic, which itself needs the key first.
        Condition thisTopic = new Condition("StringEquals", "kms:EncryptionContext:aws:sns:topicArn",
                ctx -> ctx.arn("sns", topicName));
        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(naming, props.purpose(),
                "Encrypts the SNS topic " + topicName,
                List.of(new ServiceGrant("EventBridgePublishes", "events.amazonaws.com", false, PUBLISHER_KEY_ACTIONS,
                                List.of(thisTopic)),
                        new ServiceGrant("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com", false, PUBLISHER_KEY_ACTIONS,
                                List.of(thisTopic, Condition.sourceAccount(),
                                        new Condition("ArnLike", "aws:SourceArn", this::environmentAlarms))))));
        this.topic = new SnsTopic(this, "topic", SnsTopicConfig.builder()
                .name(topicName)
                .kmsMasterKeyId(key.arn())
                .build());
        this.topicPolicy = new SnsTopicPolicy(this, "policy", SnsTopicPolicyConfig.builder()
                .arn(topic.getArn())
                .policy(topicPolicy(context).toJson())
                .build());
        List<SnsTopicSubscription> subs = new ArrayList<>();
        for (int i = 0; i < props.emails().size(); i++) {
            subs.add(new SnsTopicSubscription(this, "email-" + (i + 1), SnsTopicSubscriptionConfig.builder()
                    .topicArn(topic.getArn())
                    .protocol("email")
                    .endpoint(props.emails().get(i).value())
                    .build()));
        }
        this.subscriptions = Collections.unmodifiableList(subs);
        this.ref = new NotificationsRef(topic.getArn(), topic.getName(), key.arn());
    }

    public NotificationsRef ref() {
        return ref;
    }

    /**
     * The reference of a topic another stack made with {@link NotificationsProps#of}, found by
     * its name, so a service stack notifies its environment's topic without sharing state.
     */
    public static NotificationsRef lookup(Construct scope, String id, Naming naming) {
        Construct lookup = new Construct(scope, id);
        DataAwsSnsTopic topic = new DataAwsSnsTopic(lookup, "topic", DataAwsSnsTopicConfig.builder()
                .name(naming.name(ResourceType.SNS_TOPIC, NotificationsProps.DEFAULT_PURPOSE))
                .build());
        DataAwsKmsAlias alias = new DataAwsKmsAlias(lookup, "key", DataAwsKmsAliasConfig.builder()
                .name(naming.kmsAlias(NotificationsProps.DEFAULT_PURPOSE))
                .build());
        return new NotificationsRef(topic.getArn(), topic.getName(), alias.getTargetKeyArn());
    }

    /** Sends the events {@code route} matches to the topic as a readable sentence. */
    public CloudwatchEventRule route(EventRoute route) {
        CloudwatchEventRule rule = new CloudwatchEventRule(this, "rule-" + route.purpose(), CloudwatchEventRuleConfig.builder()
                .name(naming.name(ResourceType.EVENT_RULE, route.purpose()))
                .description(route.description())
                .eventPattern(route.eventPattern())
                .build());
        new CloudwatchEventTarget(this, "target-" + route.purpose(), CloudwatchEventTargetConfig.builder()
                .rule(rule.getName())
                .targetId("notifications")
                .arn(topic.getArn())
                .inputTransformer(CloudwatchEventTargetInputTransformer.builder()
                        .inputPaths(new java.util.TreeMap<>(route.inputPaths()))
                        .inputTemplate(route.inputTemplate())
                        .build())
                .build());
        return rule;
    }

    /** Publishes the alarm's transitions to ALARM and back to OK on the topic. */
    public void notifyOn(CloudwatchMetricAlarm alarm) {
        alarm.setAlarmActions(ref.alarmActions());
        alarm.setOkActions(ref.alarmActions());
    }

    /** Every alarm of the environment: their names end with the suffix (X1). */
    private String environmentAlarms(AwsContext context) {
        return context.arn("cloudwatch", "alarm:*-" + naming.suffix().value());
    }

    private PolicyDocument topicPolicy(AwsContext context) {
        String topicArn = topic.getArn();
        return PolicyDocument.of(
                Statement.allow("AccountManagesTopic")
                        .awsPrincipals(context.accountRootArn())
                        .actions("sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
                                "sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish")
                        .resources(topicArn)
                        .build(),
                Statement.allow("EventBridgePublishes")
                        .servicePrincipals("events.amazonaws.com")
                        .actions("sns:Publish")
                        .resources(topicArn)
                        .condition("StringEquals", "aws:SourceAccount", context.accountId())
                        .condition("ArnLike", "aws:SourceArn", context.arn("events", "rule/*-" + naming.suffix().value()))
                        .build(),
                Statement.allow("CloudWatchAlarmsPublish")
                        .servicePrincipals("cloudwatch.amazonaws.com")
                        .actions("sns:Publish")
                        .resources(topicArn)
                        .condition("StringEquals", "aws:SourceAccount", context.accountId())
                        .condition("ArnLike", "aws:SourceArn", environmentAlarms(context))
                        .build(),
                Statement.deny("DenyInsecureTransport")
                        .anyPrincipal()
                        .actions("sns:Publish")
                        .resources(topicArn)
                        .condition("Bool", "aws:SecureTransport", "false")
                        .build());
    }
}
