package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3BucketConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfiguration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleFilter;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControls;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControlsConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControlsRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicyConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlockConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationAConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningAConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningVersioningConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.constructs.Construct;

/**
 * An S3 bucket as every module makes one (X2, X4): versioned, encrypted by default, ACLs off,
 * all four public access blocks on, a policy that refuses plain HTTP, incomplete uploads aborted,
 * and deletable while it still holds objects so {@code cdktf destroy} leaves nothing behind. Add
 * statements to the policy with {@link SecureBucketProps#extraStatements()}.
 *
 * <p>No server access logs (a scanner's finding): S3 writes them only to a bucket under SSE-S3,
 * which would be one more unencrypted-by-CMK bucket per environment for the record of reads
 * CloudTrail data events keep better (KMS-encrypted, account-wide). The state bucket, whose
 * reads matter most, has them.
 */
public final class SecureBucket extends Construct {
    /** Incomplete multipart uploads are aborted this many days after they started. */
    public static final int ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 1;

    public final S3Bucket bucket;
    public final S3BucketPublicAccessBlock publicAccessBlock;
    public final S3BucketPolicy policy;
    public final S3BucketLifecycleConfiguration lifecycle;

    public SecureBucket(Construct scope, String id, SecureBucketProps props) {
        super(scope, id);
        this.bucket = new S3Bucket(this, "bucket", S3BucketConfig.builder()
                .bucket(props.bucketName())
                .forceDestroy(true)
                .build());
        new S3BucketOwnershipControls(this, "ownership", S3BucketOwnershipControlsConfig.builder()
                .bucket(bucket.getId())
                .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
                .build());
        this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access", S3BucketPublicAccessBlockConfig.builder()
                .bucket(bucket.getId())
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build());
        new S3BucketVersioningA(this, "versioning", S3BucketVersioningAConfig.builder()
                .bucket(bucket.getId())
                .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
                .build());
        S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.Builder byDefault =
                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder();
        byDefault.sseAlgorithm(props.encryption().sseAlgorithm());
        props.encryption().kmsKeyId().ifPresent(byDefault::kmsMasterKeyId);
        new S3BucketServerSideEncryptionConfigurationA(this, "encryption", S3BucketServerSideEncryptionConfigurationAConfig.builder()
                .bucket(bucket.getId())
                .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
                        .applyServerSideEncryptionByDefault(byDefault.build())
                        .bucketKeyEnabled(props.encryption().kmsKeyId().isPresent())
                        .build()))
                .build());
        List<PolicyDocument.Statement> statements = new ArrayList<>();
        statements.add(PolicyDocument.denyInsecureS3Transport(bucket.getArn()));
        statements.addAll(props.extraStatements());
        this.policy = new S3BucketPolicy(this, "policy", S3BucketPolicyConfig.builder()
                .bucket(bucket.getId())
                .policy(new PolicyDocument(statements).toJson())
                // A policy put before the public access block may be judged public and refused.
                .dependsOn(List.of(publicAccessBlock))
                .build());
        this.lifecycle = lifecycle(props.expireObjectsAfterDays());
    }

    public String arn() {
        return bucket.getArn();
    }

    public String name() {
        return bucket.getBucket();
    }

    /**
     * One rule over every object: parts of uploads that never completed are removed after a day
     * (they are invisible in listings but billed and would outlive everything else), and with an
     * expiry, objects and their old versions go after that many days.
     */
    private S3BucketLifecycleConfiguration lifecycle(Optional<Integer> expireAfterDays) {
        S3BucketLifecycleConfigurationRule.Builder rule = S3BucketLifecycleConfigurationRule.builder()
                .status("Enabled")
                .filter(S3BucketLifecycleConfigurationRuleFilter.builder().prefix("").build())
                .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                        .daysAfterInitiation(ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS).build());
        expireAfterDays.ifPresentOrElse(days -> rule
                        .id("expire-after-" + days + "-days")
                        .expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(days).build())
                        .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                                .noncurrentDays(days).build()),
                () -> rule.id("abort-incomplete-uploads"));
        return new S3BucketLifecycleConfiguration(this, "lifecycle", S3BucketLifecycleConfigurationConfig.builder()
                .bucket(bucket.getId())
                .rule(List.of(rule.build()))
                .build());
    }

    /**
     * @param bucketName             globally unique; make it with {@link Naming#bucket}
     * @param encryption             the bucket's default encryption; required ({@link BucketEncryption})
     * @param expireObjectsAfterDays expire objects and old versions after this many days; default: kept
     * @param extraStatements        added to the TLS-only bucket policy; default none
     */
    public record SecureBucketProps(String bucketName, BucketEncryption encryption, Optional<Integer> expireObjectsAfterDays,
                                    List<PolicyDocument.Statement> extraStatements) {
        public SecureBucketProps {
            Objects.requireNonNull(bucketName, "bucketName");
            Objects.requireNonNull(encryption, "encryption");
            Objects.requireNonNull(expireObjectsAfterDays, "expireObjectsAfterDays");
            extraStatements = List.copyOf(extraStatements);
            expireObjectsAfterDays.ifPresent(days -> {
                if (days < 1) {
                    throw SettingException.invalid("expireObjectsAfterDays", "must be at least 1", days, "use a number of days such as 30");
                }
            });
        }

        public static SecureBucketProps encryptedWith(String bucketName, String kmsKeyArn) {
            return new SecureBucketProps(bucketName, new BucketEncryption.CustomerKey(kmsKeyArn), Optional.empty(), List.of());
        }
    }
}
