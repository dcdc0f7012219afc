package io.bluegreen.app;

import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.Naming;
import io.bluegreen.notifications.EmailAddress;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.ExistingVpc;
import io.bluegreen.vpc.NatGateways;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one environment is synthesized from, resolved from {@code config/platform.json}:
 * global settings, then the environment's profile, then the environment's own overrides; and the
 * services that get a stack in every environment.
 */
public record EnvironmentConfig(EnvironmentSuffix suffix, String profile, String projectName, String region,
                                Optional<String> costCenter, List<EmailAddress> notificationEmails, int azCount,
                                NatGateways natGateways, String vpcCidr, Set<Endpoint> vpcEndpoints,
                                Optional<ExistingVpc> existingVpc, List<ServiceConfig> services) {
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
        services = List.copyOf(services);
    }

    public Naming naming() {
        return new Naming(suffix);
    }
}
