package io.bluegreen.vpc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What other modules need of a network, and nothing more: they place load balancers in
 * {@code publicSubnetIds}, tasks and builds in {@code privateSubnetIds}, and let them reach
 * interface endpoints through {@code endpointSecurityGroupId} where there is one.
 * {@code natPublicIps} are the addresses traffic from the private subnets to the internet leaves
 * with: what an internet-facing load balancer sees of a client inside the VPC (it resolves to
 * public addresses, so the request goes out through NAT and comes back in), so admitting "the VPC"
 * there means admitting these; a list token, empty for an adopted VPC.
 */
public record NetworkRef(String vpcId, String cidrBlock, List<String> publicSubnetIds, List<String> privateSubnetIds,
                         List<String> natPublicIps, Optional<String> endpointSecurityGroupId) {
    public NetworkRef {
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(cidrBlock, "cidrBlock");
        publicSubnetIds = List.copyOf(publicSubnetIds);
        privateSubnetIds = List.copyOf(privateSubnetIds);
        natPublicIps = List.copyOf(natPublicIps);
        Objects.requireNonNull(endpointSecurityGroupId, "endpointSecurityGroupId");
    }
}
