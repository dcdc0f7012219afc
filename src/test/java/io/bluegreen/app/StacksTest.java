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
    void everyEnvironmentHasTheBootstrapAndPlatformStacksAndOneStackPerService() {
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            assertEquals(java.util.Set.of("bootstrap", "platform", "web", "payment-service"),
                    SynthesizedEnvironments.stacks(suffix).keySet());
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
    void awsProviderAcceptsAny5xFrom5231AndTerraformHasS3LockFiles() {
        JsonNode terraform = dev.root().path("terraform");
        assertEquals(">= 5.23.1, < 6.0.0", terraform.path("required_providers").path("aws").path("version").asText());
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
    void workspaceGuardRefusesAnyOtherWorkspace() {
        JsonNode guard = preview.outputs().get("workspace");
        assertEquals("${terraform.workspace}", guard.path("value").asText());
        JsonNode precondition = guard.path("precondition").get(0);
        assertEquals("${terraform.workspace == \"pr-1\"}", precondition.path("condition").asText());
        assertEquals("This stack was synthesized for ENVIRONMENT_SUFFIX=pr-1 but another workspace is selected. "
                + "Run: terraform workspace select -or-create pr-1 (or set TF_WORKSPACE=pr-1).",
                precondition.path("error_message").asText());
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
    void environmentNotificationsCoverItsPipelinesApprovalsAndDeployments() {
        assertEquals(List.of("rule-deployments-dev", "rule-pipeline-approvals-dev", "rule-pipeline-executions-dev"),
                dev.resources("aws_cloudwatch_event_rule").values().stream().map(r -> r.path("name").asText()).sorted().toList());
        JsonNode pattern = SynthResult.embedded(dev.resources("aws_cloudwatch_event_rule").values().stream()
                .filter(r -> r.path("name").asText().equals("rule-pipeline-executions-dev")).findFirst().orElseThrow()
                .path("event_pattern"));
        assertEquals("[{\"suffix\":\"-dev\"}]", pattern.path("detail").path("pipeline").toString());
        assertEquals("[\"FAILED\",\"STOPPED\",\"SUCCEEDED\"]", pattern.path("detail").path("state").toString());
    }

    @Test
    void outputsOneValuePerAttribute() {
        assertEquals(List.of("flowLogGroupName", "notificationsKeyArn", "notificationsTopicArn", "privateSubnetIds",
                        "publicSubnetIds", "vpcCidrBlock", "vpcId", "workspace"),
                dev.outputs().keySet().stream().sorted().toList());
    }

    @Test
    void stateBucketIsVersionedEncryptedWithItsKeyAndPrivate() {
        assertEquals("bluegreen-platform-tfstate", bootstrap.only("aws_s3_bucket").path("bucket").asText());
        assertEquals("Enabled", bootstrap.only("aws_s3_bucket_versioning").path("versioning_configuration").path("status").asText());
        JsonNode sse = bootstrap.only("aws_s3_bucket_server_side_encryption_configuration").path("rule").get(0)
                .path("apply_server_side_encryption_by_default");
        assertEquals("aws:kms", sse.path("sse_algorithm").asText());
        assertEquals(bootstrap.ref("aws_kms_key", "arn"), sse.path("kms_master_key_id").asText());
        assertEquals("alias/kms-bluegreen-tfstate-shared", bootstrap.only("aws_kms_alias").path("name").asText());
        assertEquals("shared", bootstrap.root().path("provider").path("aws").get(0).path("default_tags").get(0)
                .path("tags").path("Environment").asText());
    }
}
