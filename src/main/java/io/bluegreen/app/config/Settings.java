package io.bluegreen.app.config;

import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.EndpointMode;
import io.bluegreen.vpc.NatGateways;
import java.util.List;

/**
 * An environment's settings as {@code config/platform.json} writes them: under {@code settings},
 * in a profile and in the environment, merged in that order and bound by {@link ConfigBinder}. A
 * setting left out is {@code null} here; the module that owns it states its default
 * (docs/settings.md).
 */
public record Settings(String region, String costCenter, List<String> notificationEmails, Integer azCount, NatGateways natGateways,
                       String vpcCidr, List<Endpoint> vpcEndpoints, ExistingVpc existingVpc, Boolean requireHttps,
                       Boolean loadBalancerWebAcl, Boolean loadBalancerAccessLogs, IsolatedNetwork isolatedNetwork,
                       Boolean reservedConcurrency, Integer lambdaConcurrencyQuota, String awsAccountId, String buildkitImage) {

    /** {@code existingVpc}: a VPC another stack or team owns, adopted instead of created. */
    public record ExistingVpc(String vpcId, List<String> publicSubnetIds, List<String> privateSubnetIds) {
    }

    /** {@code isolatedNetwork}: the VPC blueprint E's builds run in, without internet. */
    public record IsolatedNetwork(String vpcId, List<String> buildSubnetIds, EndpointMode endpoints, List<Endpoint> adoptedEndpoints,
                                  String endpointSecurityGroupId, List<String> admittedEgress) {
    }
}
