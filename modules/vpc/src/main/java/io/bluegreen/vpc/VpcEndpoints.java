package io.bluegreen.vpc;

import com.hashicorp.cdktf.Precondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroupConfig;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpointConfig;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRuleConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.constructs.Construct;

/**
 * The VPC endpoints a {@link Network} adds, created or adopted alike, as children of the network:
 * gateway endpoints on the private route tables, interface endpoints in the private subnets
 * behind one security group that admits HTTPS from the VPC's range.
 */
record VpcEndpoints(Optional<SecurityGroup> securityGroup, Map<Endpoint, VpcEndpoint> endpoints) {

    /** {@code namePrefix} sets endpoints of different owners in one environment apart, e.g. {@code isolated-}. */
    static VpcEndpoints create(Construct scope, String namePrefix, Set<Endpoint> wanted, String vpcId, String cidrBlock,
                               List<String> privateSubnetIds, List<String> privateRouteTableIds, AwsContext context, Naming naming) {
        return create(scope, namePrefix, wanted, vpcId, cidrBlock, privateSubnetIds, privateRouteTableIds, context, naming, List.of());
    }

    /** As above, the interface endpoints' security group checking {@code preconditions} first (subnets it cannot take). */
    static VpcEndpoints create(Construct scope, String namePrefix, Set<Endpoint> wanted, String vpcId, String cidrBlock,
                               List<String> privateSubnetIds, List<String> privateRouteTableIds, AwsContext context, Naming naming,
                               List<Precondition> preconditions) {
        Optional<SecurityGroup> group = wanted.stream().anyMatch(e -> !e.isGateway())
                ? Optional.of(securityGroup(scope, vpcId, cidrBlock, naming.name(ResourceType.SECURITY_GROUP, namePrefix + "endpoints"),
                        preconditions))
                : Optional.empty();
        EnumMap<Endpoint, VpcEndpoint> created = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : wanted.stream().sorted().toList()) {
            VpcEndpointConfig.Builder config = VpcEndpointConfig.builder()
                    .vpcId(vpcId)
                    .serviceName("com.amazonaws." + context.region() + "." + endpoint.service())
                    .tags(Map.of("Name", naming.name(ResourceType.VPC_ENDPOINT, namePrefix + endpoint.id())));
            if (endpoint.isGateway()) {
                config.vpcEndpointType("Gateway").routeTableIds(privateRouteTableIds);
            } else {
                config.vpcEndpointType("Interface")
                        .subnetIds(privateSubnetIds)
                        .securityGroupIds(List.of(group.orElseThrow().getId()))
                        .privateDnsEnabled(true);
            }
            created.put(endpoint, new VpcEndpoint(scope, "endpoint-" + endpoint.id(), config.build()));
        }
        return new VpcEndpoints(group, Collections.unmodifiableMap(created));
    }

    private static SecurityGroup securityGroup(Construct scope, String vpcId, String cidrBlock, String name,
                                               List<Precondition> preconditions) {
        SecurityGroupConfig.Builder config = SecurityGroupConfig.builder()
                .name(name)
                .description("HTTPS from inside the VPC to interface endpoints")
                .vpcId(vpcId)
                .tags(Map.of("Name", name));
        if (!preconditions.isEmpty()) {
            config.lifecycle(TerraformResourceLifecycle.builder().precondition(preconditions).build());
        }
        SecurityGroup group = new SecurityGroup(scope, "endpoints-sg", config.build());
        new VpcSecurityGroupIngressRule(scope, "endpoints-https", VpcSecurityGroupIngressRuleConfig.builder()
                .securityGroupId(group.getId())
                .description("HTTPS from the VPC")
                .ipProtocol("tcp")
                .fromPort(443)
                .toPort(443)
                .cidrIpv4(cidrBlock)
                .build());
        return group;
    }
}
