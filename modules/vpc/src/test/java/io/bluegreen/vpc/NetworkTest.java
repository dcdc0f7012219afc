package io.bluegreen.vpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final Naming DEV = Naming.of("dev");
    private static SynthResult defaults;

    @BeforeAll
    static void synthDefaults() {
        defaults = synth(b -> b);
    }

    private static SynthResult synth(UnaryOperator<VpcProps.Builder> settings) {
        TerraformStack stack = TestStacks.withAwsProvider();
        new Network(stack, "network", settings.apply(VpcProps.builder(DEV)).build());
        return SynthResult.of(stack);
    }

    private static List<String> values(SynthResult synth, String type, String attribute) {
        return synth.resources(type).values().stream().map(r -> r.path(attribute).asText()).toList();
    }

    @Test
    void createsVpcWithDnsAndNamedByTheSuffix() {
        JsonNode vpc = defaults.only("aws_vpc");
        assertEquals("10.0.0.0/16", vpc.path("cidr_block").asText());
        assertTrue(vpc.path("enable_dns_support").asBoolean());
        assertTrue(vpc.path("enable_dns_hostnames").asBoolean());
        assertEquals("vpc-main-dev", vpc.path("tags").path("Name").asText());
    }

    @Test
    void spreadsPublicAndPrivateSubnetsOverTwoZonesByDefault() {
        assertEquals(List.of("10.0.0.0/20 subnet-public-1-dev", "10.0.128.0/20 subnet-private-1-dev",
                        "10.0.144.0/20 subnet-private-2-dev", "10.0.16.0/20 subnet-public-2-dev"),
                defaults.resources("aws_subnet").values().stream()
                        .map(s -> s.path("cidr_block").asText() + " " + s.path("tags").path("Name").asText()).sorted().toList());
        defaults.resources("aws_subnet").values().forEach(s -> assertFalse(s.path("map_public_ip_on_launch").asBoolean()));
        String zones = defaults.dataSources("aws_availability_zones").keySet().iterator().next();
        assertEquals(List.of("${element(data.aws_availability_zones." + zones + ".names, 0)}",
                        "${element(data.aws_availability_zones." + zones + ".names, 0)}",
                        "${element(data.aws_availability_zones." + zones + ".names, 1)}",
                        "${element(data.aws_availability_zones." + zones + ".names, 1)}"),
                values(defaults, "aws_subnet", "availability_zone").stream().sorted().toList());
    }

    @Test
    void oneNatGatewayPerZoneByDefaultEachPrivateRouteToItsOwn() {
        assertEquals(2, defaults.resources("aws_nat_gateway").size());
        assertEquals(2, defaults.resources("aws_eip").size());
        List<String> privateTargets = defaults.resources("aws_route").values().stream()
                .filter(r -> r.has("nat_gateway_id")).map(r -> r.path("nat_gateway_id").asText()).toList();
        assertEquals(List.of(defaults.ref("aws_nat_gateway", "nat-1", "id"), defaults.ref("aws_nat_gateway", "nat-2", "id")),
                privateTargets.stream().sorted().toList());
    }

    @Test
    void singleNatGatewayServesEveryPrivateSubnet() {
        SynthResult single = synth(b -> b.natGateways(NatGateways.SINGLE).azCount(3));
        assertEquals(1, single.resources("aws_nat_gateway").size());
        assertEquals(3, single.resources("aws_route").values().stream().filter(r -> r.has("nat_gateway_id"))
                .map(r -> r.path("nat_gateway_id").asText()).filter(t -> t.contains("nat-1")).count());
    }

    @Test
    void noNatGatewayLeavesPrivateSubnetsWithoutDefaultRoute() {
        SynthResult none = synth(b -> b.natGateways(NatGateways.NONE));
        assertTrue(none.resources("aws_nat_gateway").isEmpty());
        assertEquals(1, none.resources("aws_route").size(), "only the public route to the internet gateway");
    }

    @Test
    void flowLogsGoToA30DayLogGroupEncryptedWithARotatedKey() {
        JsonNode group = defaults.only("aws_cloudwatch_log_group");
        assertEquals("/aws/vpc/flow-logs-dev", group.path("name").asText());
        assertEquals(30, group.path("retention_in_days").asInt());
        assertEquals(defaults.ref("aws_kms_key", "arn"), group.path("kms_key_id").asText());
        JsonNode key = defaults.only("aws_kms_key");
        assertTrue(key.path("enable_key_rotation").asBoolean());
        assertEquals(7, key.path("deletion_window_in_days").asInt());
        JsonNode flowLog = defaults.only("aws_flow_log");
        assertEquals("ALL", flowLog.path("traffic_type").asText());
        assertEquals("role-vpc-flow-logs-dev", defaults.only("aws_iam_role").path("name").asText());
    }

    @Test
    void flowLogRoleMayOnlyWriteToItsOwnLogGroup() {
        JsonNode policy = SynthResult.embedded(defaults.only("aws_iam_policy").path("policy"));
        JsonNode statement = policy.path("Statement").get(0);
        assertEquals(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                toList(statement.path("Action")));
        String group = defaults.ref("aws_cloudwatch_log_group", "arn");
        assertEquals(List.of(group, group + ":*"), toList(statement.path("Resource")));
    }

    @Test
    void flowLogWaitsForItsRolesPolicyAttachment() {
        assertEquals("[\"aws_iam_role_policy_attachment." + defaults.resources("aws_iam_role_policy_attachment").keySet().iterator().next()
                + "\"]", defaults.only("aws_flow_log").path("depends_on").toString());
    }

    @Test
    void refCarriesTheNatGatewaysPublicAddresses() {
        TerraformStack stack = TestStacks.withAwsProvider();
        Network network = new Network(stack, "network", VpcProps.builder(DEV).build());
        new com.hashicorp.cdktf.TerraformOutput(stack, "nat", com.hashicorp.cdktf.TerraformOutputConfig.builder()
                .value(network.ref().natPublicIps()).build());
        SynthResult synth = SynthResult.of(stack);
        assertEquals("[\"" + synth.ref("aws_nat_gateway", "nat-1", "public_ip") + "\",\"" + synth.ref("aws_nat_gateway", "nat-2", "public_ip")
                + "\"]", synth.outputs().get("nat").path("value").toString());
    }

    @Test
    void lookupFindsTheNatAddressesOfThisEnvironmentByTheirExactNames() {
        TerraformStack stack = TestStacks.withAwsProvider();
        Network.lookup(stack, "network", DEV);
        JsonNode filter = SynthResult.of(stack).dataSources("aws_eips").values().iterator().next().path("filter").get(0);
        assertEquals("tag:Name", filter.path("name").asText());
        assertEquals(List.of("eip-nat-1-dev", "eip-nat-2-dev", "eip-nat-3-dev", "eip-nat-4-dev", "eip-nat-5-dev", "eip-nat-6-dev"),
                toList(filter.path("values")), "no wildcard: 'eip-nat-*-dev' would also find environment 'my-dev'");
    }

    @Test
    void closesTheDefaultSecurityGroup() {
        JsonNode sg = defaults.only("aws_default_security_group");
        assertFalse(sg.has("ingress"), "no ingress rules");
        assertFalse(sg.has("egress"), "no egress rules");
    }

    @Test
    void addsNoEndpointsUnlessAsked() {
        assertTrue(defaults.resources("aws_vpc_endpoint").isEmpty());
        assertTrue(defaults.resources("aws_security_group").isEmpty());
    }

    @Test
    void addsGatewayAndInterfaceEndpointsForPrivateBuilds() {
        SynthResult synth = synth(b -> b.endpoints(Set.of(Endpoint.S3, Endpoint.ECR_API, Endpoint.ECR_DKR, Endpoint.LOGS)));
        assertEquals(4, synth.resources("aws_vpc_endpoint").size());
        JsonNode s3 = endpoint(synth, "s3");
        assertEquals("Gateway", s3.path("vpc_endpoint_type").asText());
        String region = synth.dataSources("aws_region").keySet().iterator().next();
        assertEquals("com.amazonaws.${data.aws_region." + region + ".name}.s3", s3.path("service_name").asText());
        assertEquals(2, s3.path("route_table_ids").size());
        JsonNode ecrApi = endpoint(synth, "ecr-api");
        assertEquals("Interface", ecrApi.path("vpc_endpoint_type").asText());
        assertTrue(ecrApi.path("private_dns_enabled").asBoolean());
        assertTrue(ecrApi.path("service_name").asText().endsWith(".ecr.api"));
        JsonNode https = synth.only("aws_vpc_security_group_ingress_rule");
        assertEquals(443, https.path("from_port").asInt());
        assertEquals(synth.ref("aws_vpc", "cidr_block"), https.path("cidr_ipv4").asText());
        assertEquals(List.of(synth.ref("aws_security_group", "id")), toList(ecrApi.path("security_group_ids")));
    }

    @Test
    void adoptsAnExistingVpcWithoutCreatingOne() {
        SynthResult adopted = synth(b -> b.existingVpc(new ExistingVpc("vpc-0123456789abcdef0", List.of(),
                List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"))).endpoints(Set.of(Endpoint.S3, Endpoint.STS)));
        assertTrue(adopted.resources("aws_vpc").isEmpty());
        assertTrue(adopted.resources("aws_subnet").isEmpty());
        assertTrue(adopted.resources("aws_nat_gateway").isEmpty());
        assertEquals("vpc-0123456789abcdef0", adopted.dataSources("aws_vpc").values().iterator().next().path("id").asText());
        assertEquals(2, adopted.dataSources("aws_route_table").size());
        assertEquals(List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"),
                toList(endpoint(adopted, "sts").path("subnet_ids")));
        assertEquals(2, endpoint(adopted, "s3").path("route_table_ids").size());
    }

    @Test
    void failsOnOneAvailabilityZone() {
        SettingException e = assertThrows(SettingException.class, () -> VpcProps.builder(DEV).azCount(1).build());
        assertEquals("azCount must be from 2 to 6, got '1'; a load balancer needs subnets in at least two availability zones; "
                + "set azCount to 2 or more", e.getMessage());
    }

    @Test
    void failsOnCidrWithHostBits() {
        SettingException e = assertThrows(SettingException.class, () -> VpcProps.builder(DEV).cidrBlock("10.0.1.0/16").build());
        assertEquals("cidrBlock has host bits set, got '10.0.1.0/16'; use the network address 10.0.0.0/16", e.getMessage());
    }

    @Test
    void failsOnCidrTooSmallForSixteenSubnets() {
        SettingException e = assertThrows(SettingException.class, () -> VpcProps.builder(DEV).cidrBlock("10.0.0.0/26").build());
        assertEquals("cidrBlock must have a prefix from /16 to /24, got '10.0.0.0/26'; use a block such as '10.0.0.0/16' "
                + "(prefix /16 to /24)", e.getMessage());
    }

    @Test
    void failsOnMalformedExistingVpcId() {
        SettingException e = assertThrows(SettingException.class,
                () -> new ExistingVpc("my-vpc", List.of(), List.of("subnet-0123456789abcdef0")));
        assertEquals("existingVpc.vpcId must be a VPC id, got 'my-vpc'; give the id of the VPC to adopt, "
                + "e.g. 'vpc-0a1b2c3d4e5f60789'", e.getMessage());
    }

    @Test
    void subnetsNeverOverlapForAnyZoneCount() {
        for (int zones = 2; zones <= VpcProps.MAX_AZ_COUNT; zones++) {
            Ipv4Cidr cidr = Ipv4Cidr.parse("cidrBlock", "10.20.0.0/20");
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < zones; i++) {
                assertTrue(seen.add(cidr.subnet(i)));
                assertTrue(seen.add(cidr.subnet(8 + i)));
            }
        }
        assertEquals("10.20.15.0/24", Ipv4Cidr.parse("cidrBlock", "10.20.0.0/20").subnet(15));
    }

    private static JsonNode endpoint(SynthResult synth, String id) {
        return synth.resources("aws_vpc_endpoint").entrySet().stream()
                .filter(e -> e.getKey().contains("endpoint-" + id + "_")).findFirst().orElseThrow().getValue();
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
