package io.bluegreen.vpc;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLogConfig;
import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicy;
import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicyConfig;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRoleConfig;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachmentConfig;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * A created VPC's flow logs: every packet's metadata to a 30-day log group on its own key,
 * written by a role that may write that group only, as children of the {@link Network}.
 */
record FlowLogs(CloudwatchLogGroup group, FlowLog flowLog) {
    static FlowLogs create(Construct scope, Vpc vpc, Naming naming, AwsContext context) {
        String groupName = naming.logGroup("/aws/vpc/flow-logs");
        EncryptionKey key = new EncryptionKey(scope, "flow-logs-key", new EncryptionKey.EncryptionKeyProps(naming, "vpc-flow-logs",
                "Encrypts the VPC flow log group " + groupName, List.of(LogGroups.keyGrant(groupName))));
        CloudwatchLogGroup group = LogGroups.encrypted(scope, "flow-logs", groupName, key.arn());
        IamRole role = new IamRole(scope, "flow-logs-role", IamRoleConfig.builder()
                .name(naming.name(ResourceType.IAM_ROLE, "vpc-flow-logs"))
                .assumeRolePolicy(PolicyDocument.of(Statement.allow("VpcFlowLogsAssume")
                        .servicePrincipals("vpc-flow-logs.amazonaws.com")
                        .actions("sts:AssumeRole")
                        .condition("StringEquals", "aws:SourceAccount", context.accountId())
                        .build()).toJson())
                .build());
        IamPolicy policy = new IamPolicy(scope, "flow-logs-policy", IamPolicyConfig.builder()
                .name(naming.name(ResourceType.IAM_POLICY, "vpc-flow-logs"))
                .description("Lets VPC flow logs write to " + groupName + " only")
                .policy(PolicyDocument.of(Statement.allow("WriteFlowLogs")
                        .actions("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams")
                        .resources(group.getArn(), group.getArn() + ":*")
                        .build()).toJson())
                .build());
        IamRolePolicyAttachment attachment = new IamRolePolicyAttachment(scope, "flow-logs-attach",
                IamRolePolicyAttachmentConfig.builder()
                        .role(role.getName())
                        .policyArn(policy.getArn())
                        .build());
        FlowLog flowLog = new FlowLog(scope, "flow-log", FlowLogConfig.builder()
                .vpcId(vpc.getId())
                .trafficType("ALL")
                .logDestinationType("cloud-watch-logs")
                .logDestination(group.getArn())
                .iamRoleArn(role.getArn())
                .maxAggregationInterval(60)
                .tags(Map.of("Name", naming.name(ResourceType.FLOW_LOG, "vpc")))
                // The first delivery must not race the grant.
                .dependsOn(List.of(attachment))
                .build());
        return new FlowLogs(group, flowLog);
    }
}
