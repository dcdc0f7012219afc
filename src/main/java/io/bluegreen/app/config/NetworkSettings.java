package io.bluegreen.app.config;

import static io.bluegreen.app.config.JsonSettings.checkKeys;
import static io.bluegreen.app.config.JsonSettings.requireArray;
import static io.bluegreen.app.config.JsonSettings.requireObject;
import static io.bluegreen.app.config.JsonSettings.requiredText;
import static io.bluegreen.app.config.JsonSettings.text;
import static io.bluegreen.app.config.JsonSettings.textList;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.Naming;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.EndpointMode;
import io.bluegreen.vpc.ExistingVpc;
import io.bluegreen.vpc.IsolatedNetworkProps;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The network settings of an environment's merged layers: an adopted VPC, an isolated network, endpoint lists. */
public final class NetworkSettings {
    public static final Set<String> EXISTING_VPC_KEYS = Set.of("vpcId", "publicSubnetIds", "privateSubnetIds");
    public static final Set<String> ISOLATED_NETWORK_KEYS = Set.of("vpcId", "buildSubnetIds", "endpoints", "adoptedEndpoints",
            "endpointSecurityGroupId", "admittedEgress");

    private NetworkSettings() {
    }

    /** The endpoints {@code node.key} lists (an array of {@link Endpoint} names); none when it is absent. */
    public static Set<Endpoint> endpoints(JsonNode node, String key, String setting) {
        Set<Endpoint> endpoints = EnumSet.noneOf(Endpoint.class);
        if (node.has(key)) {
            requireArray(node.get(key), setting);
            for (JsonNode endpoint : node.get(key)) {
                endpoints.add(JsonSettings.choice(setting, endpoint.asText(), Endpoint.class));
            }
        }
        return endpoints;
    }

    public static Optional<ExistingVpc> existingVpc(JsonNode s) {
        if (!s.has("existingVpc")) {
            return Optional.empty();
        }
        JsonNode vpc = s.get("existingVpc");
        requireObject(vpc, "existingVpc");
        checkKeys(vpc, "existingVpc.", EXISTING_VPC_KEYS);
        return Optional.of(new ExistingVpc(requiredText(vpc, "existingVpc.vpcId"),
                vpc.has("publicSubnetIds") ? textList(vpc, "publicSubnetIds") : List.of(),
                vpc.has("privateSubnetIds") ? textList(vpc, "privateSubnetIds") : List.of()));
    }

    public static Optional<IsolatedNetworkProps> isolatedNetwork(JsonNode s, Naming naming) {
        if (!s.has("isolatedNetwork")) {
            return Optional.empty();
        }
        JsonNode network = s.get("isolatedNetwork");
        requireObject(network, "isolatedNetwork");
        checkKeys(network, "isolatedNetwork.", ISOLATED_NETWORK_KEYS);
        return Optional.of(new IsolatedNetworkProps(naming,
                requiredText(network, "isolatedNetwork.vpcId"),
                network.has("buildSubnetIds") ? textList(network, "isolatedNetwork.buildSubnetIds") : List.of(),
                network.has("endpoints") ? JsonSettings.choice("isolatedNetwork.endpoints", text(network, "isolatedNetwork.endpoints"),
                        EndpointMode.class) : EndpointMode.CREATE,
                endpoints(network, "adoptedEndpoints", "isolatedNetwork.adoptedEndpoints"),
                network.has("endpointSecurityGroupId")
                        ? Optional.of(text(network, "isolatedNetwork.endpointSecurityGroupId")) : Optional.empty(),
                network.has("admittedEgress") ? textList(network, "isolatedNetwork.admittedEgress") : List.of()));
    }
}
