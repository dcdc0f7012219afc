package io.bluegreen.app.config;

import io.bluegreen.core.Naming;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.EndpointMode;
import io.bluegreen.vpc.ExistingVpc;
import io.bluegreen.vpc.IsolatedNetworkProps;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The network settings of an environment's merged layers, as the vpc module takes them: an adopted VPC, an isolated network, endpoint sets. */
public final class NetworkSettings {
    private NetworkSettings() {
    }

    /** The endpoints a setting lists; none when it is left out. */
    public static Set<Endpoint> endpoints(List<Endpoint> listed) {
        Set<Endpoint> endpoints = EnumSet.noneOf(Endpoint.class);
        if (listed != null) {
            endpoints.addAll(listed);
        }
        return endpoints;
    }

    public static Optional<ExistingVpc> existingVpc(Settings.ExistingVpc vpc) {
        if (vpc == null) {
            return Optional.empty();
        }
        return Optional.of(new ExistingVpc(JsonSettings.required(vpc.vpcId(), "existingVpc.vpcId"), JsonSettings.orNone(vpc.publicSubnetIds()),
                JsonSettings.orNone(vpc.privateSubnetIds())));
    }

    public static Optional<IsolatedNetworkProps> isolatedNetwork(Settings.IsolatedNetwork network, Naming naming) {
        if (network == null) {
            return Optional.empty();
        }
        return Optional.of(new IsolatedNetworkProps(naming, JsonSettings.required(network.vpcId(), "isolatedNetwork.vpcId"),
                JsonSettings.orNone(network.buildSubnetIds()), Objects.requireNonNullElse(network.endpoints(), EndpointMode.CREATE),
                endpoints(network.adoptedEndpoints()), Optional.ofNullable(network.endpointSecurityGroupId()),
                JsonSettings.orNone(network.admittedEgress())));
    }
}
