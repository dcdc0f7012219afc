package io.bluegreen.app.iam;

import java.util.List;

/** Requests several services make alike: assuming a role, and using a KMS key through a service. */
final class Requests {
    static final String S3_KMS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys";
    static final String S3_BUCKET_KEY = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html#bucket-key-context";

    private Requests() {
    }

    /**
     * A service assuming the role it runs as, with the source keys it sets for the resource it
     * acts for (the pages of CodePipeline, CodeBuild, CodeDeploy, EventBridge, Step Functions,
     * VPC Flow Logs, Lambda and ECS on cross-service confused deputy prevention).
     */
    static Call assumedBy(String service, String roleArn, String sourceArn, String page) {
        String account = roleArn.split(":")[4];
        return Call.of(service, "sts:AssumeRole", roleArn, account, page)
                .with("aws:SourceAccount", account)
                .with("aws:SourceArn", sourceArn);
    }

    /**
     * {@code action} on {@code keyArn} as a service makes it with the caller's credentials
     * ({@code kms:ViaService}), for a request of {@code principal}.
     */
    static Call viaService(String principal, String action, String keyArn, String service, String region, String page) {
        Call call = Call.of(principal, action, keyArn, keyArn.split(":")[4], page)
                .with("kms:ViaService", service + "." + region + ".amazonaws.com");
        return principal.startsWith("arn:") ? call.with("kms:CallerAccount", principal.split(":")[4]) : call;
    }

    /**
     * What S3 asks of KMS when {@code principal} writes ({@code kms:GenerateDataKey}) or reads
     * ({@code kms:Decrypt}) an object under SSE-KMS: the encryption context is the object's ARN,
     * or the bucket's with an S3 Bucket Key.
     */
    static List<Call> s3Kms(String principal, boolean write, String keyArn, String objectArn, boolean bucketKey, String region) {
        String context = bucketKey ? objectArn.substring(0, objectArn.indexOf('/')) : objectArn;
        return List.of(viaService(principal, write ? "kms:GenerateDataKey" : "kms:Decrypt", keyArn, "s3", region, bucketKey ? S3_BUCKET_KEY : S3_KMS)
                .with("kms:EncryptionContext:aws:s3:arn", context));
    }
}
