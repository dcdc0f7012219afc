package io.bluegreen.vpc;

import java.util.List;
import java.util.Objects;

/**
 * Where builds without internet access run and what they may reach: the interface endpoints'
 * security groups (the created endpoints' group first, then the adopted ones') and the S3 gateway
 * endpoint's prefix list (all on HTTPS only).
 */
public record IsolatedNetworkRef(String vpcId, List<String> buildSubnetIds, List<String> endpointSecurityGroupIds,
                                 String s3PrefixListId) {
    public IsolatedNetworkRef {
        Objects.requireNonNull(vpcId, "vpcId");
        buildSubnetIds = List.copyOf(buildSubnetIds);
        endpointSecurityGroupIds = List.copyOf(endpointSecurityGroupIds);
        if (endpointSecurityGroupIds.isEmpty()) {
            throw new IllegalArgumentException("an isolated network has interface endpoints, so at least one group");
        }
        Objects.requireNonNull(s3PrefixListId, "s3PrefixListId");
    }
}
