package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.outputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Steps of {@link PreviewIT}: what the emulator cannot refuse on its own but a real account would (a connection nobody
 * authorized, a missing image, subnets and routes an isolated build cannot use) stops pr-1's plan with a message that
 * names the input and the fix, before any apply or build fails on it.
 */
interface PreviewPlanChecks {
    PreviewPr1 pr1();

    /**
     * A GitHub source whose connection nobody has authorized yet (PENDING, as CreateConnection
     * leaves it) stops the plan of its stack, naming the connection, its status and the console page
     * that completes it; so does a connection that was deleted.
     */
    @Test
    @Order(7)
    default void aConnectionNotYetAuthorizedStopsThePlanNotTheFirstPush() throws Exception {
        LocalAws aws = pr1().aws;
        String pending = JSON.readTree(aws.aws("codestar-connections", "create-connection", "--provider-type", "GitHub",
                "--connection-name", "payments-api-pr-1")).path("ConnectionArn").asText();
        Terraform stack = pr1().changed("pending", "payments-api", config -> {
            ObjectNode services = config.has("services") ? (ObjectNode) config.get("services") : config.putObject("services");
            services.putObject("payments-api").putObject("source").put("connectionArn", pending);
        });
        Terraform.Result plan = stack.run("pr-1", "plan", "-no-color");
        assertEquals(1, plan.exitCode(), plan.output());
        String said = plan.output().replaceAll("\\s+", " ");
        assertTrue(said.contains("The connection " + pending + " of the pipeline-payments-api-pr-1 pipeline is PENDING, not AVAILABLE: "
                + "every run would fail at Source."), said);
        assertTrue(said.contains("https://us-east-1.console.aws.amazon.com/codesuite/settings/connections?region=us-east-1"), said);
        aws.aws("codestar-connections", "delete-connection", "--connection-arn", pending);
        Terraform.Result deleted = stack.run("pr-1", "plan", "-no-color");
        assertEquals(1, deleted.exitCode(), deleted.output());
        assertTrue(deleted.output().replaceAll("\\s+", " ").contains(pending), deleted.output());
    }

    /**
     * C's builder runs the account's copy of BuildKit (config: buildkitImage), read at plan time:
     * with the copy gone the plan stops at its lookup, naming the repository and what to do,
     * before any build could fall back to Docker Hub; copied back, the lookup reads it again.
     */
    @Test
    @Order(8)
    default void withoutTheAccountsCopyOfBuildKitCsPlanStopsSayingHowToCopyIt() throws Exception {
        LocalAws aws = pr1().aws;
        String lookup = "data.aws_ecr_image." + JSON.readTree(pr1().containerStack.toFile()).path("data").path("aws_ecr_image")
                .fieldNames().next();
        String manifest = JSON.readTree(aws.aws("ecr", "batch-get-image", "--repository-name", "buildkit", "--image-ids",
                "imageTag=v0.16.0")).path("images").get(0).path("imageManifest").asText();
        aws.aws("ecr", "delete-repository", "--repository-name", "buildkit", "--force");
        Terraform.Result gone = pr1().container.run("pr-1", "plan", "-no-color", "-target=" + lookup);
        assertEquals(1, gone.exitCode(), gone.output());
        assertTrue(gone.output().replaceAll("\\s+", " ").contains("The ECR repository buildkit that buildkitImage names does not "
                + "exist in this account and region. Create it and push the image tagged v0.16.0 into it"), gone.output());
        aws.aws("ecr", "create-repository", "--repository-name", "buildkit", "--image-tag-mutability", "IMMUTABLE");
        aws.aws("ecr", "put-image", "--repository-name", "buildkit", "--image-tag", "v0.16.0", "--image-manifest", manifest);
        pr1().container.run("pr-1", "plan", "-no-color", "-target=" + lookup).orFail("the lookup with the copy back in place");
    }

    /** A transit gateway route in the main table a build subnet uses stops each of E's plans, naming the subnet and the route. */
    @Test
    @Order(10)
    default void anInternetRouteOfABuildSubnetStopsEveryIsolatedPlan() throws Exception {
        LocalAws aws = pr1().aws;
        JsonNode route = JSON.readTree(aws.script("emulator/isolated_ecs.py", "route", "pr-1", "tgw"));
        String subnet = pr1().isolatedNetworkInput().path("buildSubnetIds").get(1).asText();
        try {
            EmulatorScenario.inParallel(List.of(pr1().orders, pr1().invoices, pr1().isolatedNetwork).stream().<Callable<Void>>map(stack -> () -> {
                Terraform.Result plan = stack.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
                assertEquals(1, plan.exitCode(), plan.output());
                assertTrue(plan.output().replaceAll("\\s+", " ").contains("Build subnet " + subnet + " has a route to the internet in "
                        + route.path("routeTableId").asText() + ": 0.0.0.0/0 via " + route.path("transitGatewayId").asText()
                        + ". Builds of an isolated network must have no internet path (E3)"), plan.output());
                return null;
            }).toList());
        } finally {
            aws.script("emulator/isolated_ecs.py", "route", "pr-1", "none");
        }
    }

    /**
     * An interface endpoint takes one subnet per zone: build subnets that share one stop the isolated
     * network's plan, naming each subnet's zone, before any endpoint is tried.
     */
    @Test
    @Order(12)
    default void buildSubnetsSharingAZoneStopThePlanBeforeTheEndpointsAreTried() throws Exception {
        LocalAws aws = pr1().aws;
        JsonNode network = pr1().isolatedNetworkInput();
        String first = network.path("buildSubnetIds").get(0).asText();
        String zone = JSON.readTree(aws.aws("ec2", "describe-subnets", "--subnet-ids", first)).path("Subnets").get(0)
                .path("AvailabilityZone").asText();
        String twin = JSON.readTree(aws.aws("ec2", "create-subnet", "--vpc-id", network.path("vpcId").asText(), "--cidr-block",
                "10.240.9.0/24", "--availability-zone", zone)).path("Subnet").path("SubnetId").asText();
        try {
            Terraform stack = pr1().changed("same-zone", IsolatedNetworkStack.NAME, config -> ((ObjectNode) config.path("environments")
                    .path("pr-1").path("isolatedNetwork")).putArray("buildSubnetIds").add(first).add(twin));
            Terraform.Result plan = stack.run("pr-1", "plan", "-no-color");
            assertEquals(1, plan.exitCode(), plan.output());
            assertTrue(plan.output().replaceAll("\\s+", " ").contains("Two build subnets share an Availability Zone (" + first + " in " + zone
                    + ", " + twin + " in " + zone + "), and an interface endpoint takes one subnet per zone"), plan.output());
        } finally {
            aws.aws("ec2", "delete-subnet", "--subnet-id", twin);
        }
    }

    /**
     * Adopted endpoints are checked for what the builds need, one by one: pr-1's own ECR endpoints,
     * adopted with their group while the rest stay created, plan without error (Terraform would
     * only remove the two it made); adopted naming another group (a build's), each interface
     * endpoint stops the plan naming the group it is in.
     */
    @Test
    @Order(13)
    default void adoptedEndpointsMustBeInTheGroupTheBuildsReach() throws Exception {
        String endpointGroup = outputs(pr1().isolatedNetwork, "pr-1").path("endpointSecurityGroupId").asText();
        String buildGroup = outputs(pr1().orders, "pr-1").path("buildSecurityGroupId").asText();
        Map<String, Terraform> stacks = new TreeMap<>();
        for (String group : List.of(endpointGroup, buildGroup)) {
            stacks.put(group, pr1().changed("adopting-" + group, IsolatedNetworkStack.NAME, config -> {
                ObjectNode network = ((ObjectNode) config.path("environments").path("pr-1").path("isolatedNetwork"))
                        .put("endpointSecurityGroupId", group);
                if (group.equals(endpointGroup)) {
                    network.putArray("adoptedEndpoints").add("ECR_API").add("ECR_DKR");
                } else {
                    network.put("endpoints", "ADOPT");
                }
            }));
        }
        // One after the other: both plans take the lock of pr-1's isolated-network state.
        Terraform.Result some = stacks.get(endpointGroup).run("pr-1", "plan", "-no-color");
        Terraform.Result refused = stacks.get(buildGroup).run("pr-1", "plan", "-no-color");
        assertEquals(0, some.exitCode(), some.output());
        assertTrue(some.output().contains("Plan: 0 to add, 0 to change, 2 to destroy."), some.output());
        assertTrue(some.output().matches("(?s).*aws_vpc_endpoint\\.network_endpoint-ecr-api_[0-9A-F]{8} will be destroyed.*"
                + "aws_vpc_endpoint\\.network_endpoint-ecr-dkr_[0-9A-F]{8} will be destroyed.*"), some.output());
        assertEquals(1, refused.exitCode(), refused.output());
        String said = refused.output().replaceAll("\\s+", " ");
        assertTrue(said.matches(".*The VPC endpoint vpce-[0-9a-f]+ for ecr\\.api is not in " + buildGroup
                + " \\(isolatedNetwork\\.endpointSecurityGroupId\\), the group the builds reach on 443; it is in " + endpointGroup + "\\..*"),
                said);
    }
}
