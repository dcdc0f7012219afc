package io.bluegreen.vpc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What other modules need of a network, and nothing more: they place load balancers in
 * {@code publicSubnetIds}, tasks and builds in {@code privateSubnetIds}, and let them reach
 * interface endpoints through {@code endpointSecurityGroupId} where there is one.
 */
public record NetworkRef(String vpcId, String cidrBlock, List<String> publicSubnetIds, List<String> privateSubnetIds,
                         Optional<String> endpointSecurityGroupId) {
    public NetworkRef {
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(cidrBlock, "cidrBlock");
        publicSubnetIds = List.copyOf(publicSubnetIds);
        privateSubnetIds = List.copyOf(privateSubnetIds);
        Objects.requireNonNull(endpointSecurityGroupId, "endpointSecurityGroupId");
    }
}
