package io.bluegreen.vpc;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.Precondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_prefix_list.DataAwsPrefixList;
import com.hashicorp.cdktf.providers.aws.data_aws_prefix_list.DataAwsPrefixListConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_route_table.DataAwsRouteTable;
import com.hashicorp.cdktf.providers.aws.data_aws_route_table.DataAwsRouteTableConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_route_table.DataAwsRouteTableFilter;
import com.hashicorp.cdktf.providers.aws.data_aws_route_tables.DataAwsRouteTables;
import com.hashicorp.cdktf.providers.aws.data_aws_route_tables.DataAwsRouteTablesConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_route_tables.DataAwsRouteTablesFilter;
import com.hashicorp.cdktf.providers.aws.data_aws_ec2_managed_prefix_list.DataAwsEc2ManagedPrefixList;
import com.hashicorp.cdktf.providers.aws.data_aws_ec2_managed_prefix_list.DataAwsEc2ManagedPrefixListConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_security_group.DataAwsSecurityGroup;
import com.hashicorp.cdktf.providers.aws.data_aws_subnet.DataAwsSubnet;
import com.hashicorp.cdktf.providers.aws.data_aws_subnet.DataAwsSubnetConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_security_group.DataAwsSecurityGroupConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc.DataAwsVpc;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc.DataAwsVpcConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc_endpoint.DataAwsVpcEndpoint;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc_endpoint.DataAwsVpcEndpointConfig;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.constructs.Construct;

/**
 * A VPC made elsewhere, prepared for builds with no internet path (E3): the route table every
 * build subnet uses (its own or the VPC's main one) is read at plan time and planning stops,
 * naming the subnet, the table and the route, while one sends {@code 0.0.0.0/0} or {@code ::/0}
 * (or a prefix list holding either) anywhere but an admitted egress path; the VPC
 * endpoints the builds need ({@link IsolatedNetworkProps#ENDPOINTS}) are created (interface
 * endpoints in the build subnets with private DNS, HTTPS from the VPC's range; S3 as a gateway on
 * the build subnets' route tables) or, each one the VPC has already, looked up so a missing one
 * stops the plan.
 * The VPC, its subnets and routes are never changed.
 *
 * <p>A stack whose builds run there uses {@link #lookup}, which repeats the route check.
 */
public final class IsolatedNetwork extends Construct {
    /** Names of what this construct creates start with it, apart from the environment network's endpoints. */
    static final String NAME_PREFIX = "isolated-";

    /** Present when interface endpoints are created. */
    public final Optional<SecurityGroup> endpointSecurityGroup;
    public final Map<Endpoint, VpcEndpoint> endpoints;
    public final List<DataAwsRouteTable> buildRouteTables;
    private final IsolatedNetworkRef ref;

    public IsolatedNetwork(Construct scope, String id, IsolatedNetworkProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        this.buildRouteTables = checkedRouteTables(this, props);
        List<String> groupIds = new ArrayList<>();
        Set<Endpoint> created = props.created();
        if (!created.isEmpty()) {
            String cidr = new DataAwsVpc(this, "vpc", DataAwsVpcConfig.builder().id(props.vpcId()).build()).getCidrBlock();
            // Two build subnets may share a route table; the endpoint takes each table once.
            List<String> routeTables = com.hashicorp.cdktf.Token.asList(Fn.distinct(
                    buildRouteTables.stream().map(DataAwsRouteTable::getRouteTableId).toList()));
            boolean interfaces = created.stream().anyMatch(endpoint -> !endpoint.isGateway());
            VpcEndpoints endpoints = VpcEndpoints.create(this, NAME_PREFIX, created, props.vpcId(), cidr, props.buildSubnetIds(),
                    routeTables, context, props.naming(), interfaces ? List.of(oneSubnetPerZone(this, props)) : List.of());
            this.endpointSecurityGroup = endpoints.securityGroup();
            this.endpoints = endpoints.endpoints();
            endpointSecurityGroup.ifPresent(group -> groupIds.add(group.getId()));
        } else {
            this.endpointSecurityGroup = Optional.empty();
            this.endpoints = Map.of();
        }
        for (Endpoint endpoint : props.adopted().stream().sorted().toList()) {
            // Fails the plan while the VPC has no endpoint for the service.
            DataAwsVpcEndpointConfig.Builder adopted = DataAwsVpcEndpointConfig.builder()
                    .vpcId(props.vpcId())
                    .serviceName(serviceName(endpoint, context))
                    .state("available");
            if (!endpoint.isGateway()) {
                adopted.lifecycle(TerraformResourceLifecycle.builder()
                        .postcondition(admitsTheBuilds(endpoint, props.endpointSecurityGroupId().orElseThrow())).build());
            }
            new DataAwsVpcEndpoint(this, "adopted-" + endpoint.id(), adopted.build());
        }
        props.endpointSecurityGroupId().ifPresent(groupIds::add);
        this.ref = new IsolatedNetworkRef(props.vpcId(), props.buildSubnetIds(), groupIds, s3PrefixList(this, context));
    }

    public IsolatedNetworkRef ref() {
        return ref;
    }

    /**
     * The reference of an isolated network another stack prepared with this construct, the route
     * check included: a stack that places builds there refuses an internet route itself.
     */
    public static IsolatedNetworkRef lookup(Construct scope, String id, IsolatedNetworkProps props) {
        Construct lookup = new Construct(scope, id);
        checkedRouteTables(lookup, props);
        List<String> groupIds = new ArrayList<>();
        if (props.created().stream().anyMatch(endpoint -> !endpoint.isGateway())) {
            groupIds.add(new DataAwsSecurityGroup(lookup, "endpoints", DataAwsSecurityGroupConfig.builder()
                    .vpcId(props.vpcId())
                    .name(props.naming().name(ResourceType.SECURITY_GROUP, NAME_PREFIX + "endpoints"))
                    .build()).getId());
        }
        props.endpointSecurityGroupId().ifPresent(groupIds::add);
        return new IsolatedNetworkRef(props.vpcId(), props.buildSubnetIds(), groupIds, s3PrefixList(lookup, AwsContext.of(lookup)));
    }

    /**
     * The route table each build subnet uses (its own, else the VPC's main table), with a
     * postcondition that fails the plan on a default route ({@code 0.0.0.0/0}, {@code ::/0})
     * through any target but an admitted one, and every prefix list such a table routes, read and
     * refused when it holds a default route. Any target can reach the internet: a gateway, a NAT
     * gateway or instance, a transit gateway, a peering connection, a network interface.
     */
    private static List<DataAwsRouteTable> checkedRouteTables(Construct scope, IsolatedNetworkProps props) {
        DataAwsRouteTable main = new DataAwsRouteTable(scope, "main-routes", DataAwsRouteTableConfig.builder()
                .vpcId(props.vpcId())
                .filter(List.of(DataAwsRouteTableFilter.builder().name("association.main").values(List.of("true")).build()))
                .build());
        String admitted = "[" + String.join(", ", props.admittedEgress().stream().map(t -> "\"" + t + "\"").toList()) + "]";
        String fix = " Builds of an isolated network must have no internet path (E3): remove the route, list a subnet without one in "
                + "isolatedNetwork.buildSubnetIds, or name an egress path the team inspects in isolatedNetwork.admittedEgress.";
        List<DataAwsRouteTable> tables = new ArrayList<>();
        for (int i = 0; i < props.buildSubnetIds().size(); i++) {
            String subnet = props.buildSubnetIds().get(i);
            String id = "build-subnet-" + (i + 1);
            DataAwsRouteTables own = new DataAwsRouteTables(scope, id + "-association", DataAwsRouteTablesConfig.builder()
                    .vpcId(props.vpcId())
                    .filter(List.of(DataAwsRouteTablesFilter.builder().name("association.subnet-id").values(List.of(subnet)).build()))
                    .build());
            String ownIds = "data.aws_route_tables." + own.getFriendlyUniqueId() + ".ids";
            DataAwsRouteTable table = new DataAwsRouteTable(scope, id + "-routes", DataAwsRouteTableConfig.builder()
                    .routeTableId("${length(" + ownIds + ") > 0 ? " + ownIds + "[0] : data.aws_route_table."
                            + main.getFriendlyUniqueId() + ".route_table_id}")
                    .lifecycle(TerraformResourceLifecycle.builder().postcondition(List.of(Postcondition.builder()
                            .condition("${length(" + defaultRoutes("self.routes", admitted) + ") == 0}")
                            .errorMessage("Build subnet " + subnet + " has a route to the internet in ${self.route_table_id}: "
                                    + "${join(\", \", [for r in " + defaultRoutes("self.routes", admitted) + " : \"${coalesce(r.cidr_block, "
                                    + "r.ipv6_cidr_block)} via ${" + target("r") + "}\"])}." + fix)
                            .build())).build())
                    .build());
            String routes = "data.aws_route_table." + table.getFriendlyUniqueId() + ".routes";
            DataAwsEc2ManagedPrefixList prefixLists = new DataAwsEc2ManagedPrefixList(scope, id + "-prefix-lists",
                    DataAwsEc2ManagedPrefixListConfig.builder()
                            .id("${each.key}")
                            .lifecycle(TerraformResourceLifecycle.builder().postcondition(List.of(Postcondition.builder()
                                    .condition("${!anytrue([for e in self.entries : contains([\"0.0.0.0/0\", \"::/0\"], e.cidr)])}")
                                    .errorMessage("Build subnet " + subnet + " has a route to the internet in ${data.aws_route_table."
                                            + table.getFriendlyUniqueId() + ".route_table_id}: prefix list ${each.key}, which holds "
                                            + "a default route, via ${each.value}." + fix)
                                    .build())).build())
                            .build());
            // One lookup per prefix list the table routes to a target not admitted (gateway endpoints' lists are not in routes).
            prefixLists.addOverride("for_each", "${{for r in " + routes + " : r.destination_prefix_list_id => " + target("r")
                    + " if length(compact([r.destination_prefix_list_id])) > 0 && !" + isAdmitted("r", admitted) + "}}");
            tables.add(table);
        }
        return List.copyOf(tables);
    }

    /**
     * What an adopted interface endpoint must be for the builds to use it: private DNS on (the
     * build calls the service's public name, which only then resolves to the endpoint) and in the
     * group the builds' own group reaches on 443. Its policy is its owner's: a policy that refuses
     * the build shows at the first build, not here.
     */
    private static List<Postcondition> admitsTheBuilds(Endpoint endpoint, String group) {
        String fix = " Fix the endpoint, or let this stack create its own instead (isolatedNetwork.endpoints CREATE, the service not in "
                + "isolatedNetwork.adoptedEndpoints) where the VPC has none for it.";
        return List.of(
                Postcondition.builder()
                        .condition("${self.private_dns_enabled}")
                        .errorMessage("The VPC endpoint ${self.id} for " + endpoint.service() + " has private DNS off: an isolated build "
                                + "resolves " + endpoint.service() + "'s public name and, without an internet path, cannot reach it." + fix)
                        .build(),
                Postcondition.builder()
                        .condition("${contains(self.security_group_ids, \"" + group + "\")}")
                        .errorMessage("The VPC endpoint ${self.id} for " + endpoint.service() + " is not in " + group
                                + " (isolatedNetwork.endpointSecurityGroupId), the group the builds reach on 443; it is in "
                                + "${join(\", \", self.security_group_ids)}. Add the endpoint to that group, or name its group there." + fix)
                        .build());
    }

    /**
     * An interface endpoint takes at most one subnet per Availability Zone, and the created ones
     * go into the build subnets: two of them in one zone would fail every endpoint at apply. Each
     * subnet's zone is read, and the plan stops naming subnets and zones when two share one.
     */
    private static Precondition oneSubnetPerZone(Construct scope, IsolatedNetworkProps props) {
        List<String> zones = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (int i = 0; i < props.buildSubnetIds().size(); i++) {
            DataAwsSubnet subnet = new DataAwsSubnet(scope, "build-subnet-" + (i + 1) + "-zone", DataAwsSubnetConfig.builder()
                    .id(props.buildSubnetIds().get(i))
                    .build());
            String zone = "data.aws_subnet." + subnet.getFriendlyUniqueId() + ".availability_zone";
            zones.add(zone);
            named.add("\"" + props.buildSubnetIds().get(i) + " in ${" + zone + "}\"");
        }
        return Precondition.builder()
                .condition("${length(distinct([" + String.join(", ", zones) + "])) == " + zones.size() + "}")
                .errorMessage("Two build subnets share an Availability Zone (${join(\", \", [" + String.join(", ", named) + "])}), "
                        + "and an interface endpoint takes one subnet per zone: list build subnets in distinct zones in "
                        + "isolatedNetwork.buildSubnetIds, or set isolatedNetwork.endpoints to ADOPT when the VPC has its endpoints.")
                .build();
    }

    /** The default routes of {@code routes} whose target is not in {@code admitted} (an HCL list). */
    static String defaultRoutes(String routes, String admitted) {
        return "[for r in " + routes + " : r if (r.cidr_block == \"0.0.0.0/0\" || r.ipv6_cidr_block == \"::/0\") && !"
                + isAdmitted("r", admitted) + "]";
    }

    /** Every target a route names (an instance route names the instance and its interface). */
    private static String targets(String route) {
        return "compact([" + String.join(", ", List.of("gateway_id", "nat_gateway_id", "egress_only_gateway_id", "transit_gateway_id",
                "vpc_peering_connection_id", "network_interface_id", "instance_id", "local_gateway_id", "carrier_gateway_id",
                "core_network_arn", "vpc_endpoint_id").stream().map(attribute -> route + "." + attribute).toList()) + "])";
    }

    private static String target(String route) {
        return "join(\"/\", " + targets(route) + ")";
    }

    private static String isAdmitted(String route, String admitted) {
        return "(length(setintersection(toset(" + targets(route) + "), toset(" + admitted + "))) > 0)";
    }

    private static String s3PrefixList(Construct scope, AwsContext context) {
        return new DataAwsPrefixList(scope, "s3-prefix-list", DataAwsPrefixListConfig.builder()
                .name(serviceName(Endpoint.S3, context))
                .build()).getId();
    }

    private static String serviceName(Endpoint endpoint, AwsContext context) {
        return "com.amazonaws." + context.region() + "." + endpoint.service();
    }
}
