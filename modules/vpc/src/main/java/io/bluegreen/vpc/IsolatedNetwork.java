package io.bluegreen.vpc;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_prefix_list.DataAwsPrefixList;
import com.hashicorp.cdktf.providers.aws.data_aws_prefix_list.DataAwsPrefixListConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_route_table.DataAwsRouteTable;
import com.hashicorp.cdktf.providers.aws.data_aws_route_table.DataAwsRouteTableConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_security_group.DataAwsSecurityGroup;
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
import software.constructs.Construct;

/**
 * A VPC made elsewhere, prepared for builds with no internet path (E3): every build subnet's
 * route table is read at plan time and planning stops, naming the subnet and the route, while one
 * sends {@code 0.0.0.0/0} or {@code ::/0} to an internet, NAT or egress-only gateway; the VPC
 * endpoints the builds need ({@link IsolatedNetworkProps#ENDPOINTS}) are created (interface
 * endpoints in the build subnets with private DNS, HTTPS from the VPC's range; S3 as a gateway on
 * the build subnets' route tables) or, when adopted, looked up so a missing one stops the plan.
 * The VPC, its subnets and routes are never changed.
 *
 * <p>A stack whose builds run there uses {@link #lookup}, which repeats the route check.
 */
public final class IsolatedNetwork extends Construct {
    /** Names of what this construct creates start with it, apart from the environment network's endpoints. */
    static final String NAME_PREFIX = "isolated-";

    /** Present when the endpoints are created. */
    public final Optional<SecurityGroup> endpointSecurityGroup;
    public final Map<Endpoint, VpcEndpoint> endpoints;
    public final List<DataAwsRouteTable> buildRouteTables;
    private final IsolatedNetworkRef ref;

    public IsolatedNetwork(Construct scope, String id, IsolatedNetworkProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        this.buildRouteTables = checkedRouteTables(this, props.buildSubnetIds());
        String groupId;
        if (props.endpoints() == EndpointMode.CREATE) {
            String cidr = new DataAwsVpc(this, "vpc", DataAwsVpcConfig.builder().id(props.vpcId()).build()).getCidrBlock();
            // Two build subnets may share a route table; the endpoint takes each table once.
            List<String> routeTables = com.hashicorp.cdktf.Token.asList(Fn.distinct(
                    buildRouteTables.stream().map(DataAwsRouteTable::getRouteTableId).toList()));
            VpcEndpoints created = VpcEndpoints.create(this, NAME_PREFIX, IsolatedNetworkProps.ENDPOINTS, props.vpcId(), cidr,
                    props.buildSubnetIds(), routeTables, context, props.naming());
            this.endpointSecurityGroup = created.securityGroup();
            this.endpoints = created.endpoints();
            groupId = endpointSecurityGroup.orElseThrow().getId();
        } else {
            for (Endpoint endpoint : IsolatedNetworkProps.ENDPOINTS.stream().sorted().toList()) {
                // Fails the plan while the VPC has no endpoint for the service.
                new DataAwsVpcEndpoint(this, "adopted-" + endpoint.id(), DataAwsVpcEndpointConfig.builder()
                        .vpcId(props.vpcId())
                        .serviceName(serviceName(endpoint, context))
                        .state("available")
                        .build());
            }
            this.endpointSecurityGroup = Optional.empty();
            this.endpoints = Map.of();
            groupId = props.endpointSecurityGroupId().orElseThrow();
        }
        this.ref = new IsolatedNetworkRef(props.vpcId(), props.buildSubnetIds(), groupId, s3PrefixList(this, context));
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
        checkedRouteTables(lookup, props.buildSubnetIds());
        String groupId = props.endpointSecurityGroupId().orElseGet(() -> new DataAwsSecurityGroup(lookup, "endpoints",
                DataAwsSecurityGroupConfig.builder()
                        .vpcId(props.vpcId())
                        .name(props.naming().name(ResourceType.SECURITY_GROUP, NAME_PREFIX + "endpoints"))
                        .build()).getId());
        return new IsolatedNetworkRef(props.vpcId(), props.buildSubnetIds(), groupId, s3PrefixList(lookup, AwsContext.of(lookup)));
    }

    /**
     * The route table of each build subnet, with a postcondition that fails the plan on a route to
     * the internet. A subnet without a route table of its own uses the VPC's main table, which the
     * lookup then finds no association for: that stops the plan too (give it an explicit one).
     */
    private static List<DataAwsRouteTable> checkedRouteTables(Construct scope, List<String> subnetIds) {
        List<DataAwsRouteTable> tables = new ArrayList<>();
        for (int i = 0; i < subnetIds.size(); i++) {
            String subnet = subnetIds.get(i);
            tables.add(new DataAwsRouteTable(scope, "build-subnet-" + (i + 1) + "-routes", DataAwsRouteTableConfig.builder()
                    .subnetId(subnet)
                    .lifecycle(TerraformResourceLifecycle.builder().postcondition(List.of(Postcondition.builder()
                            .condition("${length(" + INTERNET_ROUTES + ") == 0}")
                            .errorMessage("Build subnet " + subnet + " has a route to the internet in ${self.route_table_id}: "
                                    + "${join(\", \", [for r in " + INTERNET_ROUTES + " : \"${coalesce(r.cidr_block, r.ipv6_cidr_block)}"
                                    + " via ${coalesce(r.gateway_id, r.nat_gateway_id, r.egress_only_gateway_id)}\"])}. Builds of an "
                                    + "isolated network must have no internet path (E3): remove the route, or list a subnet without "
                                    + "one in isolatedNetwork.buildSubnetIds.")
                            .build())).build())
                    .build()));
        }
        return List.copyOf(tables);
    }

    /** Default routes through an internet, NAT or egress-only gateway; an S3 or other endpoint route is no internet path. */
    static final String INTERNET_ROUTES = "[for r in self.routes : r if "
            + "(r.cidr_block == \"0.0.0.0/0\" || r.ipv6_cidr_block == \"::/0\") && ("
            + "startswith(r.gateway_id == null ? \"\" : r.gateway_id, \"igw-\") || "
            + "(r.nat_gateway_id == null ? \"\" : r.nat_gateway_id) != \"\" || "
            + "(r.egress_only_gateway_id == null ? \"\" : r.egress_only_gateway_id) != \"\")]";

    private static String s3PrefixList(Construct scope, AwsContext context) {
        return new DataAwsPrefixList(scope, "s3-prefix-list", DataAwsPrefixListConfig.builder()
                .name(serviceName(Endpoint.S3, context))
                .build()).getId();
    }

    private static String serviceName(Endpoint endpoint, AwsContext context) {
        return "com.amazonaws." + context.region() + "." + endpoint.service();
    }
}
