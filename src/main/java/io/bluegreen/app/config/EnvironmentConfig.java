package io.bluegreen.app.config;

import io.bluegreen.core.BucketPrefix;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.Naming;
import io.bluegreen.notifications.EmailAddress;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.ExistingVpc;
import io.bluegreen.vpc.IsolatedNetworkProps;
import io.bluegreen.vpc.NatGateways;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one environment is synthesized from, resolved from {@code config/platform.json}:
 * global settings, then the environment's profile, then the environment's own overrides; and the
 * services that get a stack in every environment.
 *
 * @param requireHttps           every service load balancer this platform creates must serve HTTPS
 * @param loadBalancerWebAcl     a WAF web ACL in front of each service load balancer
 * @param loadBalancerAccessLogs access logs of each service load balancer, in a bucket of their own
 * @param bucketPrefix           what starts every S3 bucket name: the account id unless {@code bucketNamePrefix} is set
 * @param isolatedNetwork        where the ISOLATED_ECS services build (E3); required when one is configured
 * @param awsAccountId           the account the environment's stacks must run in (the provider refuses any other);
 *                               environments with the same one (or none) share the Lambda concurrency budget
 * @param lambdaConcurrencyQuota the account's Lambda concurrent executions quota; default AWS's 1,000
 * @param driftCheck             the scheduled drift check of a named environment; none for previews or without {@code driftCheck}
 */
public record EnvironmentConfig(EnvironmentSuffix suffix, String profile, String projectName, String region,
                                Optional<String> costCenter, List<EmailAddress> notificationEmails, int azCount,
                                NatGateways natGateways, String vpcCidr, Set<Endpoint> vpcEndpoints,
                                Optional<ExistingVpc> existingVpc, boolean requireHttps, boolean loadBalancerWebAcl,
                                boolean loadBalancerAccessLogs, BucketPrefix bucketPrefix, Optional<IsolatedNetworkProps> isolatedNetwork,
                                Optional<String> awsAccountId, int lambdaConcurrencyQuota, Optional<String> buildkitImage,
                                List<ServiceConfig> services, Optional<DriftCheckSettings> driftCheck) {
    public EnvironmentConfig {
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(costCenter, "costCenter");
        notificationEmails = List.copyOf(notificationEmails);
        Objects.requireNonNull(natGateways, "natGateways");
        Objects.requireNonNull(vpcCidr, "vpcCidr");
        vpcEndpoints = Set.copyOf(vpcEndpoints);
        Objects.requireNonNull(existingVpc, "existingVpc");
        Objects.requireNonNull(bucketPrefix, "bucketPrefix");
        Objects.requireNonNull(isolatedNetwork, "isolatedNetwork");
        Objects.requireNonNull(awsAccountId, "awsAccountId");
        Objects.requireNonNull(buildkitImage, "buildkitImage");
        services = List.copyOf(services);
        Objects.requireNonNull(driftCheck, "driftCheck");
    }

    public Naming naming() {
        return new Naming(suffix, bucketPrefix);
    }

    /** The same environment on another VPC (and its endpoints), with no services and no drift check: the adoption the tests prove. */
    public EnvironmentConfig adopting(ExistingVpc vpc, Set<Endpoint> endpoints) {
        return new EnvironmentConfig(suffix, profile, projectName, region, costCenter, notificationEmails, azCount, natGateways,
                vpcCidr, endpoints, Optional.of(vpc), requireHttps, loadBalancerWebAcl, loadBalancerAccessLogs, bucketPrefix,
                Optional.empty(), awsAccountId, lambdaConcurrencyQuota, buildkitImage, List.of(), Optional.empty());
    }

    /** What the environment's Lambda functions reserve of the account's concurrency, over all its services. */
    public int reservedLambdaConcurrency() {
        return services.stream().mapToInt(service -> service.reservedConcurrency().orElse(0)).sum();
    }
}
