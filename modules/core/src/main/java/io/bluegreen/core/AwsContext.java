package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.data_aws_region.DataAwsRegion;
import software.constructs.Construct;

/**
 * Account, region and partition of the provider in scope, read at plan time so the same JSON
 * deploys to any account: ARNs and service principals are built from these, never hard-coded.
 */
public final class AwsContext extends Construct {
    private final DataAwsCallerIdentity caller;
    private final DataAwsRegion region;
    private final DataAwsPartition partition;

    public AwsContext(Construct scope, String id) {
        super(scope, id);
        this.caller = new DataAwsCallerIdentity(this, "caller");
        this.region = new DataAwsRegion(this, "region");
        this.partition = new DataAwsPartition(this, "partition");
    }

    public String accountId() {
        return caller.getAccountId();
    }

    public String region() {
        return region.getName();
    }

    public String partition() {
        return partition.getPartition();
    }

    /** {@code arn:<partition>:iam::<account>:root}, the account as a policy principal. */
    public String accountRootArn() {
        return "arn:" + partition() + ":iam::" + accountId() + ":root";
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
    public String arn(String service, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region() + ":" + accountId() + ":" + resource;
    }
}
