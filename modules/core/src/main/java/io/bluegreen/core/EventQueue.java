package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.sqs_queue.SqsQueue;
import com.hashicorp.cdktf.providers.aws.sqs_queue.SqsQueueConfig;
import io.bluegreen.core.PolicyDocument.Statement;
import java.util.List;
import software.constructs.Construct;

/**
 * An SQS queue that EventBridge rules of this account deliver events to: encrypted with a customer
 * managed key, keeping messages 14 days (SQS's longest), sent to by the named rules only, over TLS.
 * The key must admit EventBridge with {@link #keyGrant}.
 *
 * <p>The policy is the queue's own attribute, not an {@code aws_sqs_queue_policy}: the provider
 * waits for SQS to propagate attributes after each of the two (about 25 s apiece), and the
 * queue's ARN is known from its name, so one resource and one wait do.
 */
public final class EventQueue extends Construct {
    public static final int RETENTION_SECONDS = 14 * 24 * 3600;
    private static final List<String> SENDER_KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");

    public final SqsQueue queue;

    /**
     * @param sid      names the statement that admits the rules, e.g. {@code LedgerRulesSendDeadLetters}
     * @param ruleArns the rules that may send, each by ARN
     */
    public EventQueue(Construct scope, String id, String queueName, String keyArn, String sid, List<String> ruleArns) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        String queueArn = context.arn("sqs", queueName);
        this.queue = new SqsQueue(this, "queue", SqsQueueConfig.builder()
                .name(queueName)
                .messageRetentionSeconds(RETENTION_SECONDS)
                .kmsMasterKeyId(keyArn)
                .policy(PolicyDocument.of(
                        Statement.allow(sid)
                                .servicePrincipals("events.amazonaws.com")
                                .actions("sqs:SendMessage")
                                .resources(queueArn)
                                .condition("StringEquals", "aws:SourceAccount", context.accountId())
                                .condition("ArnEquals", "aws:SourceArn", List.copyOf(ruleArns))
                                .build(),
                        Statement.deny("DenyInsecureTransport")
                                .anyPrincipal()
                                .actions("sqs:*")
                                .resources(queueArn)
                                .condition("Bool", "aws:SecureTransport", "false")
                                .build()).toJson())
                .build());
    }

    /**
     * What the queue's key grants EventBridge: encrypting what it sends; SQS always names the queue
     * in the encryption context, which holds the grant to this one queue.
     */
    public static EncryptionKey.ServiceGrant keyGrant(String sid, String queueName) {
        return new EncryptionKey.ServiceGrant(sid, "events.amazonaws.com", false, SENDER_KEY_ACTIONS,
                List.of(new EncryptionKey.Condition("StringEquals", "kms:EncryptionContext:aws:sqs:arn",
                        context -> context.arn("sqs", queueName))));
    }
}
