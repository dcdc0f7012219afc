package io.bluegreen.vpc;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.data_aws_availability_zones.DataAwsAvailabilityZones;
import com.hashicorp.cdktf.providers.aws.data_aws_availability_zones.DataAwsAvailabilityZonesConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_eips.DataAwsEips;
import com.hashicorp.cdktf.providers.aws.data_aws_eips.DataAwsEipsConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_eips.DataAwsEipsFilter;
import com.hashicorp.cdktf.providers.aws.data_aws_route_table.DataAwsRouteTable;
import com.hashicorp.cdktf.providers.aws.data_aws_route_table.DataAwsRouteTableConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_subnets.DataAwsSubnets;
import com.hashicorp.cdktf.providers.aws.data_aws_subnets.DataAwsSubnetsConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_subnets.DataAwsSubnetsFilter;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc.DataAwsVpc;
import com.hashicorp.cdktf.providers.aws.data_aws_vpc.DataAwsVpcConfig;
import com.hashicorp.cdktf.providers.aws.default_security_group.DefaultSecurityGroup;
import com.hashicorp.cdktf.providers.aws.default_security_group.DefaultSecurityGroupConfig;
import com.hashicorp.cdktf.providers.aws.eip.Eip;
import com.hashicorp.cdktf.providers.aws.eip.EipConfig;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGateway;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGatewayConfig;
import com.hashicorp.cdktf.providers.aws.nat_gateway.NatGateway;
import com.hashicorp.cdktf.providers.aws.nat_gateway.NatGatewayConfig;
import com.hashicorp.cdktf.providers.aws.route.Route;
import com.hashicorp.cdktf.providers.aws.route.RouteConfig;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTableConfig;
import com.hashicorp.cdktf.providers.aws.route_table_association.RouteTableAssociation;
import com.hashicorp.cdktf.providers.aws.route_table_association.RouteTableAssociationConfig;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.subnet.SubnetConfig;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import com.hashicorp.cdktf.providers.aws.vpc.VpcConfig;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.constructs.Construct;

/**
 * A network for pipelines and services (A1, E3): either a new VPC with public and private
 * subnets across {@code azCount} zones, NAT, flow logs to a 30-day encrypted log group and the
 * default security group closed; or an existing VPC, adopted as given. Either way it can add
 * VPC endpoints, and {@link #ref()} hands other modules the ids they need.
 */
public final class Network extends Construct {
    public final Optional<Vpc> vpc;
    public final List<Subnet> publicSubnets;
    public final List<Subnet> privateSubnets;
    public final List<NatGateway> natGateways;
    public final Optional<CloudwatchLogGroup> flowLogGroup;
    public final Optional<FlowLog> flowLog;
    public final Optional<SecurityGroup> endpointSecurityGroup;
    public final Map<Endpoint, VpcEndpoint> endpoints;
    private final NetworkRef ref;

    public Network(Construct scope, String id, VpcProps props) {
        super(scope, id);
        Naming naming = props.naming();
        AwsContext context = AwsContext.of(this);
        List<String> privateRouteTableIds = new ArrayList<>();
        String vpcId;
        String cidrBlock;
        List<String> publicSubnetIds;
        List<String> privateSubnetIds;
        List<String> natPublicIps;

        if (props.existingVpc().isPresent()) {
            ExistingVpc existing = props.existingVpc().get();
            vpcId = existing.vpcId();
            cidrBlock = new DataAwsVpc(this, "existing", DataAwsVpcConfig.builder().id(vpcId).build()).getCidrBlock();
            publicSubnetIds = existing.publicSubnetIds();
            privateSubnetIds = existing.privateSubnetIds();
            natPublicIps = List.of();
            if (props.endpoints().contains(Endpoint.S3)) {
                for (int i = 0; i < privateSubnetIds.size(); i++) {
                    privateRouteTableIds.add(new DataAwsRouteTable(this, "private-rt-" + i, DataAwsRouteTableConfig.builder()
                            .subnetId(privateSubnetIds.get(i)).build()).getRouteTableId());
                }
            }
            this.vpc = Optional.empty();
            this.publicSubnets = List.of();
            this.privateSubnets = List.of();
            this.natGateways = List.of();
            this.flowLogGroup = Optional.empty();
            this.flowLog = Optional.empty();
        } else {
            Ipv4Cidr cidr = Ipv4Cidr.parse("cidrBlock", props.cidrBlock());
            Vpc created = new Vpc(this, "vpc", VpcConfig.builder()
                    .cidrBlock(cidr.toString())
                    .enableDnsSupport(true)
                    .enableDnsHostnames(true)
                    .tags(nameTag(naming.name(ResourceType.VPC, "main")))
                    .build());
            new DefaultSecurityGroup(this, "default-sg", DefaultSecurityGroupConfig.builder()
                    .vpcId(created.getId())
                    .tags(nameTag(naming.name(ResourceType.SECURITY_GROUP, "default-closed")))
                    .build());
            DataAwsAvailabilityZones zones = new DataAwsAvailabilityZones(this, "azs", DataAwsAvailabilityZonesConfig.builder()
                    .state("available").build());
            List<Subnet> publics = new ArrayList<>();
            List<Subnet> privates = new ArrayList<>();
            for (int i = 0; i < props.azCount(); i++) {
                String zone = Token.asString(Fn.element(zones.getNames(), i));
                publics.add(subnet("public-" + (i + 1), created, cidr.subnet(i), zone, true, naming));
                privates.add(subnet("private-" + (i + 1), created, cidr.subnet(8 + i), zone, false, naming));
            }
            InternetGateway igw = new InternetGateway(this, "igw", InternetGatewayConfig.builder()
                    .vpcId(created.getId())
                    .tags(nameTag(naming.name(ResourceType.INTERNET_GATEWAY, "main")))
                    .build());
            RouteTable publicRoutes = routeTable("public", created, naming);
            new Route(this, "route-public-default", RouteConfig.builder()
                    .routeTableId(publicRoutes.getId())
                    .destinationCidrBlock("0.0.0.0/0")
                    .gatewayId(igw.getId())
                    .build());
            for (int i = 0; i < publics.size(); i++) {
                associate("public-" + (i + 1), publics.get(i), publicRoutes);
            }
            List<NatGateway> nats = natGateways(props, publics, naming);
            for (int i = 0; i < privates.size(); i++) {
                RouteTable routes = routeTable("private-" + (i + 1), created, naming);
                if (!nats.isEmpty()) {
                    new Route(this, "route-private-" + (i + 1) + "-default", RouteConfig.builder()
                            .routeTableId(routes.getId())
                            .destinationCidrBlock("0.0.0.0/0")
                            .natGatewayId(nats.get(Math.min(i, nats.size() - 1)).getId())
                            .build());
                }
                associate("private-" + (i + 1), privates.get(i), routes);
                privateRouteTableIds.add(routes.getId());
            }
            FlowLogs logs = FlowLogs.create(this, created, naming, context);
            vpcId = created.getId();
            cidrBlock = created.getCidrBlock();
            publicSubnetIds = publics.stream().map(Subnet::getId).toList();
            privateSubnetIds = privates.stream().map(Subnet::getId).toList();
            natPublicIps = nats.stream().map(NatGateway::getPublicIp).toList();
            this.vpc = Optional.of(created);
            this.publicSubnets = List.copyOf(publics);
            this.privateSubnets = List.copyOf(privates);
            this.natGateways = List.copyOf(nats);
            this.flowLogGroup = Optional.of(logs.group());
            this.flowLog = Optional.of(logs.flowLog());
        }

        VpcEndpoints added = VpcEndpoints.create(this, "", props.endpoints(), vpcId, cidrBlock, privateSubnetIds, privateRouteTableIds,
                context, naming);
        this.endpointSecurityGroup = added.securityGroup();
        this.endpoints = added.endpoints();
        this.ref = new NetworkRef(vpcId, cidrBlock, publicSubnetIds, privateSubnetIds, natPublicIps,
                endpointSecurityGroup.map(SecurityGroup::getId));
    }

    /**
     * The reference of a network another stack created with this construct, found by the names
     * and tiers it tags, so a service stack uses its environment's network without sharing state.
     */
    public static NetworkRef lookup(Construct scope, String id, Naming naming) {
        return lookup(scope, id, naming, Optional.empty());
    }

    /**
     * As {@link #lookup(Construct, String, Naming)}, or, when the environment adopts a VPC, that
     * VPC with the subnets its settings list (an adopted VPC carries none of this module's tags).
     */
    public static NetworkRef lookup(Construct scope, String id, Naming naming, Optional<ExistingVpc> existing) {
        Construct lookup = new Construct(scope, id);
        if (existing.isPresent()) {
            DataAwsVpc adopted = new DataAwsVpc(lookup, "vpc", DataAwsVpcConfig.builder().id(existing.get().vpcId()).build());
            return new NetworkRef(adopted.getId(), adopted.getCidrBlock(), existing.get().publicSubnetIds(),
                    existing.get().privateSubnetIds(), List.of(), Optional.empty());
        }
        DataAwsVpc vpc = new DataAwsVpc(lookup, "vpc", DataAwsVpcConfig.builder()
                .tags(nameTag(naming.name(ResourceType.VPC, "main")))
                .build());
        // Every name a NAT address of this environment can have; a wildcard would also match
        // another environment whose suffix ends like this one's.
        List<String> natNames = java.util.stream.IntStream.rangeClosed(1, VpcProps.MAX_AZ_COUNT)
                .mapToObj(i -> naming.name(ResourceType.ELASTIC_IP, natId(i))).toList();
        DataAwsEips natAddresses = new DataAwsEips(lookup, "nat-addresses", DataAwsEipsConfig.builder()
                .filter(List.of(DataAwsEipsFilter.builder().name("tag:Name").values(natNames).build()))
                .build());
        return new NetworkRef(vpc.getId(), vpc.getCidrBlock(), subnetsOfTier(lookup, vpc, "public"),
                subnetsOfTier(lookup, vpc, "private"), natAddresses.getPublicIps(), Optional.empty());
    }

    private static List<String> subnetsOfTier(Construct scope, DataAwsVpc vpc, String tier) {
        return new DataAwsSubnets(scope, tier + "-subnets", DataAwsSubnetsConfig.builder()
                .filter(List.of(DataAwsSubnetsFilter.builder().name("vpc-id").values(List.of(vpc.getId())).build()))
                .tags(Map.of("Tier", tier))
                .build()).getIds();
    }

    public NetworkRef ref() {
        return ref;
    }

    private Subnet subnet(String purpose, Vpc vpc, String cidr, String zone, boolean isPublic, Naming naming) {
        return new Subnet(this, "subnet-" + purpose, SubnetConfig.builder()
                .vpcId(vpc.getId())
                .cidrBlock(cidr)
                .availabilityZone(zone)
                // Only load balancers live in public subnets, and they get addresses of their own.
                .mapPublicIpOnLaunch(false)
                .tags(Map.of("Name", naming.name(ResourceType.SUBNET, purpose), "Tier", isPublic ? "public" : "private"))
                .build());
    }

    private RouteTable routeTable(String purpose, Vpc vpc, Naming naming) {
        return new RouteTable(this, "rt-" + purpose, RouteTableConfig.builder()
                .vpcId(vpc.getId())
                .tags(nameTag(naming.name(ResourceType.ROUTE_TABLE, purpose)))
                .build());
    }

    private void associate(String purpose, Subnet subnet, RouteTable routes) {
        new RouteTableAssociation(this, "rta-" + purpose, RouteTableAssociationConfig.builder()
                .subnetId(subnet.getId())
                .routeTableId(routes.getId())
                .build());
    }

    private List<NatGateway> natGateways(VpcProps props, List<Subnet> publics, Naming naming) {
        int count = switch (props.natGateways()) {
            case ONE_PER_AZ -> publics.size();
            case SINGLE -> 1;
            case NONE -> 0;
        };
        List<NatGateway> nats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = natId(i + 1);
            Eip eip = new Eip(this, id + "-eip", EipConfig.builder()
                    .domain("vpc")
                    .tags(nameTag(naming.name(ResourceType.ELASTIC_IP, id)))
                    .build());
            nats.add(new NatGateway(this, id, NatGatewayConfig.builder()
                    .allocationId(eip.getId())
                    .subnetId(publics.get(i).getId())
                    .tags(nameTag(naming.name(ResourceType.NAT_GATEWAY, String.valueOf(i + 1))))
                    .build()));
        }
        return Collections.unmodifiableList(nats);
    }

    private static String natId(int number) {
        return "nat-" + number;
    }

    private static Map<String, String> nameTag(String name) {
        return Map.of("Name", name);
    }
}
