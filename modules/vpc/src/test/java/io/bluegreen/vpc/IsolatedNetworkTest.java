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
        new IsolatedNetwork(stack, "network", new IsolatedNetworkProps(DEV, VPC, SUBNETS, mode, group));
        return SynthResult.of(stack);
    }

    @Test
    void createsEveryEndpointTheIsolatedBuildCallsOnceInTheBuildSubnets() {
        SynthResult synth = synth(EndpointMode.CREATE, Optional.empty());
        assertEquals(8, synth.resources("aws_vpc_endpoint").size());
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
        assertEquals(List.of("ecr.api", "ecr.dkr", "ecs", "git-codecommit", "kms", "logs", "sts"), interfaces);
        JsonNode group = synth.only("aws_security_group");
        assertEquals("secgroup-isolated-endpoints-dev", group.path("name").asText());
        JsonNode https = synth.only("aws_vpc_security_group_ingress_rule");
        assertEquals(443, https.path("from_port").asInt());
        assertTrue(https.path("cidr_ipv4").asText().startsWith("${data.aws_vpc."), "the VPC's own range, read");
    }

    @Test
    void adoptingLooksEachEndpointUpAndCreatesNothing() {
        SynthResult synth = synth(EndpointMode.ADOPT, Optional.of("sg-0c0ffee0c0ffee021"));
        assertTrue(synth.allResources().isEmpty(), synth.allResources().toString());
        assertEquals(8, synth.dataSources("aws_vpc_endpoint").size());
        synth.dataSources("aws_vpc_endpoint").values().forEach(e -> {
            assertEquals(VPC, e.path("vpc_id").asText());
            assertEquals("available", e.path("state").asText());
        });
    }

    @Test
    void everyBuildSubnetsRouteTableFailsThePlanOnAnInternetRoute() {
        List<JsonNode> tables = List.copyOf(synth(EndpointMode.CREATE, Optional.empty()).dataSources("aws_route_table").values());
        assertEquals(2, tables.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(SUBNETS.get(i), tables.get(i).path("subnet_id").asText());
            JsonNode check = tables.get(i).path("lifecycle").path("postcondition").get(0);
            assertEquals("${length(" + IsolatedNetwork.INTERNET_ROUTES + ") == 0}", check.path("condition").asText());
            assertTrue(check.path("error_message").asText().startsWith("Build subnet " + SUBNETS.get(i)
                    + " has a route to the internet in ${self.route_table_id}: "), check.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "vpc id     | my-vpc               | subnet-0d0e0f0a0b0c0d011 | CREATE |                     | isolatedNetwork.vpcId must be a VPC id, got 'my-vpc'; give the id of the VPC the builds run in, e.g. 'vpc-0a1b2c3d4e5f60789'",
        "subnet id  | vpc-0d0e0f0a0b0c0d001 | private-a               | CREATE |                     | isolatedNetwork.buildSubnetIds must hold subnet ids, got 'private-a'; use ids such as 'subnet-0a1b2c3d4e5f60789'",
        "no group   | vpc-0d0e0f0a0b0c0d001 | subnet-0d0e0f0a0b0c0d011 | ADOPT  |                     | isolatedNetwork.endpointSecurityGroupId is required when endpoints is ADOPT, got ''; give the security group of the VPC's interface endpoints, e.g. 'sg-0a1b2c3d4e5f60789'",
        "bad group  | vpc-0d0e0f0a0b0c0d001 | subnet-0d0e0f0a0b0c0d011 | ADOPT  | default             | isolatedNetwork.endpointSecurityGroupId must be a security group id, got 'default'; use an id such as 'sg-0a1b2c3d4e5f60789'",
        "group, own | vpc-0d0e0f0a0b0c0d001 | subnet-0d0e0f0a0b0c0d011 | CREATE | sg-0c0ffee0c0ffee021 | isolatedNetwork.endpointSecurityGroupId only applies when endpoints is ADOPT, got 'sg-0c0ffee0c0ffee021'; remove it, or set \"endpoints\": \"ADOPT\" when the VPC has its endpoints",
    })
    void badPropsNameTheSetting(String why, String vpc, String subnet, EndpointMode mode, String group, String message) {
        SettingException e = assertThrows(SettingException.class,
                () -> new IsolatedNetworkProps(DEV, vpc, List.of(subnet), mode, Optional.ofNullable(group)));
        assertEquals(message, e.getMessage(), why);
    }

    @Test
    void aSubnetListedTwiceIsRefused() {
        SettingException e = assertThrows(SettingException.class, () -> new IsolatedNetworkProps(DEV, VPC,
                List.of(SUBNETS.get(0), SUBNETS.get(0)), EndpointMode.CREATE, Optional.empty()));
        assertEquals("isolatedNetwork.buildSubnetIds name a subnet twice, got '[subnet-0d0e0f0a0b0c0d011, subnet-0d0e0f0a0b0c0d011]'; "
                + "list each subnet once", e.getMessage());
    }
}
