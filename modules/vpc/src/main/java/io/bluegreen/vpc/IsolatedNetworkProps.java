package io.bluegreen.vpc;

import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of {@link IsolatedNetwork}: a VPC made elsewhere whose private subnets builds run in
 * without any path to the internet (E3). Nothing of the VPC is changed.
 *
 * @param naming                  names the endpoints and their security group; required
 * @param vpcId                   {@code vpc-...}; required
 * @param buildSubnetIds          {@code subnet-...}, one per availability zone (an interface endpoint takes one
 *                                subnet per zone); at least one. Each must route nothing to the internet
 * @param endpoints               {@link EndpointMode#CREATE} (default) or {@link EndpointMode#ADOPT}: every endpoint
 * @param adoptedEndpoints        with CREATE, the endpoints the VPC has already (a shared VPC's owner made them, and
 *                                a second interface endpoint with private DNS for a service fails to create): these
 *                                are adopted, the rest created; none by default. Refused with ADOPT, which adopts all
 * @param endpointSecurityGroupId the adopted interface endpoints' security group ({@code sg-...}); required when
 *                                an interface endpoint is adopted, refused otherwise. It must admit HTTPS from the
 *                                build subnets
 * @param admittedEgress          route targets a build subnet's default route may use because the team
 *                                controls what lies behind them (e.g. {@code tgw-...} to an inspection VPC);
 *                                none by default. Internet, NAT and egress-only gateways are never admitted
 */
public record IsolatedNetworkProps(Naming naming, String vpcId, List<String> buildSubnetIds, EndpointMode endpoints,
                                   Set<Endpoint> adoptedEndpoints, Optional<String> endpointSecurityGroupId,
                                   List<String> admittedEgress) {
    /**
     * Everything the isolated image build calls, and S3 for the artifacts and image layers (E3);
     * CodeBuild as seed 004 names it. No Secrets Manager: the isolated build logs in to no registry.
     */
    public static final Set<Endpoint> ENDPOINTS = Set.copyOf(EnumSet.of(Endpoint.S3, Endpoint.ECR_API, Endpoint.ECR_DKR,
            Endpoint.LOGS, Endpoint.STS, Endpoint.KMS, Endpoint.ECS, Endpoint.GIT_CODECOMMIT, Endpoint.CODEBUILD));
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    /** Targets a route may have that are not the internet by themselves. */
    private static final Pattern ADMISSIBLE_TARGET = Pattern.compile("(tgw|pcx|eni|vpce|i|lgw|vgw|cagw)-[0-9a-f]{8,17}");
    private static final Pattern INTERNET_TARGET = Pattern.compile("(igw|nat|eigw)-[0-9a-f]{8,17}");

    public IsolatedNetworkProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(endpoints, "endpoints");
        adoptedEndpoints = Set.copyOf(adoptedEndpoints);
        Objects.requireNonNull(endpointSecurityGroupId, "endpointSecurityGroupId");
        if (vpcId == null || !VPC_ID.matcher(vpcId).matches()) {
            throw SettingException.invalid("isolatedNetwork.vpcId", "must be a VPC id", vpcId,
                    "give the id of the VPC the builds run in, e.g. 'vpc-0a1b2c3d4e5f60789'");
        }
        buildSubnetIds = List.copyOf(buildSubnetIds);
        if (buildSubnetIds.isEmpty()) {
            throw SettingException.invalid("isolatedNetwork.buildSubnetIds", "must name at least one subnet", buildSubnetIds,
                    "list the VPC's private subnets without internet routes, one per availability zone");
        }
        for (String id : buildSubnetIds) {
            if (!SUBNET_ID.matcher(id).matches()) {
                throw SettingException.invalid("isolatedNetwork.buildSubnetIds", "must hold subnet ids", id,
                        "use ids such as 'subnet-0a1b2c3d4e5f60789'");
            }
        }
        admittedEgress = List.copyOf(admittedEgress);
        for (String target : admittedEgress) {
            if (INTERNET_TARGET.matcher(target).matches()) {
                throw SettingException.invalid("isolatedNetwork.admittedEgress", "names an internet, NAT or egress-only gateway", target,
                        "builds of an isolated network must have no internet path (E3); admit only a path the team inspects, "
                                + "such as the transit gateway to an inspection VPC");
            }
            if (!ADMISSIBLE_TARGET.matcher(target).matches()) {
                throw SettingException.invalid("isolatedNetwork.admittedEgress", "must hold route target ids", target,
                        "use the id of a transit gateway, peering connection, network interface, VPC endpoint or instance, "
                                + "e.g. 'tgw-0a1b2c3d4e5f60789'");
            }
        }
        if (Set.copyOf(buildSubnetIds).size() != buildSubnetIds.size()) {
            throw SettingException.invalid("isolatedNetwork.buildSubnetIds", "name a subnet twice", buildSubnetIds,
                    "list each subnet once");
        }
        if (endpoints == EndpointMode.ADOPT && !adoptedEndpoints.isEmpty()) {
            throw SettingException.invalid("isolatedNetwork.adoptedEndpoints", "only applies when endpoints is CREATE", sorted(adoptedEndpoints),
                    "remove it: \"endpoints\": \"ADOPT\" adopts every endpoint");
        }
        for (Endpoint endpoint : adoptedEndpoints) {
            if (!ENDPOINTS.contains(endpoint)) {
                throw SettingException.invalid("isolatedNetwork.adoptedEndpoints", "names an endpoint the isolated builds do not use",
                        endpoint, "list some of " + sorted(ENDPOINTS));
            }
        }
        boolean adoptsInterfaces = adopted(endpoints, adoptedEndpoints).stream().anyMatch(e -> !e.isGateway());
        if (adoptsInterfaces) {
            String group = endpointSecurityGroupId.orElseThrow(() -> SettingException.invalid(
                    "isolatedNetwork.endpointSecurityGroupId", endpoints == EndpointMode.ADOPT ? "is required when endpoints is ADOPT"
                            : "is required when adoptedEndpoints names interface endpoints", "",
                    "give the security group of the VPC's interface endpoints, e.g. 'sg-0a1b2c3d4e5f60789'"));
            if (!GROUP_ID.matcher(group).matches()) {
                throw SettingException.invalid("isolatedNetwork.endpointSecurityGroupId", "must be a security group id", group,
                        "use an id such as 'sg-0a1b2c3d4e5f60789'");
            }
        } else if (endpointSecurityGroupId.isPresent()) {
            throw SettingException.invalid("isolatedNetwork.endpointSecurityGroupId", "only applies to adopted interface endpoints",
                    endpointSecurityGroupId.get(), "remove it, or set \"endpoints\": \"ADOPT\" when the VPC has its endpoints "
                            + "(\"adoptedEndpoints\" when it has some of them)");
        }
    }

    /** {@code endpoints} decides for every endpoint: none adopted one by one. */
    public IsolatedNetworkProps(Naming naming, String vpcId, List<String> buildSubnetIds, EndpointMode endpoints,
                                Optional<String> endpointSecurityGroupId, List<String> admittedEgress) {
        this(naming, vpcId, buildSubnetIds, endpoints, Set.of(), endpointSecurityGroupId, admittedEgress);
    }

    /** The endpoints looked up in the VPC: all with ADOPT, {@code adoptedEndpoints} with CREATE. */
    public Set<Endpoint> adopted() {
        return adopted(endpoints, adoptedEndpoints);
    }

    /** The endpoints this network creates: the others. */
    public Set<Endpoint> created() {
        return ENDPOINTS.stream().filter(e -> !adopted().contains(e)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static Set<Endpoint> adopted(EndpointMode endpoints, Set<Endpoint> adoptedEndpoints) {
        return endpoints == EndpointMode.ADOPT ? ENDPOINTS : adoptedEndpoints;
    }

    private static List<Endpoint> sorted(Set<Endpoint> endpoints) {
        return endpoints.stream().sorted().toList();
    }
}
