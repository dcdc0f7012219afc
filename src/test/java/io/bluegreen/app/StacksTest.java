package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SynthResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StacksTest {
    private final SynthResult dev = SynthesizedEnvironments.stacks("dev").get(PlatformStack.NAME);
    private final SynthResult preview = SynthesizedEnvironments.stacks("pr-1").get(PlatformStack.NAME);
    private final SynthResult bootstrap = SynthesizedEnvironments.stacks("dev").get(BootstrapStack.NAME);

    @Test
    void stateBucketKeepsServerAccessLogsInABucketOfItsOwnFor30Days() {
        String caller = bootstrap.dataSources("aws_caller_identity").keySet().iterator().next();
        JsonNode logs = of(bootstrap, "aws_s3_bucket", "access-logs_");
        assertEquals("${data.aws_caller_identity." + caller + ".account_id}-s3-bluegreen-statelogs-shared", logs.path("bucket").asText());
        assertEquals("AES256", of(bootstrap, "aws_s3_bucket_server_side_encryption_configuration", "access-logs_").path("rule").get(0)
                .path("apply_server_side_encryption_by_default").path("sse_algorithm").asText(), "S3 access logging writes SSE-S3 only");
        assertEquals(30, of(bootstrap, "aws_s3_bucket_lifecycle_configuration", "access-logs_").path("rule").get(0)
                .path("expiration").path("days").asInt());
        JsonNode logging = bootstrap.only("aws_s3_bucket_logging");
        assertEquals(bootstrap.ref("aws_s3_bucket", "state_", "id"), logging.path("bucket").asText());
        assertEquals(bootstrap.ref("aws_s3_bucket", "access-logs_", "id"), logging.path("target_bucket").asText());
        assertEquals("tfstate/", logging.path("target_prefix").asText());
        JsonNode delivery = SynthResult.embedded(of(bootstrap, "aws_s3_bucket_policy", "access-logs_").path("policy")).path("Statement").get(1);
        assertEquals("logging.s3.amazonaws.com", delivery.path("Principal").path("Service").get(0).asText());
        assertTrue(delivery.path("Condition").path("ArnLike").path("aws:SourceArn").asText().endsWith(":s3:::bluegreen-platform-tfstate"));
        assertEquals("${data.aws_caller_identity." + caller + ".account_id}",
                delivery.path("Condition").path("StringEquals").path("aws:SourceAccount").asText());
    }

    @Test
    void destroyingTheBootstrapIsRefusedWhileAnyStateIsInTheBucket() {
        JsonNode guard = bootstrap.only("terraform_data");
        assertEquals(Map.of("bucket", "bluegreen-platform-tfstate", "region", "us-east-1", "workspace_key_prefix", "env"),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(guard.path("input"), Map.class));
        JsonNode exec = guard.path("provisioner").get(0).path("local-exec");
        assertEquals("destroy", exec.path("when").asText());
        assertEquals(StateDestroyGuard.CHECK, exec.path("command").asText());
        assertEquals("${self.input.bucket}", exec.path("environment").path("STATE_BUCKET").asText());
        // Destroyed first, and nothing else while it fails: it depends on every other resource.
        List<String> dependsOn = new java.util.ArrayList<>();
        guard.path("depends_on").forEach(d -> dependsOn.add(d.asText()));
        List<String> others = bootstrap.allResources().stream().map(SynthResult.Resource::address)
                .filter(address -> !address.startsWith("terraform_data.")).sorted().toList();
        assertEquals(others, dependsOn.stream().sorted().toList());
    }

    @Test
    void everyEnvironmentHasTheBootstrapAndPlatformStacksAndOneStackPerService() {
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            java.util.Set<String> expected = new java.util.HashSet<>(java.util.Set.of("bootstrap", "platform", "isolated-network",
                    "web", "payment-service", "payments-api", "catalog-api", "orders", "invoices"));
            if (suffix.equals("prod")) {
                expected.add("production-210987654321");    // invoices deploys to its own production account there
            }
            assertEquals(expected, SynthesizedEnvironments.stacks(suffix).keySet());
        }
    }

    @Test
    void platformStateLivesInTheS3BackendFromBackendTfJson() {
        JsonNode s3 = dev.root().path("terraform").path("backend").path("s3");
        assertEquals("bluegreen-platform-tfstate", s3.path("bucket").asText());
        assertEquals("bluegreen/platform.tfstate", s3.path("key").asText());
        assertEquals("us-east-1", s3.path("region").asText());
        assertEquals("env", s3.path("workspace_key_prefix").asText());
        assertTrue(s3.path("encrypt").asBoolean());
        assertEquals("alias/kms-bluegreen-tfstate-shared", s3.path("kms_key_id").asText(),
                "state objects are SSE-KMS with the state bucket's key, not the SSE-S3 an encrypt-only backend asks for");
        assertEquals(bootstrap.only("aws_kms_alias").path("name").asText(), s3.path("kms_key_id").asText());
        assertTrue(s3.path("use_lockfile").asBoolean());
        assertEquals(s3, preview.root().path("terraform").path("backend").path("s3"),
                "environments differ by workspace only, never by backend settings");
    }

    @Test
    void bootstrapKeepsItsOwnStateLocal() {
        assertEquals("../../../terraform.bootstrap.tfstate",
                bootstrap.root().path("terraform").path("backend").path("local").path("path").asText());
    }

    @Test
    void awsProviderAcceptsThe5xReleasesWithEverythingTheStacksUseAndTerraformHasS3LockFiles() {
        JsonNode terraform = dev.root().path("terraform");
        assertEquals(">= 5.100.0, < 6.0.0", terraform.path("required_providers").path("aws").path("version").asText());
        assertEquals(">= 1.10.0", terraform.path("required_version").asText());
    }

    @Test
    void providerTagsEveryResourceWithEnvironmentProjectManagedByAndCostCenter() {
        JsonNode provider = dev.root().path("provider").path("aws").get(0);
        assertEquals("us-east-1", provider.path("region").asText());
        assertEquals(Map.of("Environment", "dev", "Project", "bluegreen", "ManagedBy", "cdktf", "CostCenter", "platform-engineering"),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(provider.path("default_tags").get(0).path("tags"), Map.class));
        assertEquals("pr-1", preview.root().path("provider").path("aws").get(0).path("default_tags").get(0)
                .path("tags").path("Environment").asText());
    }

    @Test
    void workspaceGuardRefusesAnyOtherWorkspaceAtValidationAndTheDefaultOneAtPlan() {
        JsonNode guard = preview.outputs().get("workspace");
        assertEquals("${terraform.workspace}", guard.path("value").asText());
        JsonNode preconditions = guard.path("precondition");
        assertEquals(2, preconditions.size());
        // Known while validating (which destroy runs too): every named workspace but this one is refused.
        assertEquals("${terraform.workspace == \"pr-1\" || terraform.workspace == \"default\"}",
                preconditions.get(0).path("condition").asText());
        // Unknown while validating (no data source is read), so validate passes in default; refused at plan.
        String caller = preview.dataSources("aws_caller_identity").keySet().iterator().next();
        assertEquals("${data.aws_caller_identity." + caller + ".account_id == \"\" || terraform.workspace == \"pr-1\"}",
                preconditions.get(1).path("condition").asText());
        for (JsonNode precondition : preconditions) {
            assertEquals("This stack was synthesized for ENVIRONMENT_SUFFIX=pr-1 but another workspace is selected. "
                    + "Run: terraform workspace select -or-create pr-1 (or set TF_WORKSPACE=pr-1).",
                    precondition.path("error_message").asText());
        }
    }

    private static JsonNode of(SynthResult synth, String type, String idPrefix) {
        List<JsonNode> found = synth.resources(type).entrySet().stream().filter(e -> e.getKey().startsWith(idPrefix))
                .map(Map.Entry::getValue).toList();
        assertEquals(1, found.size(), type + " " + idPrefix);
        return found.get(0);
    }

    @Test
    void previewHasOneNatGatewayAndItsOwnRange() {
        assertEquals(1, preview.resources("aws_nat_gateway").size());
        assertEquals(2, dev.resources("aws_nat_gateway").size());
        assertEquals("10.100.0.0/16", preview.only("aws_vpc").path("cidr_block").asText());
    }

    @Test
    void productionAddsEveryVpcEndpointAcrossThreeZones() {
        SynthResult prod = SynthesizedEnvironments.stacks("prod").get(PlatformStack.NAME);
        assertEquals(7, prod.resources("aws_vpc_endpoint").size());
        assertEquals(6, prod.resources("aws_subnet").size());
        assertTrue(prod.outputs().containsKey("endpointSecurityGroupId"));
    }

    @Test
    void environmentNotificationsAndLedgerCoverItsPipelinesApprovalsAndDeployments() {
        // And the drift check's schedule, which matches no event.
        assertEquals(List.of("rule-deployments-dev", "rule-drift-check-dev", "rule-ledger-deployments-dev", "rule-ledger-pipelines-dev",
                        "rule-pipeline-approvals-dev", "rule-pipeline-executions-dev"),
                dev.resources("aws_cloudwatch_event_rule").values().stream().map(r -> r.path("name").asText()).sorted().toList());
        JsonNode pattern = SynthResult.embedded(dev.resources("aws_cloudwatch_event_rule").values().stream()
                .filter(r -> r.path("name").asText().equals("rule-pipeline-executions-dev")).findFirst().orElseThrow()
                .path("event_pattern"));
        assertEquals("[{\"suffix\":\"-dev\"}]", pattern.path("detail").path("pipeline").toString());
        assertEquals("[\"FAILED\",\"STOPPED\",\"SUCCEEDED\"]", pattern.path("detail").path("state").toString());
        // The ledger records the same pipelines and applications, every state.
        for (String ledger : List.of("rule-ledger-pipelines-dev", "rule-ledger-deployments-dev")) {
            JsonNode detail = SynthResult.embedded(dev.resources("aws_cloudwatch_event_rule").values().stream()
                    .filter(r -> r.path("name").asText().equals(ledger)).findFirst().orElseThrow().path("event_pattern")).path("detail");
            assertEquals("[{\"suffix\":\"-dev\"}]", detail.path(ledger.contains("pipelines") ? "pipeline" : "application").toString());
            assertTrue(detail.path("state").isMissingNode(), ledger);
        }
        assertEquals("ddb-ledger-dev", dev.only("aws_dynamodb_table").path("name").asText());
    }

    @Test
    void outputsOneValuePerAttribute() {
        assertEquals(List.of("driftCheckProject", "flowLogGroupName", "ledgerTableName", "notificationsKeyArn", "notificationsTopicArn", "privateSubnetIds",
                        "publicSubnetIds", "vpcCidrBlock", "vpcId", "workspace"),
                dev.outputs().keySet().stream().sorted().toList());
    }

    @Test
    void stateBucketIsVersionedEncryptedWithItsKeyAndPrivate() {
        assertEquals("bluegreen-platform-tfstate", of(bootstrap, "aws_s3_bucket", "state_").path("bucket").asText());
        assertEquals("Enabled", of(bootstrap, "aws_s3_bucket_versioning", "state_").path("versioning_configuration").path("status").asText());
        JsonNode sse = of(bootstrap, "aws_s3_bucket_server_side_encryption_configuration", "state_").path("rule").get(0)
                .path("apply_server_side_encryption_by_default");
        assertEquals("aws:kms", sse.path("sse_algorithm").asText());
        assertEquals(bootstrap.ref("aws_kms_key", "arn"), sse.path("kms_master_key_id").asText());
        assertEquals("alias/kms-bluegreen-tfstate-shared", bootstrap.only("aws_kms_alias").path("name").asText());
        assertEquals("shared", bootstrap.root().path("provider").path("aws").get(0).path("default_tags").get(0)
                .path("tags").path("Environment").asText());
    }
}
