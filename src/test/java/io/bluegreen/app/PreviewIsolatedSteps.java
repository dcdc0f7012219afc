package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.added;
import static io.bluegreen.app.EmulatorScenario.assertPlansAreEmpty;
import static io.bluegreen.app.EmulatorScenario.outputs;
import static io.bluegreen.app.EmulatorScenario.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Steps of {@link PreviewIT}: blueprint E's two instances in pr-1 deploy side by side into the regulated VPC another team
 * owns, create nothing of the network, reach only the endpoints, and plan empty a second time.
 */
interface PreviewIsolatedSteps {
    PreviewPr1 pr1();

    @Test
    @Order(9)
    default void twoIsolatedInstancesDeploySideBySideInTheRegulatedVpc() throws Exception {
        LocalAws aws = pr1().aws;
        JsonNode network = pr1().isolatedNetworkInput();
        String endpointGroup = outputs(pr1().isolatedNetwork, "pr-1").path("endpointSecurityGroupId").asText();
        for (String instance : List.of("orders", "invoices")) {
            JsonNode out = outputs(instance.equals("orders") ? pr1().orders : pr1().invoices, "pr-1");
            assertEquals("arn:aws:codepipeline:us-east-1:123456789012:pipeline-" + instance + "-pr-1", out.path("pipelineArn").asText());
            assertEquals("arn:aws:iam::123456789012:role/role-" + instance + "-pipeline-pr-1", out.path("pipelineRoleArn").asText());
            assertEquals("123456789012-s3-" + instance + "-artifacts-pr-1", out.path("artifactBucketName").asText());
            JsonNode project = JSON.readTree(aws.aws("codebuild", "batch-get-projects", "--names", "cb-" + instance + "-build-pr-1"))
                    .path("projects").get(0);
            assertEquals(network.path("vpcId"), project.path("vpcConfig").path("vpcId"));
            assertEquals(sorted(network.path("buildSubnetIds")), sorted(project.path("vpcConfig").path("subnets")));
            assertEquals(out.path("buildSecurityGroupId").asText(), project.path("vpcConfig").path("securityGroupIds").get(0).asText());
            JsonNode group = JSON.readTree(aws.aws("ec2", "describe-security-groups", "--group-ids", out.path("buildSecurityGroupId").asText()))
                    .path("SecurityGroups").get(0);
            assertEquals(0, group.path("IpPermissions").size(), "nothing may connect to a build");
            // EC2 lists rules of one protocol and port range as one permission with all their targets.
            assertEquals(1, group.path("IpPermissionsEgress").size(), "HTTPS only: " + group);
            JsonNode https = group.path("IpPermissionsEgress").get(0);
            assertEquals(List.of("tcp", "443", "443"), List.of(https.path("IpProtocol").asText(), https.path("FromPort").asText(),
                    https.path("ToPort").asText()));
            assertEquals(0, https.path("IpRanges").size() + https.path("Ipv6Ranges").size(), "no address range, let alone 0.0.0.0/0");
            assertEquals(List.of(endpointGroup), https.path("UserIdGroupPairs").findValuesAsText("GroupId"), "the endpoints' group");
            assertEquals(1, https.path("PrefixListIds").size(), "S3's prefix list: " + https);
            JsonNode repository = JSON.readTree(aws.aws("codecommit", "get-repository", "--repository-name", "repo-" + instance + "-pr-1"))
                    .path("repositoryMetadata");
            String key = JSON.readTree(aws.aws("kms", "describe-key", "--key-id", "alias/kms-" + instance + "-pipeline-pr-1"))
                    .path("KeyMetadata").path("Arn").asText();
            assertEquals(key, repository.path("kmsKeyId").asText(), "the repository is under the instance's own key");
        }
        // What pr-1 added, of blueprint E's instances.
        Map<String, Object> added = new TreeMap<>();
        added(pr1().withInputs, aws.inventory()).forEach((kind, names) -> added.put(kind, names instanceof List<?> list
                ? list.stream().map(Object::toString).filter(n -> n.contains("orders") || n.contains("invoices")).toList() : names));
        assertEquals(List.of("pipeline-invoices-pr-1", "pipeline-orders-pr-1"), added.get("codepipeline:pipeline"));
        assertEquals(List.of("repo-invoices-pr-1", "repo-orders-pr-1"), added.get("codecommit:repository"));
        assertEquals(List.of("cb-invoices-build-pr-1", "cb-orders-build-pr-1"), added.get("codebuild:project"));
        assertEquals(List.of("cdapp-invoices-production-pr-1", "cdapp-invoices-staging-pr-1", "cdapp-orders-production-pr-1",
                "cdapp-orders-staging-pr-1"), added.get("codedeploy:application"));
        JsonNode endpoints = JSON.readTree(aws.aws("ec2", "describe-vpc-endpoints", "--filters",
                "Name=vpc-id,Values=" + network.path("vpcId").asText())).path("VpcEndpoints");
        assertEquals(9, endpoints.size(), "S3, ECR api and dkr, Logs, STS, KMS, ECS, CodeCommit git, CodeBuild: once for both");
        List<String> groups = JSON.readTree(aws.aws("ec2", "describe-security-groups", "--filters",
                "Name=vpc-id,Values=" + network.path("vpcId").asText())).path("SecurityGroups").findValuesAsText("GroupName")
                .stream().filter(name -> name.startsWith("secgroup-")).sorted().toList();
        assertEquals(List.of("secgroup-invoices-build-pr-1", "secgroup-isolated-endpoints-pr-1", "secgroup-orders-build-pr-1"), groups,
                "the endpoints' and one per instance's builds (the VPC's own groups are the input's)");
        assertEquals(List.of("/aws/codebuild/invoices-build-pr-1", "/aws/codebuild/orders-build-pr-1"), added.get("logs:log-group"));
        for (String input : List.of("ecr:repository", "ecs:service", "elbv2:load-balancer")) {
            assertEquals(List.of(), added.getOrDefault(input, List.of()), input + ": the repositories, services and load balancers are inputs");
        }
        assertEquals(List.of(), JSON.readTree(aws.aws("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values="
                + network.path("vpcId").asText(), "Name=tag:ManagedBy,Values=cdktf")).path("Subnets").findValuesAsText("SubnetId"),
                "the network is an input, never created");
    }

    /** A second plan of E's stacks is empty, also once the internet route of step 10 is gone again. */
    @Test
    @Order(11)
    default void isolatedStacksPlanEmptyASecondTime() throws Exception {
        assertPlansAreEmpty("pr-1", List.of(pr1().isolatedNetwork, pr1().orders, pr1().invoices));
    }
}
