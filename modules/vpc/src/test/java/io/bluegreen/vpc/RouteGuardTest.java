package io.bluegreen.vpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import com.hashicorp.cdktf.TerraformStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route check's own expressions, as synthesized, evaluated by Terraform over route tables
 * shaped as the {@code aws_route_table} data source returns them: which default routes stop the
 * plan, with which message, and which prefix lists are read. The emulator proves the lookups;
 * this proves every kind of target a real VPC may route to.
 */
class RouteGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBNET = "subnet-0d0e0f0a0b0c0d011";
    private static final String ADMITTED = "tgw-0a1b2c3d4e5f60789";
    private static final List<String> ATTRIBUTES = List.of("cidr_block", "ipv6_cidr_block", "destination_prefix_list_id",
            "carrier_gateway_id", "core_network_arn", "egress_only_gateway_id", "gateway_id", "instance_id", "local_gateway_id",
            "nat_gateway_id", "network_interface_id", "transit_gateway_id", "vpc_endpoint_id", "vpc_peering_connection_id");
    /** Each case's routes: destination, then target attribute and id (a NAT instance names two). */
    private static final Map<String, List<List<String>>> CASES = new LinkedHashMap<>();
    private static final Map<String, JsonNode> RESULTS = new LinkedHashMap<>();

    static {
        CASES.put("isolated", List.of(List.of("cidr_block", "10.0.0.0/8", "transit_gateway_id", "tgw-0b0b0b0b0b0b0b0b0")));
        CASES.put("internet gateway", List.of(List.of("cidr_block", "0.0.0.0/0", "gateway_id", "igw-0c0c0c0c0c0c0c0c0")));
        CASES.put("NAT gateway", List.of(List.of("cidr_block", "0.0.0.0/0", "nat_gateway_id", "nat-0d0d0d0d0d0d0d0d0")));
        CASES.put("egress-only IPv6", List.of(List.of("ipv6_cidr_block", "::/0", "egress_only_gateway_id", "eigw-0e0e0e0e0e0e0e0e0")));
        CASES.put("transit gateway", List.of(List.of("cidr_block", "0.0.0.0/0", "transit_gateway_id", "tgw-0b0b0b0b0b0b0b0b0")));
        CASES.put("admitted transit gateway", List.of(List.of("cidr_block", "0.0.0.0/0", "transit_gateway_id", ADMITTED)));
        CASES.put("peering", List.of(List.of("cidr_block", "0.0.0.0/0", "vpc_peering_connection_id", "pcx-0f0f0f0f0f0f0f0f0")));
        CASES.put("NAT instance", List.of(List.of("cidr_block", "0.0.0.0/0", "instance_id", "i-0a0a0a0a0a0a0a0a0",
                "network_interface_id", "eni-0a0a0a0a0a0a0a0a0")));
        CASES.put("network interface", List.of(List.of("cidr_block", "0.0.0.0/0", "network_interface_id", "eni-0b0b0b0b0b0b0b0b0")));
        CASES.put("prefix list", List.of(List.of("destination_prefix_list_id", "pl-0a0a0a0a0a0a0a0a0", "transit_gateway_id",
                "tgw-0b0b0b0b0b0b0b0b0")));
        CASES.put("prefix list via admitted", List.of(List.of("destination_prefix_list_id", "pl-0a0a0a0a0a0a0a0a0",
                "transit_gateway_id", ADMITTED)));
    }

    @BeforeAll
    static void evaluateTheSynthesizedChecks(@TempDir Path dir) throws Exception {
        TerraformStack stack = TestStacks.withAwsProvider();
        new IsolatedNetwork(stack, "network", new IsolatedNetworkProps(Naming.of("dev"), "vpc-0d0e0f0a0b0c0d001", List.of(SUBNET),
                EndpointMode.CREATE, Optional.empty(), List.of(ADMITTED)));
        SynthResult synth = SynthResult.of(stack);
        Map.Entry<String, JsonNode> table = synth.dataSources("aws_route_table").entrySet().stream()
                .filter(e -> e.getKey().startsWith("network_build-subnet-1-routes")).findFirst().orElseThrow();
        JsonNode check = table.getValue().path("lifecycle").path("postcondition").get(0);
        JsonNode lists = synth.dataSources("aws_ec2_managed_prefix_list").values().iterator().next();
        String forEach = lists.path("for_each").asText();
        JsonNode listCheck = lists.path("lifecycle").path("postcondition").get(0);

        StringBuilder locals = new StringBuilder("locals {\n  cases = {\n");
        List<String> expressions = new ArrayList<>();
        for (Map.Entry<String, List<List<String>>> entry : CASES.entrySet()) {
            locals.append("    \"").append(entry.getKey()).append("\" = [\n");
            for (List<String> route : entry.getValue()) {
                Map<String, String> values = new LinkedHashMap<>();
                ATTRIBUTES.forEach(attribute -> values.put(attribute, ""));
                for (int i = 0; i < route.size(); i += 2) {
                    values.put(route.get(i), route.get(i + 1));
                }
                List<String> pairs = new ArrayList<>();
                for (Map.Entry<String, String> value : values.entrySet()) {
                    pairs.add(value.getKey() + " = " + JSON.writeValueAsString(value.getValue()));
                }
                locals.append("      {").append(String.join(", ", pairs)).append("},\n");
            }
            locals.append("    ]\n");
            String routes = "local.cases[\"" + entry.getKey() + "\"]";
            String condition = unwrap(check.path("condition").asText()).replace("self.routes", routes);
            String message = check.path("error_message").asText().replace("self.routes", routes)
                    .replace("${self.route_table_id}", "rtb-0a0a0a0a0a0a0a0a0");
            String prefixLists = unwrap(forEach).replace("data.aws_route_table." + table.getKey() + ".routes", routes);
            expressions.add("\"" + entry.getKey() + "\" = {passes = " + condition + ", message = " + condition + " ? \"\" : \""
                    + message + "\", prefixLists = " + prefixLists + "}");
        }
        locals.append("  }\n}\n");
        // The prefix lists' own check, over entries as the data source returns them.
        String entriesCheck = unwrap(listCheck.path("condition").asText());
        for (Map.Entry<String, String> entries : Map.of("default entries", "[{cidr = \"10.0.0.0/8\", description = \"\"}, "
                + "{cidr = \"0.0.0.0/0\", description = \"egress\"}]", "service entries", "[{cidr = \"52.216.0.0/15\", "
                + "description = \"\"}]", "IPv6 default entries", "[{cidr = \"::/0\", description = \"\"}]").entrySet()) {
            expressions.add("\"" + entries.getKey() + "\" = {passes = " + entriesCheck.replace("self.entries", entries.getValue()) + "}");
        }
        expressions.add("\"prefix list message\" = {message = \"" + listCheck.path("error_message").asText()
                .replace("${each.key}", "pl-0a0a0a0a0a0a0a0a0").replace("${each.value}", "tgw-0b0b0b0b0b0b0b0b0")
                .replace("${data.aws_route_table." + table.getKey() + ".route_table_id}", "rtb-0a0a0a0a0a0a0a0a0") + "\"}");
        Files.writeString(dir.resolve("main.tf"), locals);
        // The console evaluates one expression from a pipe: all cases go in one object.
        JsonNode results = JSON.readTree(JSON.readTree(console(dir, "jsonencode({" + String.join(", ", expressions) + "})")).asText());
        results.fieldNames().forEachRemaining(name -> RESULTS.put(name, results.path(name)));
    }

    private static String unwrap(String interpolation) {
        return interpolation.substring(2, interpolation.length() - 1);
    }

    private static String console(Path dir, String expression) throws IOException, InterruptedException {
        // A CLI configuration of its own: the console needs no provider, and the user's file is none of its business.
        Path cliConfig = Files.writeString(dir.resolve("terraform.rc"), "");
        ProcessBuilder builder = new ProcessBuilder("terraform", "console", "-no-color").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("TF_CLI_CONFIG_FILE", cliConfig.toString());
        Process process = builder.start();
        process.getOutputStream().write((expression + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("terraform console failed: " + output);
        }
        return output.strip();
    }

    private static boolean passes(String name) {
        return RESULTS.get(name).path("passes").asBoolean();
    }

    private static List<String> prefixLists(String name) {
        List<String> keys = new ArrayList<>();
        RESULTS.get(name).path("prefixLists").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aDefaultRouteThroughAnyTargetStopsThePlan() {
        Map<String, Boolean> passed = new LinkedHashMap<>();
        CASES.keySet().forEach(name -> passed.put(name, passes(name)));
        Map<String, Boolean> expected = new LinkedHashMap<>();
        CASES.keySet().forEach(name -> expected.put(name, List.of("isolated", "admitted transit gateway", "prefix list",
                "prefix list via admitted").contains(name)));
        assertEquals(expected, passed, "prefix lists are judged by their entries, read separately");
    }

    @Test
    void theMessageNamesSubnetTableDestinationAndEveryTargetOfTheRoute() {
        assertEquals("Build subnet " + SUBNET + " has a route to the internet in rtb-0a0a0a0a0a0a0a0a0: 0.0.0.0/0 via "
                + "eni-0a0a0a0a0a0a0a0a0/i-0a0a0a0a0a0a0a0a0. Builds of an isolated network must have no internet path (E3): remove the "
                + "route, list a subnet without one in isolatedNetwork.buildSubnetIds, or name an egress path the team inspects in "
                + "isolatedNetwork.admittedEgress.", RESULTS.get("NAT instance").path("message").asText());
        assertEquals("Build subnet " + SUBNET + " has a route to the internet in rtb-0a0a0a0a0a0a0a0a0: ::/0 via eigw-0e0e0e0e0e0e0e0e0."
                        + " Builds of an isolated network must have no internet path (E3): remove the route, list a subnet without one in "
                        + "isolatedNetwork.buildSubnetIds, or name an egress path the team inspects in isolatedNetwork.admittedEgress.",
                RESULTS.get("egress-only IPv6").path("message").asText());
    }

    @Test
    void everyPrefixListRoutedToATargetNotAdmittedIsRead() {
        assertEquals(List.of("pl-0a0a0a0a0a0a0a0a0"), prefixLists("prefix list"));
        assertEquals("tgw-0b0b0b0b0b0b0b0b0", RESULTS.get("prefix list").path("prefixLists").path("pl-0a0a0a0a0a0a0a0a0").asText());
        assertEquals(List.of(), prefixLists("prefix list via admitted"));
        assertEquals(List.of(), prefixLists("transit gateway"), "a CIDR route reads no prefix list");
    }

    @Test
    void aPrefixListHoldingADefaultRouteStopsThePlanNamingItAndItsTarget() {
        assertEquals(false, RESULTS.get("default entries").path("passes").asBoolean());
        assertEquals(false, RESULTS.get("IPv6 default entries").path("passes").asBoolean());
        assertEquals(true, RESULTS.get("service entries").path("passes").asBoolean());
        assertEquals("Build subnet " + SUBNET + " has a route to the internet in rtb-0a0a0a0a0a0a0a0a0: prefix list pl-0a0a0a0a0a0a0a0a0, "
                + "which holds a default route, via tgw-0b0b0b0b0b0b0b0b0. Builds of an isolated network must have no internet path (E3): "
                + "remove the route, list a subnet without one in isolatedNetwork.buildSubnetIds, or name an egress path the team "
                + "inspects in isolatedNetwork.admittedEgress.", RESULTS.get("prefix list message").path("message").asText());
    }
}
