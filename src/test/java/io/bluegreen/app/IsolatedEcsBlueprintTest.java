package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.app.blueprint.isolatedecs.IsolatedEcsBlueprint;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Blueprint E (seed 004) from the checked-in config: two instances (orders, invoices) side by
 * side in each environment, the isolated network they build in, and the production account's
 * stack for invoices, which deploys across accounts in prod.
 */
class IsolatedEcsBlueprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DEV_SUBNETS = List.of("subnet-0d0e0f0a0b0c0d011", "subnet-0d0e0f0a0b0c0d012");

    private static SynthResult stack(String suffix, String name) {
        return SynthesizedEnvironments.stacks(suffix).get(name);
    }

    @Test
    void everyInstanceIsAStackOfItsOwnAfterTheIsolatedNetwork() {
        assertTrue(SynthesizedEnvironments.stacks("dev").keySet().containsAll(List.of(IsolatedNetworkStack.NAME, "orders", "invoices")));
        assertTrue(SynthesizedEnvironments.stacks("prod").containsKey("production-210987654321"), "invoices' production account");
        assertFalse(SynthesizedEnvironments.stacks("dev").keySet().stream().anyMatch(name -> name.startsWith("production-")),
                "same-account production needs no stack of its own");
        for (String instance : List.of("orders", "invoices")) {
            SynthResult synth = stack("dev", instance);
            assertEquals("pipeline-" + instance + "-dev", synth.only("aws_codepipeline").path("name").asText());
            assertEquals("repo-" + instance + "-dev", synth.only("aws_codecommit_repository").path("repository_name").asText());
            assertEquals("cb-" + instance + "-build-dev", synth.only("aws_codebuild_project").path("name").asText());
        }
    }

    @Test
    void stagesAreSourceBuildStagingApprovalProduction() {
        JsonNode stages = stack("dev", "orders").only("aws_codepipeline").path("stage");
        List<String> names = new ArrayList<>();
        stages.forEach(stage -> names.add(stage.path("name").asText()));
        assertEquals(IsolatedEcsBlueprint.STAGES, names);
        JsonNode staging = stages.get(2).path("action").get(0);
        assertEquals("CodeDeployToECS", staging.path("provider").asText());
        assertEquals("[\"SourceOutput\",\"BuildOutput\"]", staging.path("input_artifacts").toString());
        JsonNode configuration = staging.path("configuration");
        assertEquals("taskdef-staging.json", configuration.path("TaskDefinitionTemplatePath").asText());
        assertEquals("SourceOutput", configuration.path("TaskDefinitionTemplateArtifact").asText());
        assertEquals("appspec.yaml", configuration.path("AppSpecTemplatePath").asText());
        assertEquals("BuildOutput", configuration.path("Image1ArtifactName").asText());
        SynthResult synth = stack("dev", "orders");
        assertEquals(synth.ref("aws_codedeploy_app", "staging", "name"), configuration.path("ApplicationName").asText());
        assertEquals("cdapp-orders-staging-dev", synth.resources("aws_codedeploy_app").values().stream()
                .map(app -> app.path("name").asText()).sorted().toList().get(1));
        assertEquals(synth.ref("aws_codedeploy_deployment_group", "staging", "deployment_group_name"),
                configuration.path("DeploymentGroupName").asText());
        JsonNode production = stages.get(4).path("action").get(0);
        assertEquals("taskdef-production.json", production.path("configuration").path("TaskDefinitionTemplatePath").asText());
        assertEquals(synth.ref("aws_codedeploy_app", "production", "name"), production.path("configuration").path("ApplicationName").asText());
        assertTrue(production.path("role_arn").isMissingNode(), "same-account production runs as the pipeline's role");
        assertEquals("Manual", stages.get(3).path("action").get(0).path("provider").asText());
        assertEquals(Map.of("main", "CodeCommit"), Map.of(
                stages.get(0).path("action").get(0).path("configuration").path("BranchName").asText(),
                stages.get(0).path("action").get(0).path("provider").asText()));
    }

    @Test
    void theBuildRunsTheRepositorysBuildspecInTheBuildSubnetsBehindAGroupThatReachesOnlyTheEndpoints() {
        SynthResult synth = stack("dev", "orders");
        JsonNode project = synth.only("aws_codebuild_project");
        assertEquals("buildspec.yml", project.path("source").path("buildspec").asText());
        assertEquals("BUILD_GENERAL1_SMALL", project.path("environment").path("compute_type").asText());
        assertTrue(project.path("environment").path("privileged_mode").asBoolean(), "docker needs it");
        JsonNode vpc = project.path("vpc_config");
        assertEquals("vpc-0d0e0f0a0b0c0d001", vpc.path("vpc_id").asText());
        assertEquals(JSON.valueToTree(DEV_SUBNETS), vpc.path("subnets"));
        assertEquals("[\"" + synth.ref("aws_security_group", "id") + "\"]", vpc.path("security_group_ids").toString());

        JsonNode group = synth.only("aws_security_group");
        assertEquals("secgroup-orders-build-dev", group.path("name").asText());
        assertTrue(group.path("ingress").isMissingNode() && group.path("egress").isMissingNode(), "rules are resources of their own");
        Map<String, JsonNode> rules = synth.resources("aws_security_group_rule");
        assertEquals(2, rules.size());
        for (JsonNode rule : rules.values()) {
            assertEquals("egress", rule.path("type").asText());
            assertEquals(443, rule.path("from_port").asInt());
            assertEquals(443, rule.path("to_port").asInt());
            assertTrue(rule.path("cidr_blocks").isMissingNode(), "no address range, let alone 0.0.0.0/0");
        }
        JsonNode endpoints = synth.dataSources("aws_security_group").values().iterator().next();
        assertEquals("secgroup-isolated-endpoints-dev", endpoints.path("name").asText());
        assertTrue(synth.dataSources("aws_prefix_list").values().iterator().next().path("name").asText()
                .matches("com\\.amazonaws\\.\\$\\{data\\.aws_region\\.[^}]+\\.name}\\.s3"));
    }

    @Test
    void eachBuildSubnetsRoutesAreCheckedForAnInternetPathAtPlanTime() {
        for (String name : List.of("orders", IsolatedNetworkStack.NAME)) {
            SynthResult synth = stack("dev", name);
            List<String> subnets = new ArrayList<>();
            synth.dataSources("aws_route_tables").values().forEach(own -> subnets.add(own.path("filter").get(0).path("values").get(0).asText()));
            assertEquals(DEV_SUBNETS, subnets, name + ": each subnet's own table is looked up");
            List<JsonNode> checked = synth.dataSources("aws_route_table").entrySet().stream()
                    .filter(e -> e.getKey().contains("build-subnet-")).map(Map.Entry::getValue).toList();
            assertEquals(2, checked.size(), name);
            for (int i = 0; i < 2; i++) {
                JsonNode check = checked.get(i).path("lifecycle").path("postcondition").get(0);
                assertTrue(check.path("condition").asText().contains("\"0.0.0.0/0\"") && check.path("condition").asText().contains("::/0"));
                assertTrue(check.path("condition").asText().contains("toset([])"), "dev admits no egress path: " + check);
                assertTrue(check.path("error_message").asText().startsWith("Build subnet " + DEV_SUBNETS.get(i)
                        + " has a route to the internet in ${self.route_table_id}"), check.toString());
            }
            assertEquals(2, synth.dataSources("aws_ec2_managed_prefix_list").size(), name + ": the prefix lists each table routes");
        }
    }

    @Test
    void theNetworkStackCreatesTheEndpointsOrAdoptsThem() {
        SynthResult created = stack("dev", IsolatedNetworkStack.NAME);
        Map<String, String> services = new java.util.TreeMap<>();
        created.resources("aws_vpc_endpoint").values().forEach(endpoint -> services.put(
                endpoint.path("service_name").asText().replaceAll(".*\\}\\.", ""), endpoint.path("vpc_endpoint_type").asText()));
        assertEquals(new java.util.TreeMap<>(Map.of("s3", "Gateway", "ecr.api", "Interface", "ecr.dkr", "Interface",
                "logs", "Interface", "sts", "Interface", "kms", "Interface", "ecs", "Interface", "git-codecommit", "Interface",
                "codebuild", "Interface")), services);
        created.resources("aws_vpc_endpoint").values().stream().filter(e -> e.path("vpc_endpoint_type").asText().equals("Interface"))
                .forEach(e -> {
                    assertEquals(JSON.valueToTree(DEV_SUBNETS), e.path("subnet_ids"));
                    assertTrue(e.path("private_dns_enabled").asBoolean());
                });
        assertEquals("secgroup-isolated-endpoints-dev", created.only("aws_security_group").path("name").asText());

        SynthResult adopted = stack("pr-1", IsolatedNetworkStack.NAME);
        assertTrue(adopted.resources("aws_vpc_endpoint").isEmpty(), "previews adopt their VPC's endpoints");
        assertEquals(9, adopted.dataSources("aws_vpc_endpoint").size(), "a missing one stops the plan");
        assertEquals("sg-0c0ffee0c0ffee021", adopted.outputs().get("endpointSecurityGroupId").path("value").asText());
    }

    /**
     * A VPC with some of the endpoints already (isolatedNetwork.adoptedEndpoints): the network stack
     * creates the rest, and each instance's builds reach both groups on 443 and nothing else.
     */
    @Test
    void adoptingSomeEndpointsTheBuildsReachTheCreatedAndTheAdoptedGroup(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path overlay = java.nio.file.Files.writeString(dir.resolve("overlay.json"), "{\"environments\":{\"dev\":"
                + "{\"isolatedNetwork\":{\"adoptedEndpoints\":[\"ECR_API\",\"ECR_DKR\"],\"endpointSecurityGroupId\":\"sg-0c0ffee0c0ffee021\"}}}}");
        Map<String, com.hashicorp.cdktf.TerraformStack> stacks = new java.util.HashMap<>();
        for (var construct : PlatformApp.define(com.hashicorp.cdktf.Testing.app(), SynthesizedEnvironments.ROOT,
                Map.of(EnvironmentSuffix.SETTING, "dev", PlatformApp.CONFIG_OVERLAY, overlay.toString()))) {
            stacks.put(construct.getNode().getId(), (com.hashicorp.cdktf.TerraformStack) construct);
        }
        // Only the two stacks this is about are synthesized: a synth is the costly part.
        SynthResult network = SynthResult.of(stacks.get(IsolatedNetworkStack.NAME));
        assertEquals(7, network.resources("aws_vpc_endpoint").size());
        assertEquals(2, network.dataSources("aws_vpc_endpoint").size());
        SynthResult orders = SynthResult.of(stacks.get("orders"));
        Map<String, String> reached = new java.util.TreeMap<>();
        orders.resources("aws_security_group_rule").forEach((id, rule) -> reached.put(id.replaceAll("_[0-9A-F]{8}$", ""),
                rule.path("source_security_group_id").asText(rule.path("prefix_list_ids").toString())));
        String created = "${data.aws_security_group." + orders.dataSources("aws_security_group").keySet().iterator().next() + ".id}";
        assertEquals(Map.of("pipeline_build-to-endpoints", created, "pipeline_build-to-endpoints-2", "sg-0c0ffee0c0ffee021",
                "pipeline_build-to-s3", "[\"" + orders.dataSources("aws_prefix_list").keySet().stream()
                        .map(k -> "${data.aws_prefix_list." + k + ".id}").findFirst().orElseThrow() + "\"]"), reached);
    }

    @Test
    void oneKeyPerInstanceEncryptsArtifactsLogsAndTheRepository() {
        SynthResult synth = stack("dev", "orders");
        String key = synth.ref("aws_kms_key", "arn");
        assertTrue(synth.only("aws_kms_key").path("enable_key_rotation").asBoolean());
        assertEquals(key, synth.only("aws_codecommit_repository").path("kms_key_id").asText());
        assertEquals(key, synth.only("aws_codebuild_project").path("encryption_key").asText());
        assertEquals(key, synth.only("aws_codepipeline").path("artifact_store").get(0).path("encryption_key").path("id").asText());
        assertEquals(key, synth.only("aws_cloudwatch_log_group").path("kms_key_id").asText());
        assertEquals(30, synth.only("aws_cloudwatch_log_group").path("retention_in_days").asInt());
    }

    @Test
    void theEcrRepositoryIsLookedUpAndMustBeKmsEncryptedWithImmutableTags() {
        JsonNode repository = stack("dev", "orders").dataSources("aws_ecr_repository").values().iterator().next();
        assertEquals("orders-dev", repository.path("name").asText());
        JsonNode checks = repository.path("lifecycle").path("postcondition");
        assertEquals("${self.encryption_configuration[0].encryption_type == \"KMS\"}", checks.get(0).path("condition").asText());
        assertEquals("${self.image_tag_mutability == \"IMMUTABLE\"}", checks.get(1).path("condition").asText());
        assertTrue(stack("dev", "orders").resources("aws_ecr_repository").isEmpty(), "never created");
    }

    @Test
    void productionInAnotherAccountIsDeployedByItsRoleThereWhichMayReadTheArtifacts() {
        SynthResult invoices = stack("prod", "invoices");
        String role = "arn:aws:iam::210987654321:role/role-invoices-production-deploy-prod";
        JsonNode production = invoices.only("aws_codepipeline").path("stage").get(4).path("action").get(0);
        assertEquals(role, production.path("role_arn").asText());
        assertEquals("cdapp-invoices-production-prod", production.path("configuration").path("ApplicationName").asText());
        assertEquals(List.of("cdapp-invoices-staging-prod"), invoices.resources("aws_codedeploy_app").values().stream()
                .map(app -> app.path("name").asText()).toList(), "production's application lives in its own account");

        JsonNode assume = statement(invoices, "aws_iam_policy", "AssumeProductionDeployRole");
        assertEquals("sts:AssumeRole", assume.path("Action").asText());
        assertEquals(role, assume.path("Resource").asText());
        JsonNode key = statement(invoices, "aws_kms_key", "DeployRoleOf210987654321ReadsArtifacts");
        assertTrue(key.path("Principal").path("AWS").get(0).asText().matches("arn:\\$\\{data\\.aws_partition\\.[^}]+}:iam::210987654321:root"));
        assertEquals(role, key.path("Condition").path("ArnEquals").path("aws:PrincipalArn").asText());
        assertTrue(key.path("Condition").path("StringEquals").path("kms:ViaService").asText().startsWith("s3."));
        JsonNode bucket = statement(invoices, "aws_s3_bucket_policy", "DeployRoleOf210987654321ReadsArtifacts");
        assertEquals("[\"s3:GetObject\",\"s3:GetObjectVersion\"]", bucket.path("Action").toString());
        assertEquals(role, bucket.path("Condition").path("ArnEquals").path("aws:PrincipalArn").asText());
        assertTrue(stack("prod", "orders").only("aws_codepipeline").path("stage").get(4).path("action").get(0)
                .path("role_arn").isMissingNode(), "orders keeps production in the pipeline's account");
    }

    @Test
    void theProductionAccountsStackAssumesItsAccessRoleAndTrustsOnlyThatPipelinesRole() {
        SynthResult access = stack("prod", "production-210987654321");
        JsonNode provider = access.root().path("provider").path("aws").get(0);
        assertEquals("arn:aws:iam::210987654321:role/OrganizationAccountAccessRole",
                provider.path("assume_role").get(0).path("role_arn").asText());
        assertEquals("[\"210987654321\"]", provider.path("allowed_account_ids").toString());
        assertEquals("pipeline_account", access.root().path("provider").path("aws").get(1).path("alias").asText());
        JsonNode role = access.resources("aws_iam_role").values().stream()
                .filter(r -> r.path("name").asText().equals("role-invoices-production-deploy-prod")).findFirst().orElseThrow();
        JsonNode trust = SynthResult.embedded(role.path("assume_role_policy")).path("Statement").get(0);
        assertTrue(trust.path("Condition").path("ArnEquals").path("aws:PrincipalArn").asText()
                .endsWith(":role/role-invoices-pipeline-prod"), trust.toString());
        assertEquals(List.of("cdapp-invoices-production-prod"), access.resources("aws_codedeploy_app").values().stream()
                .map(app -> app.path("name").asText()).toList());
        JsonNode read = statement(access, "aws_iam_policy", "ReadPipelineArtifacts");
        assertTrue(read.path("Resource").asText().matches("arn:\\$\\{data\\.aws_partition\\.[^}]+}:s3:::\\$\\{data\\.aws_caller_identity"
                + "\\.pipeline-account-id\\.account_id}-s3-invoices-artifacts-prod/\\*"), read.toString());
    }

    /** Production's tasks pull the pipeline account's image: the repository (an input) gets the policy that admits them. */
    @Test
    void theProductionServicesExecutionRoleMayPullThePipelineAccountsImages() {
        SynthResult access = stack("prod", "production-210987654321");
        JsonNode policy = access.only("aws_ecr_repository_policy");
        assertEquals("invoices-prod", policy.path("repository").asText());
        assertEquals("aws.pipeline_account", policy.path("provider").asText());
        JsonNode statement = SynthResult.embedded(policy.path("policy")).path("Statement").get(0);
        assertTrue(statement.path("Principal").path("AWS").get(0).asText().endsWith(":iam::210987654321:root"), statement.toString());
        assertEquals("${data.aws_ecs_task_definition." + access.dataSources("aws_ecs_task_definition").keySet().iterator().next()
                        + ".execution_role_arn}",
                statement.path("Condition").path("ArnEquals").path("aws:PrincipalArn").asText());
        assertTrue(stack("dev", "invoices").resources("aws_ecr_repository_policy").isEmpty(), "production in the same account needs none");
    }

    /**
     * Production's deployment events reach the ledger and the topic: a rule there sends those of its
     * applications to the pipeline account's default bus with a role that may put events there only,
     * and that bus admits the production account in a statement of its own.
     */
    @Test
    void productionDeploymentEventsAreForwardedToThePipelineAccountsBus() {
        SynthResult access = stack("prod", "production-210987654321");
        String bus = "arn:${data.aws_partition." + access.dataSources("aws_partition").keySet().iterator().next() + ".partition}:events:"
                + "${data.aws_region." + access.dataSources("aws_region").keySet().iterator().next() + ".name}:"
                + "${data.aws_caller_identity.pipeline-account-id.account_id}:event-bus/default";
        JsonNode rule = access.only("aws_cloudwatch_event_rule");
        assertEquals("rule-deployments-to-pipeline-account-prod", rule.path("name").asText());
        assertEquals("{\"source\":[\"aws.codedeploy\"],\"detail-type\":[\"CodeDeploy Deployment State-change Notification\"],"
                + "\"detail\":{\"application\":[\"" + access.ref("aws_codedeploy_app", "name") + "\"]}}", rule.path("event_pattern").asText());
        JsonNode target = access.only("aws_cloudwatch_event_target");
        assertEquals(bus, target.path("arn").asText());
        assertEquals(access.ref("aws_iam_role", "deployment-events-role", "arn"), target.path("role_arn").asText());
        JsonNode put = statement(access, "aws_iam_policy", "PutOnThePipelineAccountsBus");
        assertEquals("events:PutEvents", put.path("Action").asText());
        assertEquals(bus, put.path("Resource").asText());
        JsonNode permission = access.only("aws_cloudwatch_event_permission");
        assertEquals(Map.of("provider", "aws.pipeline_account", "event_bus_name", "default", "principal", "210987654321",
                        "action", "events:PutEvents", "statement_id", "bluegreen-deployments-210987654321-prod"),
                Map.of("provider", permission.path("provider").asText(), "event_bus_name", permission.path("event_bus_name").asText(),
                        "principal", permission.path("principal").asText(), "action", permission.path("action").asText(),
                        "statement_id", permission.path("statement_id").asText()));
    }

    @Test
    void outputsArePipelineArnPipelineRoleArnAndArtifactBucket() {
        Map<String, JsonNode> outputs = stack("dev", "orders").outputs();
        assertTrue(outputs.keySet().containsAll(List.of("pipelineArn", "pipelineRoleArn", "artifactBucketName")), outputs.keySet().toString());
        assertEquals(stack("dev", "orders").ref("aws_codepipeline", "arn"), outputs.get("pipelineArn").path("value").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "subnet id malformed | \"isolatedNetwork\":{\"vpcId\":\"vpc-0a1b2c3d4e5f60789\",\"buildSubnetIds\":[\"private-a\"]} | " + VALID
                + " | isolatedNetwork.buildSubnetIds must hold subnet ids, got 'private-a'; use ids such as 'subnet-0a1b2c3d4e5f60789'",
        "no network | \"region\":\"us-east-1\" | " + VALID + " | isolatedNetwork is required in environment dev by services.orders (ISOLATED_ECS), got ''; "
                + "give {\"vpcId\", \"buildSubnetIds\"} of the VPC its builds run in, under settings, a profile or environments.dev",
        "NAT admitted | \"isolatedNetwork\":{\"vpcId\":\"vpc-0a1b2c3d4e5f60789\",\"buildSubnetIds\":[\"subnet-0a1b2c3d4e5f60789\"],"
                + "\"admittedEgress\":[\"nat-0a1b2c3d4e5f60789\"]} | " + VALID + " | isolatedNetwork.admittedEgress names an internet, NAT or "
                + "egress-only gateway, got 'nat-0a1b2c3d4e5f60789'; builds of an isolated network must have no internet path (E3); admit only "
                + "a path the team inspects, such as the transit gateway to an inspection VPC",
        "adopt without group | \"isolatedNetwork\":{\"vpcId\":\"vpc-0a1b2c3d4e5f60789\",\"buildSubnetIds\":[\"subnet-0a1b2c3d4e5f60789\"],"
                + "\"endpoints\":\"ADOPT\"} | " + VALID + " | isolatedNetwork.endpointSecurityGroupId is required when endpoints is ADOPT, "
                + "got ''; give the security group of the VPC's interface endpoints, e.g. 'sg-0a1b2c3d4e5f60789'",
        "adopting an unknown endpoint | \"isolatedNetwork\":{\"vpcId\":\"vpc-0a1b2c3d4e5f60789\",\"buildSubnetIds\":[\"subnet-0a1b2c3d4e5f60789\"],"
                + "\"adoptedEndpoints\":[\"ECR\"]} | " + VALID + " | isolatedNetwork.adoptedEndpoints is not a known choice, got 'ECR'; use one of [S3, ECR_API, ECR_DKR, LOGS, STS, KMS, "
                + "SECRETS_MANAGER, ECS, GIT_CODECOMMIT, CODEBUILD]",
        "account not 12 digits | " + NETWORK + " | " + PRODUCTION_IN_ACCOUNT + "2109876543\"}} | services.orders.production.accountId must be a 12-digit "
                + "AWS account id, got '2109876543'; give the production account, e.g. \"210987654321\", or leave it out to deploy in this account",
        "missing cluster | " + NETWORK + " | \"ecrRepositoryName\":\"orders\",\"staging\":{\"serviceName\":\"s\"},\"production\":" + ECS
                + " | services.orders.staging.clusterName is required, got ''; name the existing resource",
        "missing production | " + NETWORK + " | \"ecrRepositoryName\":\"orders\",\"staging\":" + ECS + " | services.orders.production is "
                + "required by the ISOLATED_ECS blueprint, got ''; name the production cluster, service, load balancer, target groups, ports and container",
        "GitHub source | " + NETWORK + " | \"source\":{\"repository\":\"acme/orders\"}," + VALID + " | services.orders.source.repository only "
                + "applies to GitHub sources, got '\"acme/orders\"'; the ISOLATED_ECS blueprint reads CodeCommit (E2): give codeCommitRepository, "
                + "or leave source out to have the stack create the repository",
        "key of another blueprint | " + NETWORK + " | \"testComputeType\":\"SMALL\"," + VALID + " | services.orders.testComputeType only "
                + "applies to the ECS_FARGATE blueprint, got '\"SMALL\"'; remove it, or set \"blueprint\": \"ECS_FARGATE\"",
    })
    void failsOnBadInput(String why, String settings, String service, String message) {
        String config = "{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]," + settings + "},"
                + "\"previewProfile\":\"s\",\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}},"
                + "\"services\":{\"orders\":{\"blueprint\":\"ISOLATED_ECS\"," + service + "}}}";
        SettingException e = assertThrows(SettingException.class,
                () -> PlatformConfig.resolve(JSON.readTree(config), new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()));
        assertEquals(message, e.getMessage(), why);
    }

    @Test
    void anInstanceNameThatBreaksANameLimitSaysWhichNameAndHowLong() throws Exception {
        String name = "a-very-long-orders-service-name-for-limits";
        String config = "{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]," + NETWORK + "},"
                + "\"previewProfile\":\"s\",\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}},"
                + "\"services\":{\"" + name + "\":{\"blueprint\":\"ISOLATED_ECS\"," + VALID + "}}}";
        EnvironmentConfig resolved = PlatformConfig.resolve(JSON.readTree(config), new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds());
        SettingException e = assertThrows(SettingException.class, () -> PlatformApp.define(com.hashicorp.cdktf.Testing.app(), resolved,
                BackendSettings.load(SynthesizedEnvironments.ROOT.resolve(BackendSettings.FILE))));
        assertEquals("ENVIRONMENT_SUFFIX makes the iam role name 'role-" + name + "-staging-codedeploy-dev' 70 characters long, "
                + "over the AWS limit of 64, got 'dev'; shorten the name before the suffix by 6 characters (a shorter service name)",
                e.getMessage());
    }

    private static final String NETWORK = "\"isolatedNetwork\":{\"vpcId\":\"vpc-0a1b2c3d4e5f60789\",\"buildSubnetIds\":[\"subnet-0a1b2c3d4e5f60789\"]}";
    private static final String ECS_SETTINGS = "{\"clusterName\":\"c\",\"serviceName\":\"s\",\"loadBalancerName\":\"l\","
            + "\"blueTargetGroupName\":\"b\",\"greenTargetGroupName\":\"g\",\"productionPort\":80,\"testPort\":8080,"
            + "\"containerName\":\"app\",\"containerPort\":8080";
    private static final String ECS = ECS_SETTINGS + "}";
    private static final String VALID = "\"ecrRepositoryName\":\"orders\",\"staging\":" + ECS + ",\"production\":" + ECS;
    private static final String PRODUCTION_IN_ACCOUNT = "\"ecrRepositoryName\":\"orders\",\"staging\":" + ECS + ",\"production\":"
            + ECS_SETTINGS + ",\"accountId\":\"";

    private static JsonNode statement(SynthResult synth, String type, String sid) {
        for (JsonNode resource : synth.resources(type).values()) {
            for (JsonNode statement : SynthResult.embedded(resource.path("policy")).path("Statement")) {
                if (statement.path("Sid").asText().equals(sid)) {
                    return statement;
                }
            }
        }
        throw new AssertionError("no statement " + sid + " in any " + type);
    }
}
