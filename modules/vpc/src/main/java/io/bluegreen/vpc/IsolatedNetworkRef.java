package io.bluegreen.vpc;

import java.util.List;
import java.util.Objects;

/**
 * Where builds without internet access run and what they may reach: the interface endpoints'
 * security group and the S3 gateway endpoint's prefix list (both on HTTPS only).
 */
public record IsolatedNetworkRef(String vpcId, List<String> buildSubnetIds, String endpointSecurityGroupId,
                                 String s3PrefixListId) {
    public IsolatedNetworkRef {
        Objects.requireNonNull(vpcId, "vpcId");
        buildSubnetIds = List.copyOf(buildSubnetIds);
        Objects.requireNonNull(endpointSecurityGroupId, "endpointSecurityGroupId");
        Objects.requireNonNull(s3PrefixListId, "s3PrefixListId");
    }
}
