package io.bluegreen.vpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsolatedNetworkTest {
    private static final Naming DEV = Naming.of("dev");
    private static final String VPC = "vpc-0d0e0f0a0b0c0d001";
    private static final List<String> SUBNETS = List.of("subnet-0d0e0f0a0b0c0d011", "subnet-0d0e0f0a0b0c0d012");

    private static SynthResult synth(EndpointMode mode, Optional<String> group) {
        TerraformStack stack = TestStacks.withAwsProvider();
        new IsolatedNetwork(stack, "network", new IsolatedNetworkProps(DEV, VPC, SUBNETS, mode, group, List.of("tgw-0a1b2c3d4e5f60789")));
        return SynthResult.of(stack);
    }

    @Test
    void createsEveryEndpointTheIsolatedBuildCallsOnceInTheBuildSubnets() {
        SynthResult synth = synth(EndpointMode.CREATE, Optional.empty());
        assertEquals(9, synth.resources("aws_vpc_endpoint").size());
        List<String> interfaces = new ArrayList<>();
        for (JsonNode endpoint : synth.resources("aws_vpc_endpoint").values()) {
            assertEquals(VPC, endpoint.path("vpc_id").asText());
            String service = endpoint.path("service_name").asText().replaceAll(".*\\}\\.", "");
            if (endpoint.path("vpc_endpoint_type").asText().equals("Gateway")) {
                assertEquals("s3", service);
                // Two subnets may share a table: each table once.
                assertTrue(endpoint.path("route_table_ids").asText().startsWith("${distinct("), endpoint.toString());
            } else {
                interfaces.add(service);
                assertEquals(SUBNETS, List.of(endpoint.path("subnet_ids").get(0).asText(), endpoint.path("subnet_ids").get(1).asText()));
                assertTrue(endpoint.path("private_dns_enabled").asBoolean());
            }
        }
        assertEquals(List.of("codebuild", "ecr.api", "ecr.dkr", "ecs", "git-codecommit", "kms", "logs", "sts"), interfaces.stream().sorted().toList());
        JsonNode group = synth.only("aws_security_group");
        assertEquals("secgroup-isolated-endpoints-dev", group.path("name").asText());
        JsonNode https = synth.only("aws_vpc_security_group_ingress_rule");
        assertEquals(443, https.path("from_port").asInt());
        assertTrue(https.path("cidr_ipv4").asText().startsWith("${data.aws_vpc."), "the VPC's own range, read");
    }

    /** The interface endpoints take one subnet per zone: the plan reads each build subnet's zone and stops when two share one. */
    @Test
    void theBuildSubnetsMustLieInDistinctZonesBeforeEndpointsAreCreatedInThem() {
        SynthResult synth = synth(EndpointMode.CREATE, Optional.empty());
        List<String> zones = new ArrayList<>();
        synth.dataSources("aws_subnet").forEach((id, subnet) -> zones.add(subnet.path("id").asText() + " " + id.replaceAll("_[0-9A-F]{8}$", "")));
        assertEquals(List.of(SUBNETS.get(0) + " network_build-subnet-1-zone", SUBNETS.get(1) + " network_build-subnet-2-zone"), zones);
        JsonNode check = synth.only("aws_security_group").path("lifecycle").path("precondition").get(0);
        String first = "data.aws_subnet." + synth.dataSources("aws_subnet").keySet().stream().sorted().toList().get(0) + ".availability_zone";
        String second = "data.aws_subnet." + synth.dataSources("aws_subnet").keySet().stream().sorted().toList().get(1) + ".availability_zone";
        assertEquals("${length(distinct([" + first + ", " + second + "])) == 2}", check.path("condition").asText());
        assertEquals("Two build subnets share an Availability Zone (${join(\", \", [\"" + SUBNETS.get(0) + " in ${" + first + "}\", \""
                + SUBNETS.get(1) + " in ${" + second + "}\"])}), and an interface endpoint takes one subnet per zone: list build subnets "
                + "in distinct zones in isolatedNetwork.buildSubnetIds, or set isolatedNetwork.endpoints to ADOPT when the VPC has its "
                + "endpoints.", check.path("error_message").asText());
        assertTrue(synth(EndpointMode.ADOPT, Optional.of("sg-0c0ffee0c0ffee021")).dataSources("aws_subnet").isEmpty(),
                "adopted endpoints have their subnets already");
    }

    @Test
    void adoptingLooksEachEndpointUpAndCreatesNothing() {
        SynthResult synth = synth(EndpointMode.ADOPT, Optional.of("sg-0c0ffee0c0ffee021"));
        assertTrue(synth.allResources().isEmpty(), synth.allResources().toString());
        assertEquals(9, synth.dataSources("aws_vpc_endpoint").size());
        synth.dataSources("aws_vpc_endpoint").values().forEach(e -> {
            assertEquals(VPC, e.path("vpc_id").asText());
            assertEquals("available", e.path("state").asText());
        });
    }

    /** An adopted interface endpoint the builds cannot use (private DNS off, another group) stops the plan. */
    @Test
    void adoptedInterfaceEndpointsMustHavePrivateDnsAndTheNamedGroup() {
        SynthResult synth = synth(EndpointMode.ADOPT, Optional.of("sg-0c0ffee0c0ffee021"));
        JsonNode ecrApi = synth.dataSources("aws_vpc_endpoint").entrySet().stream().filter(e -> e.getKey().contains("adopted-ecr-api"))
                .findFirst().orElseThrow().getValue();
        JsonNode checks = ecrApi.path("lifecycle").path("postcondition");
        assertEquals("${self.private_dns_enabled}", checks.get(0).path("condition").asText());
        assertEquals("The VPC endpoint ${self.id} for ecr.api has private DNS off: an isolated build resolves ecr.api's public name "
                + "and, without an internet path, cannot reach it. Fix the endpoint, or let this stack create its own instead "
                + "(isolatedNetwork.endpoints CREATE, the service not in isolatedNetwork.adoptedEndpoints) where the VPC has none for it.",
                checks.get(0).path("error_message").asText());
        assertEquals("${contains(self.security_group_ids, \"sg-0c0ffee0c0ffee021\")}", checks.get(1).path("condition").asText());
        assertTrue(checks.get(1).path("error_message").asText().startsWith("The VPC endpoint ${self.id} for ecr.api is not in "
                + "sg-0c0ffee0c0ffee021 (isolatedNetwork.endpointSecurityGroupId), the group the builds reach on 443; it is in "
                + "${join(\", \", self.security_group_ids)}."), checks.get(1).path("error_message").asText());
        JsonNode s3 = synth.dataSources("aws_vpc_endpoint").entrySet().stream().filter(e -> e.getKey().contains("adopted-s3"))
                .findFirst().orElseThrow().getValue();
        assertTrue(s3.path("lifecycle").isMissingNode(), "a gateway endpoint has neither DNS nor groups");
    }

    @Test
    void eachBuildSubnetIsCheckedOnTheTableItUsesItsOwnElseTheMainOne() {
        SynthResult synth = synth(EndpointMode.CREATE, Optional.empty());
        JsonNode main = synth.dataSources("aws_route_table").entrySet().stream().filter(e -> e.getKey().startsWith("network_main-routes"))
                .findFirst().orElseThrow().getValue();
        assertEquals(VPC, main.path("vpc_id").asText());
        assertEquals("[{\"name\":\"association.main\",\"values\":[\"true\"]}]", main.path("filter").toString());
        for (int i = 0; i < 2; i++) {
            String subnet = "build-subnet-" + (i + 1);
            Map.Entry<String, JsonNode> own = only(synth.dataSources("aws_route_tables"), "network_" + subnet + "-association");
            assertEquals("[{\"name\":\"association.subnet-id\",\"values\":[\"" + SUBNETS.get(i) + "\"]}]",
                    own.getValue().path("filter").toString());
            Map.Entry<String, JsonNode> table = only(synth.dataSources("aws_route_table"), "network_" + subnet + "-routes");
            String ids = "data.aws_route_tables." + own.getKey() + ".ids";
            assertEquals("${length(" + ids + ") > 0 ? " + ids + "[0] : data.aws_route_table."
                    + synth.dataSources("aws_route_table").keySet().stream().filter(k -> k.startsWith("network_main-routes")).findFirst()
                    .orElseThrow() + ".route_table_id}", table.getValue().path("route_table_id").asText());
            JsonNode check = table.getValue().path("lifecycle").path("postcondition").get(0);
            assertEquals("${length(" + IsolatedNetwork.defaultRoutes("self.routes", "[\"tgw-0a1b2c3d4e5f60789\"]") + ") == 0}",
                    check.path("condition").asText());
            assertTrue(check.path("error_message").asText().startsWith("Build subnet " + SUBNETS.get(i)
                    + " has a route to the internet in ${self.route_table_id}: "), check.toString());
            Map.Entry<String, JsonNode> lists = only(synth.dataSources("aws_ec2_managed_prefix_list"), "network_" + subnet + "-prefix-lists");
            assertTrue(lists.getValue().path("for_each").asText().startsWith("${{for r in data.aws_route_table." + table.getKey()
                    + ".routes : r.destination_prefix_list_id => "), lists.getValue().toString());
            assertEquals("${each.key}", lists.getValue().path("id").asText());
        }
    }

    private static Map.Entry<String, JsonNode> only(Map<String, JsonNode> blocks, String prefix) {
        List<Map.Entry<String, JsonNode>> found = blocks.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).toList();
        assertEquals(1, found.size(), prefix + " in " + blocks.keySet());
        return found.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "internet gateway | igw-0a1b2c3d4e5f60789  | isolatedNetwork.admittedEgress names an internet, NAT or egress-only gateway, got 'igw-0a1b2c3d4e5f60789'; builds of an isolated network must have no internet path (E3); admit only a path the team inspects, such as the transit gateway to an inspection VPC",
        "NAT gateway      | nat-0a1b2c3d4e5f60789  | isolatedNetwork.admittedEgress names an internet, NAT or egress-only gateway, got 'nat-0a1b2c3d4e5f60789'; builds of an isolated network must have no internet path (E3); admit only a path the team inspects, such as the transit gateway to an inspection VPC",
        "not a target     | inspection-vpc         | isolatedNetwork.admittedEgress must hold route target ids, got 'inspection-vpc'; use the id of a transit gateway, peering connection, network interface, VPC endpoint or instance, e.g. 'tgw-0a1b2c3d4e5f60789'",
    })
    void admittedEgressIsARouteTargetThatIsNotTheInternetItself(String why, String admitted, String message) {
        SettingException e = assertThrows(SettingException.class, () -> new IsolatedNetworkProps(DEV, VPC, SUBNETS, EndpointMode.CREATE,
                Optional.empty(), List.of(admitted)));
        assertEquals(message, e.getMessage(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "vpc id     | my-vpc               | subnet-0d0e0f0a0b0c0d011 | CREATE |                     | isolatedNetwork.vpcId must be a VPC id, got 'my-vpc'; give the id of the VPC the builds run in, e.g. 'vpc-0a1b2c3d4e5f60789'",
        "subnet id  | vpc-0d0e0f0a0b0c0d001 | private-a               | CREATE |                     | isolatedNetwork.buildSubnetIds must hold subnet ids, got 'private-a'; use ids such as 'subnet-0a1b2c3d4e5f60789'",
        "no group   | vpc-0d0e0f0a0b0c0d001 | subnet-0d0e0f0a0b0c0d011 | ADOPT  |                     | isolatedNetwork.endpointSecurityGroupId is required when endpoints is ADOPT, got ''; give the security group of the VPC's interface endpoints, e.g. 'sg-0a1b2c3d4e5f60789'",
        "bad group  | vpc-0d0e0f0a0b0c0d001 | subnet-0d0e0f0a0b0c0d011 | ADOPT  | default             | isolatedNetwork.endpointSecurityGroupId must be a security group id, got 'default'; use an id such as 'sg-0a1b2c3d4e5f60789'",
        "group, own | vpc-0d0e0f0a0b0c0d001 | subnet-0d0e0f0a0b0c0d011 | CREATE | sg-0c0ffee0c0ffee021 | isolatedNetwork.endpointSecurityGroupId only applies to adopted interface endpoints, got 'sg-0c0ffee0c0ffee021'; remove it, or set \"endpoints\": \"ADOPT\" when the VPC has its endpoints (\"adoptedEndpoints\" when it has some of them)",
    })
    void badPropsNameTheSetting(String why, String vpc, String subnet, EndpointMode mode, String group, String message) {
        SettingException e = assertThrows(SettingException.class,
                () -> new IsolatedNetworkProps(DEV, vpc, List.of(subnet), mode, Optional.ofNullable(group), List.of()));
        assertEquals(message, e.getMessage(), why);
    }

    /**
     * A shared VPC often has some of the endpoints already (a second interface endpoint with
     * private DNS for a service fails to create): those are adopted and checked, the rest created,
     * and the builds reach both groups.
     */
    @Test
    void adoptingSomeEndpointsCreatesTheRestAndTheBuildsReachBothGroups() {
        TerraformStack stack = TestStacks.withAwsProvider();
        IsolatedNetwork network = new IsolatedNetwork(stack, "network", new IsolatedNetworkProps(DEV, VPC, SUBNETS, EndpointMode.CREATE,
                java.util.Set.of(Endpoint.ECR_API, Endpoint.ECR_DKR), Optional.of("sg-0c0ffee0c0ffee021"), List.of()));
        new com.hashicorp.cdktf.TerraformOutput(stack, "groups", com.hashicorp.cdktf.TerraformOutputConfig.builder()
                .value(network.ref().endpointSecurityGroupIds()).build());
        SynthResult synth = SynthResult.of(stack);
        List<String> created = synth.resources("aws_vpc_endpoint").values().stream()
                .map(e -> e.path("service_name").asText().replaceAll(".*\\}\\.", "")).sorted().toList();
        assertEquals(List.of("codebuild", "ecs", "git-codecommit", "kms", "logs", "s3", "sts"), created);
        List<String> adopted = synth.dataSources("aws_vpc_endpoint").keySet().stream().map(id -> id.replaceAll("_[0-9A-F]{8}$", ""))
                .sorted().toList();
        assertEquals(List.of("network_adopted-ecr-api", "network_adopted-ecr-dkr"), adopted);
        synth.dataSources("aws_vpc_endpoint").values().forEach(e -> assertEquals("${contains(self.security_group_ids, \"sg-0c0ffee0c0ffee021\")}",
                e.path("lifecycle").path("postcondition").get(1).path("condition").asText()));
        assertEquals("[\"" + synth.ref("aws_security_group", "id") + "\",\"sg-0c0ffee0c0ffee021\"]",
                synth.outputs().get("groups").path("value").toString(), "the created endpoints' group first, then the adopted ones'");
        assertEquals(2, synth.dataSources("aws_subnet").size(), "created interface endpoints: one subnet per zone, checked");
    }

    @Test
    void adoptingTheS3GatewayAloneNeedsNoGroupOfTheVpcs() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new IsolatedNetwork(stack, "network", new IsolatedNetworkProps(DEV, VPC, SUBNETS, EndpointMode.CREATE,
                java.util.Set.of(Endpoint.S3), Optional.empty(), List.of()));
        SynthResult synth = SynthResult.of(stack);
        assertEquals(8, synth.resources("aws_vpc_endpoint").size());
        assertTrue(synth.resources("aws_vpc_endpoint").values().stream().noneMatch(e -> e.path("vpc_endpoint_type").asText().equals("Gateway")));
        JsonNode s3 = synth.dataSources("aws_vpc_endpoint").values().iterator().next();
        assertEquals(1, synth.dataSources("aws_vpc_endpoint").size());
        assertTrue(s3.path("service_name").asText().endsWith(".s3"), s3.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "with ADOPT         | ADOPT  | ECR_API         | sg-0c0ffee0c0ffee021 | isolatedNetwork.adoptedEndpoints only applies when endpoints is CREATE, got '[ECR_API]'; remove it: \"endpoints\": \"ADOPT\" adopts every endpoint",
        "one builds skip    | CREATE | SECRETS_MANAGER | sg-0c0ffee0c0ffee021 | isolatedNetwork.adoptedEndpoints names an endpoint the isolated builds do not use, got 'SECRETS_MANAGER'; list some of [S3, ECR_API, ECR_DKR, LOGS, STS, KMS, ECS, GIT_CODECOMMIT, CODEBUILD]",
        "interface, no group | CREATE | LOGS           |                      | isolatedNetwork.endpointSecurityGroupId is required when adoptedEndpoints names interface endpoints, got ''; give the security group of the VPC's interface endpoints, e.g. 'sg-0a1b2c3d4e5f60789'",
    })
    void adoptedEndpointsAreOnesTheBuildsUseWithTheirGroup(String why, EndpointMode mode, Endpoint endpoint, String group, String message) {
        SettingException e = assertThrows(SettingException.class, () -> new IsolatedNetworkProps(DEV, VPC, SUBNETS, mode,
                java.util.Set.of(endpoint), Optional.ofNullable(group), List.of()));
        assertEquals(message, e.getMessage(), why);
    }

    @Test
    void aSubnetListedTwiceIsRefused() {
        SettingException e = assertThrows(SettingException.class, () -> new IsolatedNetworkProps(DEV, VPC,
                List.of(SUBNETS.get(0), SUBNETS.get(0)), EndpointMode.CREATE, Optional.empty(), List.of()));
        assertEquals("isolatedNetwork.buildSubnetIds name a subnet twice, got '[subnet-0d0e0f0a0b0c0d011, subnet-0d0e0f0a0b0c0d011]'; "
                + "list each subnet once", e.getMessage());
    }
}
