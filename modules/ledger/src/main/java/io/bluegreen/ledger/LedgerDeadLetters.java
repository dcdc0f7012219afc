package io.bluegreen.ledger;

import com.hashicorp.cdktf.providers.aws.sqs_queue.SqsQueue;
import com.hashicorp.cdktf.providers.aws.sqs_queue.SqsQueueConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.PolicyDocument.Statement;
import java.util.List;
import software.constructs.Construct;

/**
 * Where EventBridge puts a ledger event it could not hand to the workflow after its retries:
 * an SQS queue encrypted with the ledger's key, keeping messages 14 days (SQS's longest), that
 * only the ledger's rules may send to, over TLS.
 *
 * <p>The policy is the queue's own attribute, not an {@code aws_sqs_queue_policy}: the provider
 * waits for SQS to propagate attributes after each of the two (about 25 s apiece), and the
 * queue's ARN is known from its name, so one resource and one wait do.
 */
public final class LedgerDeadLetters extends Construct {
    public static final int RETENTION_SECONDS = 14 * 24 * 3600;
    private static final List<String> SENDER_KEY_ACTIONS = List.of("kms:Decrypt", "kms:GenerateDataKey");

    public final SqsQueue queue;

    LedgerDeadLetters(Construct scope, String id, String queueName, String keyArn, List<String> ruleArns) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        String queueArn = context.arn("sqs", queueName);
        this.queue = new SqsQueue(this, "queue", SqsQueueConfig.builder()
                .name(queueName)
                .messageRetentionSeconds(RETENTION_SECONDS)
                .kmsMasterKeyId(keyArn)
                .policy(PolicyDocument.of(
                        Statement.allow("LedgerRulesSendDeadLetters")
                                .servicePrincipals("events.amazonaws.com")
                                .actions("sqs:SendMessage")
                                .resources(queueArn)
                                .condition("StringEquals", "aws:SourceAccount", context.accountId())
                                .condition("ArnEquals", "aws:SourceArn", ruleArns)
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
     * EventBridge encrypts what it sends to the queue with the ledger's key; SQS always names the
     * queue in the encryption context, which holds the grant to this one queue.
     */
    static EncryptionKey.ServiceGrant keyGrant(String queueName) {
        return new EncryptionKey.ServiceGrant("EventBridgeSendsDeadLetters", "events.amazonaws.com", false, SENDER_KEY_ACTIONS,
                List.of(new EncryptionKey.Condition("StringEquals", "kms:EncryptionContext:aws:sqs:arn",
                        context -> context.arn("sqs", queueName))));
    }
}
