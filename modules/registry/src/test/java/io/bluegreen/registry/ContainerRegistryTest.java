package io.bluegreen.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContainerRegistryTest {
    private static SynthResult synth;
    private static RegistryRef ref;

    @BeforeAll
    static void synthRegistry() {
        TerraformStack stack = TestStacks.withAwsProvider();
        ref = new ContainerRegistry(stack, "registry", ContainerRegistryProps.of(Naming.of("dev"), "web")).ref();
        synth = SynthResult.of(stack);
    }

    @Test
    void repositoryIsScannedEncryptedWithItsOwnKeyImmutableAndDeletableWithImages() {
        JsonNode repository = synth.only("aws_ecr_repository");
        assertEquals("ecr-web-dev", repository.path("name").asText());
        assertTrue(repository.path("image_scanning_configuration").path("scan_on_push").asBoolean());
        assertTrue(repository.path("force_delete").asBoolean());
        assertEquals("IMMUTABLE", repository.path("image_tag_mutability").asText());
        JsonNode encryption = repository.path("encryption_configuration").get(0);
        assertEquals("KMS", encryption.path("encryption_type").asText());
        assertEquals(synth.ref("aws_kms_key", "arn"), encryption.path("kms_key").asText());
        assertEquals("alias/kms-ecr-web-dev", synth.only("aws_kms_alias").path("name").asText());
    }

    @Test
    void lifecycleKeepsTheNewestTenImages() {
        JsonNode rule = SynthResult.embedded(synth.only("aws_ecr_lifecycle_policy").path("policy")).path("rules").get(0);
        assertEquals("{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":10}", rule.path("selection").toString());
        assertEquals("expire", rule.path("action").path("type").asText());
    }

    @Test
    void refPointsAtTheRepository() {
        assertEquals("ecr-web-dev", ref.repositoryName());
        assertTrue(ref.image(RegistryRef.NOT_YET_BUILT).endsWith(":not-yet-built"));
    }

    /** E8: another account's role pulls through the repository's policy, the account as principal, the role as condition. */
    @Test
    void grantPullToRoleAdmitsThatRoleOfThatAccountToPullOnly() {
        TerraformStack stack = TestStacks.withAwsProvider();
        AwsProvider repositoryAccount = new AwsProvider(stack, "repository-account", AwsProviderConfig.builder().alias("repository").build());
        ContainerRegistry.grantPullToRole(stack, "pull", "orders-prod", "210987654321",
                "arn:aws:iam::210987654321:role/orders-execution", repositoryAccount);
        SynthResult granted = SynthResult.of(stack);
        JsonNode policy = granted.only("aws_ecr_repository_policy");
        assertEquals("orders-prod", policy.path("repository").asText());
        assertEquals("aws.repository", policy.path("provider").asText());
        JsonNode statement = SynthResult.embedded(policy.path("policy")).path("Statement").get(0);
        assertEquals("[\"arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:iam::210987654321:root\"]",
                statement.path("Principal").path("AWS").toString());
        assertEquals("[\"ecr:BatchCheckLayerAvailability\",\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]",
                statement.path("Action").toString());
        assertEquals("arn:aws:iam::210987654321:role/orders-execution",
                statement.path("Condition").path("ArnEquals").path("aws:PrincipalArn").asText());
    }

    @Test
    void failsOnImagesToKeepOutOfRange() {
        SettingException error = assertThrows(SettingException.class, () -> new ContainerRegistryProps(Naming.of("dev"), "web", 0));
        assertEquals("imagesToKeep must be between 1 and 1000, got '0'; keep at least the image that is deployed; 10 is the default",
                error.getMessage());
    }
}
