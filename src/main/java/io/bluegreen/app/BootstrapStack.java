package io.bluegreen.app;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicy;
import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicyConfig;
import com.hashicorp.cdktf.providers.aws.s3_bucket_logging.S3BucketLoggingA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_logging.S3BucketLoggingAConfig;
import io.bluegreen.app.blueprint.StackBasics;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.BucketEncryption;
import io.bluegreen.core.BucketPrefix;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.LogRetention;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SecureBucket.SecureBucketProps;
import io.bluegreen.core.SecureBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Creates the state bucket named in {@code backend.tf.json} (P5): versioned, encrypted with its
 * own key (which every environment's backend names, so state objects are SSE-KMS with it), public
 * access blocked, TLS only, with server access logs in a bucket of its own, since it holds every
 * environment. Destroying it is refused while any workspace's state is in it. Its own state is
 * local because the bucket it would live in does not exist yet. Locking needs no table: the S3
 * backend's lock file lives in the same bucket.
 */
public final class BootstrapStack extends TerraformStack {
    public static final String NAME = "bootstrap";
    /** The bootstrap serves every environment, so its names and tags carry this instead. */
    public static final String SHARED = BackendSettings.SHARED;
    /**
     * Relative to the stack directory {@code <outdir>/stacks/bootstrap}: the state sits beside
     * the output directory (the project root for {@code cdktf.out}), so deleting or re-synthesizing
     * cdktf.out does not lose it. *.tfstate is git-ignored.
     */
    public static final String STATE_PATH = "../../../terraform.bootstrap.tfstate";
    /** The plan state policy's purpose, after the project's name: {@code policy-<project>-tfstate-plan-shared}. */
    public static final String PLAN_STATE_POLICY_PURPOSE = "-tfstate-plan";
    /** Where in the log bucket the state bucket's access logs go. */
    static final String ACCESS_LOG_PREFIX = "tfstate/";

    public final EncryptionKey stateKey;
    public final SecureBucket stateBucket;
    public final SecureBucket accessLogBucket;
    /** What a plan role needs of the state beyond AWS's ReadOnlyAccess: the lock object and the key. */
    public final IamPolicy planStatePolicy;

    public BootstrapStack(Construct scope, BackendSettings backend, String projectName, Optional<String> costCenter,
                          BucketPrefix bucketPrefix) {
        super(scope, NAME);
        StackBasics.awsProvider(this, backend.region(), StackBasics.tags(SHARED, projectName, costCenter));
        new LocalBackend(this, LocalBackendConfig.builder().path(STATE_PATH).build());
        Naming naming = new Naming(new EnvironmentSuffix(SHARED), bucketPrefix);
        AwsContext context = AwsContext.of(this);
        this.stateKey = new EncryptionKey(this, "state-key", new EncryptionKeyProps(naming, BackendSettings.stateKeyPurpose(projectName),
                "Encrypts the Terraform state in " + backend.bucket(), List.of()));

        String logBucketName = naming.bucket(this, projectName + "-statelogs");
        String stateBucketArn = "arn:" + context.partition() + ":s3:::" + backend.bucket();
        this.accessLogBucket = new SecureBucket(this, "access-logs", new SecureBucketProps(logBucketName,
                // S3 server access logging writes to SSE-S3 buckets only.
                new BucketEncryption.S3Managed(),
                Optional.of(LogRetention.DAYS), List.of(Statement.allow("S3ServerAccessLogs")
                        .servicePrincipals("logging.s3.amazonaws.com")
                        .actions("s3:PutObject")
                        .resources("arn:" + context.partition() + ":s3:::" + logBucketName + "/" + ACCESS_LOG_PREFIX + "*")
                        .condition("ArnLike", "aws:SourceArn", stateBucketArn)
                        .condition("StringEquals", "aws:SourceAccount", context.accountId())
                        .build())));
        this.stateBucket = new SecureBucket(this, "state", SecureBucketProps.encryptedWith(backend.bucket(), stateKey.arn()));
        new S3BucketLoggingA(this, "state-access-logging", S3BucketLoggingAConfig.builder()
                .bucket(stateBucket.bucket.getId())
                .targetBucket(accessLogBucket.bucket.getId())
                .targetPrefix(ACCESS_LOG_PREFIX)
                // S3 checks the target's policy when logging is turned on.
                .dependsOn(List.of(accessLogBucket.policy))
                .build());

        this.planStatePolicy = planStatePolicy(naming, projectName, context);

        List<ITerraformDependable> everythingElse = new ArrayList<>();
        for (IConstruct child : getNode().findAll()) {
            if (child instanceof TerraformResource resource) {
                everythingElse.add(resource);
            }
        }
        new StateDestroyGuard(this, "state-guard", backend, everythingElse);
        StackBasics.output(this, "stateBucketName", stateBucket.name());
        StackBasics.output(this, "stateKeyArn", stateKey.arn());
        StackBasics.output(this, "accessLogBucketName", accessLogBucket.name());
        StackBasics.output(this, "planStatePolicyArn", planStatePolicy.getArn());
    }

    /**
     * The state access of a role that runs {@code terraform plan} (Atlantis's plan step, the
     * infra-plan build), to attach beside AWS's ReadOnlyAccess: a plan reads every state, and
     * with {@code use_lockfile} writes, reads and deletes the {@code .tflock} object beside the
     * state key, both under the state key through S3. It may not write a state.
     */
    private IamPolicy planStatePolicy(Naming naming, String projectName, AwsContext context) {
        String bucketArn = stateBucket.bucket.getArn();
        return new IamPolicy(this, "plan-state-policy", IamPolicyConfig.builder()
                .name(naming.name(ResourceType.IAM_POLICY, projectName + PLAN_STATE_POLICY_PURPOSE))
                .description("What terraform plan needs of the state in " + stateBucket.name() + " beside ReadOnlyAccess: read the state, take the lock")
                .policy(PolicyDocument.of(
                        Statement.allow("FindWorkspaces").actions("s3:ListBucket").resources(bucketArn).build(),
                        Statement.allow("ReadStates").actions("s3:GetObject").resources(bucketArn + "/*.tfstate").build(),
                        Statement.allow("TakeTheLock").actions("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
                                .resources(bucketArn + "/*.tflock").build(),
                        Statement.allow("UseTheStateKeyThroughS3").actions("kms:Decrypt", "kms:GenerateDataKey")
                                .resources(stateKey.arn())
                                .condition("StringEquals", "kms:ViaService", "s3." + context.region() + ".amazonaws.com")
                                .build()).toJson())
                .build());
    }
}
