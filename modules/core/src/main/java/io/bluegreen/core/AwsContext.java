package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.data_aws_region.DataAwsRegion;
import com.hashicorp.cdktf.TerraformStack;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Account, region and partition of the provider in scope, read at plan time so the same JSON
 * deploys to any account: ARNs and service principals are built from these, never hard-coded.
 * One per stack: {@link #of} returns the stack's, so every module shares three data sources.
 */
public final class AwsContext extends Construct {
    private static final String ID = "aws-context";

    private final DataAwsCallerIdentity caller;
    private final DataAwsRegion region;
    private final DataAwsPartition partition;

    /** The context of the stack {@code scope} is in, created on first use. */
    public static AwsContext of(Construct scope) {
        TerraformStack stack = TerraformStack.of(scope);
        IConstruct existing = stack.getNode().tryFindChild(ID);
        return existing instanceof AwsContext context ? context : new AwsContext(stack);
    }

    private AwsContext(Construct stack) {
        super(stack, ID);
        this.caller = new DataAwsCallerIdentity(this, "caller");
        this.region = new DataAwsRegion(this, "region");
        this.partition = new DataAwsPartition(this, "partition");
    }

    public String accountId() {
        return caller.getAccountId();
    }

    /**
     * The account id as a bare Terraform reference, for expressions written by hand (conditions
     * rendered through overrides) where an interpolated token would nest.
     */
    public String accountIdReference() {
        return "data.aws_caller_identity." + caller.getFriendlyUniqueId() + ".account_id";
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
