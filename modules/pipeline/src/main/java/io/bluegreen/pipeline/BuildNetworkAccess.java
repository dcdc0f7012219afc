package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroupConfig;
import com.hashicorp.cdktf.providers.aws.security_group_rule.SecurityGroupRule;
import com.hashicorp.cdktf.providers.aws.security_group_rule.SecurityGroupRuleConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import io.bluegreen.vpc.IsolatedNetworkRef;
import java.util.List;
import java.util.Map;

/**
 * Builds in a network (E3): their security group, which admits nothing and lets out only HTTPS
 * to the interface endpoints and the S3 gateway endpoint, and what a build role needs for
 * CodeBuild to place the build's network interface in the given subnets.
 */
final class BuildNetworkAccess {
    private BuildNetworkAccess() {
    }

    static SecurityGroup securityGroup(DeliveryPipeline scope, DeliveryPipelineProps props, IsolatedNetworkRef network) {
        String name = props.naming().name(ResourceType.SECURITY_GROUP, props.purpose() + "-build");
        // Terraform removes the allow-all egress rule AWS adds to a new group: only the rules below remain.
        SecurityGroup group = new SecurityGroup(scope, "build-sg", SecurityGroupConfig.builder()
                .name(name)
                .description("Builds of " + props.pipelineName() + ": HTTPS to the VPC endpoints only")
                .vpcId(network.vpcId())
                .revokeRulesOnDelete(true)
                .tags(Map.of("Name", name))
                .build());
        List<String> endpointGroups = network.endpointSecurityGroupIds();
        for (int i = 0; i < endpointGroups.size(); i++) {
            // The created endpoints' group keeps the first rule's id, whether or not others are adopted beside them.
            new SecurityGroupRule(scope, i == 0 ? "build-to-endpoints" : "build-to-endpoints-" + (i + 1), SecurityGroupRuleConfig.builder()
                    .type("egress")
                    .securityGroupId(group.getId())
                    .description(i == 0 ? "HTTPS to the interface endpoints" : "HTTPS to the adopted interface endpoints")
                    .protocol("tcp")
                    .fromPort(443)
                    .toPort(443)
                    .sourceSecurityGroupId(endpointGroups.get(i))
                    .build());
        }
        new SecurityGroupRule(scope, "build-to-s3", SecurityGroupRuleConfig.builder()
                .type("egress")
                .securityGroupId(group.getId())
                .description("HTTPS to S3 through the gateway endpoint (artifacts, image layers)")
                .protocol("tcp")
                .fromPort(443)
                .toPort(443)
                .prefixListIds(List.of(network.s3PrefixListId()))
                .build());
        return group;
    }

    /**
     * What CodeBuild does with the build role to run in the subnets: read the network (Describe
     * calls take no resource), create the build's interface in these subnets with this group
     * only, and delete it afterwards.
     */
    static List<Statement> statements(IsolatedNetworkRef network, String securityGroupId, AwsContext context) {
        List<String> subnets = network.buildSubnetIds().stream().map(id -> context.arn("ec2", "subnet/" + id)).toList();
        String interfaces = context.arn("ec2", "network-interface/*");
        return List.of(
                Statement.allow("ReadTheBuildNetwork")
                        .actions("ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                                "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs")
                        // EC2's Describe calls support no resource-level permissions.
                        .resources("*").build(),
                Statement.allow("CreateBuildInterfaces").actions("ec2:CreateNetworkInterface")
                        .resources(concat(List.of(interfaces, context.arn("ec2", "security-group/" + securityGroupId)), subnets))
                        .build(),
                Statement.allow("AuthorizeCodeBuildOnTheInterfaces").actions("ec2:CreateNetworkInterfacePermission")
                        .resources(interfaces)
                        .condition("StringEquals", "ec2:AuthorizedService", "codebuild.amazonaws.com")
                        .condition("ArnEquals", "ec2:Subnet", subnets.size() == 1 ? subnets.get(0) : subnets)
                        .build(),
                Statement.allow("DeleteBuildInterfaces").actions("ec2:DeleteNetworkInterface")
                        .resources(interfaces)
                        .condition("ArnEquals", "ec2:Subnet", subnets.size() == 1 ? subnets.get(0) : subnets)
                        .build());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
