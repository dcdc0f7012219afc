package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroupConfig;
import software.constructs.Construct;

/** Log groups as every module makes them: 30 days retention (X6), encrypted with a CMK (X4). */
public final class LogGroups {
    /** What CloudWatch Logs does with a log group's key, spelled out (no wildcard actions, X5). */
    static final java.util.List<String> LOGS_KEY_ACTIONS = java.util.List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom",
            "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey");

    private LogGroups() {
    }

    public static CloudwatchLogGroup encrypted(Construct scope, String id, String name, String kmsKeyArn) {
        return new CloudwatchLogGroup(scope, id, CloudwatchLogGroupConfig.builder()
                .name(name)
                .retentionInDays(LogRetention.DAYS)
                .kmsKeyId(kmsKeyArn)
                .build());
    }

    /**
     * Lets CloudWatch Logs encrypt the log groups whose names start with {@code namePrefix}; the
     * encryption-context condition stops any other log group in the account from using the key.
     */
    public static EncryptionKey.ServiceGrant keyGrant(String namePrefix) {
        return keyGrant(java.util.List.of(namePrefix));
    }

    /** As {@link #keyGrant(String)} for several log groups sharing one key. */
    public static EncryptionKey.ServiceGrant keyGrant(java.util.List<String> namePrefixes) {
        java.util.List<String> prefixes = java.util.List.copyOf(namePrefixes);
        // CloudWatch Logs sends no aws:SourceAccount to KMS; the encryption context it always sends
        // names the log group, in this account, which is what the condition pins down.
        return new EncryptionKey.ServiceGrant("CloudWatchLogsEncrypt", "logs.amazonaws.com", true, LOGS_KEY_ACTIONS,
                java.util.List.of(new EncryptionKey.Condition("ArnLike", "kms:EncryptionContext:aws:logs:arn",
                        context -> {
                            java.util.List<String> arns = prefixes.stream()
                                    .map(prefix -> context.arn("logs", "log-group:" + prefix + "*")).toList();
                            return arns.size() == 1 ? arns.get(0) : arns;
                        })));
    }
}
