package io.bluegreen.app.iam;

import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.Optional;

/** How objects of a bucket are encrypted, and the AWS managed key {@code aws/s3}. */
final class Storage {
    /** The policy AWS gives every AWS managed key, here {@code aws/s3} (KMS developer guide, "AWS managed keys"). */
    private static final String AWS_MANAGED_KEY_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Allow access through S3 for all principals in the account that are authorized to use S3","Effect":"Allow",
               "Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],
               "Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"%1$s","kms:ViaService":"s3.%2$s.amazonaws.com"}}},
              {"Sid":"Allow direct access to key metadata to the account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},
               "Action":["kms:Describe*","kms:Get*","kms:List*"],"Resource":"*"}]}""";

    /** A bucket's default encryption: the KMS key (none for SSE-S3) and whether an S3 Bucket Key is on. */
    record Sse(Optional<String> key, boolean bucketKey) {
    }

    private Storage() {
    }

    /** A bucket's default encryption; {@code aws:kms} without a key id is the account's {@code aws/s3} key. */
    static Sse defaultEncryption(Policies policies, String bucketName) {
        TerraformModel model = policies.model();
        for (Block sse : model.resources("aws_s3_bucket_server_side_encryption_configuration")) {
            if (model.argument(sse, "bucket").equals(bucketName)) {
                var rule = sse.body().path("rule").get(0).path("apply_server_side_encryption_by_default");
                String key = rule.path("kms_master_key_id").asText("");
                Optional<String> arn = !key.isEmpty() ? Optional.of(model.resolve(sse.stack(), key))
                        : rule.path("sse_algorithm").asText().equals("aws:kms") ? Optional.of(awsManagedS3Key(policies, sse.account(), model.region()))
                        : Optional.empty();
                return new Sse(arn, sse.body().path("rule").get(0).path("bucket_key_enabled").asBoolean(false));
            }
        }
        throw new IllegalStateException("no stack of the environment encrypts the bucket " + bucketName);
    }

    /** The ARN of the account's {@code aws/s3} key, its policy registered with {@code policies}. */
    static String awsManagedS3Key(Policies policies, String account, String region) {
        String arn = "arn:aws:kms:" + region + ":" + account + ":key/aws-s3-managed-key";
        if (policies.resourcePolicy(arn).isEmpty()) {
            policies.governs(arn, policies.register(arn, AWS_MANAGED_KEY_POLICY.formatted(account, region)));
        }
        return arn;
    }
}
