package io.bluegreen.ecs;

import com.hashicorp.cdktf.providers.aws.data_aws_elb_service_account.DataAwsElbServiceAccount;
import io.bluegreen.core.BucketEncryption;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.LogRetention;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.core.SecureBucket.SecureBucketProps;
import java.util.List;
import java.util.Optional;
import software.constructs.Construct;

/**
 * The bucket a load balancer writes its access logs to (X4): SSE-S3, because ELB log delivery
 * supports no other encryption, objects kept {@value LogRetention#DAYS} days like every log,
 * TLS-only, private and deletable with its logs. ELB may write under {@code <prefix>/AWSLogs/<account>/}
 * only: as the regional ELB account (regions opened before August 2022) or as the log delivery
 * service principal (newer regions), whichever the region uses.
 */
final class AlbAccessLogs extends Construct {
    final SecureBucket bucket;
    final String prefix;

    AlbAccessLogs(Construct scope, String id, String bucketName, String prefix) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        this.prefix = prefix;
        String logs = "arn:" + context.partition() + ":s3:::" + bucketName + "/" + prefix + "/AWSLogs/" + context.accountId() + "/*";
        DataAwsElbServiceAccount elb = new DataAwsElbServiceAccount(this, "elb-account");
        this.bucket = new SecureBucket(this, "bucket", new SecureBucketProps(bucketName,
                // ELB writes access logs to SSE-S3 buckets only.
                new BucketEncryption.S3Managed(),
                Optional.of(LogRetention.DAYS), List.of(
                        Statement.allow("RegionalElbAccountWritesLogs").awsPrincipals(elb.getArn())
                                .actions("s3:PutObject").resources(logs).build(),
                        Statement.allow("ElbLogDeliveryWritesLogs").servicePrincipals("logdelivery.elasticloadbalancing.amazonaws.com")
                                .actions("s3:PutObject").resources(logs)
                                .condition("StringEquals", "aws:SourceAccount", context.accountId())
                                .build())));
    }
}
