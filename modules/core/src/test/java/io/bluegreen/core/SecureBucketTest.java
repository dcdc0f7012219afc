package io.bluegreen.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.SecureBucket.SecureBucketProps;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecureBucketTest {
    private static SynthResult synth;

    @BeforeAll
    static void synthBucketWithExpiryOnAKey() {
        TerraformStack stack = TestStacks.withAwsProvider();
        EncryptionKey key = new EncryptionKey(stack, "key", new EncryptionKey.EncryptionKeyProps(Naming.of("dev"), "artifacts",
                "artifacts", List.of(new EncryptionKey.ServiceGrant("CodeBuildUses", "codebuild.amazonaws.com", false,
                        List.of("kms:Decrypt"), List.of(EncryptionKey.Condition.sourceAccount())))));
        new SecureBucket(stack, "artifacts", new SecureBucketProps("s3-artifacts-dev", new BucketEncryption.CustomerKey(key.arn()), Optional.of(30),
                List.of(PolicyDocument.Statement.allow("ReadByAccount").awsPrincipals("arn:aws:iam::123456789012:root")
                        .actions("s3:GetObject").resources("arn:aws:s3:::s3-artifacts-dev/*").build())));
        synth = SynthResult.of(stack);
        TerraformStack plain = TestStacks.withAwsProvider();
        new SecureBucket(plain, "logs", new SecureBucketProps("s3-logs-dev", new BucketEncryption.S3Managed(), Optional.empty(), List.of()));
        unexpiring = SynthResult.of(plain);
    }

    private static SynthResult unexpiring;

    @Test
    void expiresObjectsAndOldVersionsAfterTheGivenDays() {
        JsonNode rule = synth.only("aws_s3_bucket_lifecycle_configuration").path("rule").get(0);
        assertEquals("expire-after-30-days", rule.path("id").asText());
        assertEquals(30, rule.path("expiration").path("days").asInt());
        assertEquals(30, rule.path("noncurrent_version_expiration").path("noncurrent_days").asInt());
    }

    @Test
    void abortsIncompleteMultipartUploadsAfterADay() {
        JsonNode rule = synth.only("aws_s3_bucket_lifecycle_configuration").path("rule").get(0);
        assertEquals(1, rule.path("abort_incomplete_multipart_upload").path("days_after_initiation").asInt());
        assertEquals("", rule.path("filter").path("prefix").asText());
    }

    @Test
    void bucketWithoutExpiryStillAbortsIncompleteUploadsAndKeepsObjects() {
        JsonNode rules = unexpiring.only("aws_s3_bucket_lifecycle_configuration").path("rule");
        assertEquals(1, rules.size());
        assertEquals("abort-incomplete-uploads", rules.get(0).path("id").asText());
        assertEquals(1, rules.get(0).path("abort_incomplete_multipart_upload").path("days_after_initiation").asInt());
        assertTrue(rules.get(0).path("expiration").isMissingNode(), rules.toString());
        assertEquals("AES256", unexpiring.only("aws_s3_bucket_server_side_encryption_configuration").path("rule").get(0)
                .path("apply_server_side_encryption_by_default").path("sse_algorithm").asText());
    }

    @Test
    void encryptsWithTheGivenKeyAndABucketKey() {
        JsonNode rule = synth.only("aws_s3_bucket_server_side_encryption_configuration").path("rule").get(0);
        assertEquals("aws:kms", rule.path("apply_server_side_encryption_by_default").path("sse_algorithm").asText());
        assertEquals(synth.ref("aws_kms_key", "arn"), rule.path("apply_server_side_encryption_by_default").path("kms_master_key_id").asText());
        assertTrue(rule.path("bucket_key_enabled").asBoolean());
        assertEquals("BucketOwnerEnforced", synth.only("aws_s3_bucket_ownership_controls").path("rule").path("object_ownership").asText());
    }

    @Test
    void policyDeniesPlainHttpFirstThenAddsTheGivenStatements() {
        JsonNode statements = SynthResult.embedded(synth.only("aws_s3_bucket_policy").path("policy")).path("Statement");
        assertEquals("DenyInsecureTransport", statements.get(0).path("Sid").asText());
        assertEquals("s3:*", statements.get(0).path("Action").asText());
        assertEquals("ReadByAccount", statements.get(1).path("Sid").asText());
        assertTrue(synth.only("aws_s3_bucket_policy").path("depends_on").get(0).asText().startsWith("aws_s3_bucket_public_access_block."));
    }

    @Test
    void keyPolicyAddsTheServiceGrantAfterAccountAdministration() {
        JsonNode statements = SynthResult.embedded(synth.only("aws_kms_key").path("policy")).path("Statement");
        assertEquals("AccountAdministers", statements.get(0).path("Sid").asText());
        assertEquals("codebuild.amazonaws.com", statements.get(1).path("Principal").path("Service").get(0).asText());
        assertEquals("kms:Decrypt", statements.get(1).path("Action").asText());
        assertEquals(synth.dataSources("aws_caller_identity").keySet().stream().map(id -> "${data.aws_caller_identity." + id + ".account_id}")
                .findFirst().orElseThrow(), statements.get(1).path("Condition").path("StringEquals").path("aws:SourceAccount").asText());
    }

    @Test
    void accountAdministersTheKeyWithExplicitActionsOnly() {
        JsonNode admin = SynthResult.embedded(synth.only("aws_kms_key").path("policy")).path("Statement").get(0);
        List<String> actions = new java.util.ArrayList<>();
        admin.path("Action").forEach(a -> actions.add(a.asText()));
        assertEquals(EncryptionKey.ADMIN_ACTIONS, actions);
        assertTrue(actions.stream().noneMatch(a -> a.contains("*")), actions.toString());
        assertTrue(actions.containsAll(List.of("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:CreateAlias")),
                "the account must be able to manage and delete the key");
    }

    /** D7's "SSE with AWS-managed keys": SSE-KMS under aws/s3, which S3 picks when the rule names no key. */
    @Test
    void encryptsWithTheAwsManagedKeyWhenAskedWithoutNamingOne() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new SecureBucket(stack, "artifacts", new SecureBucketProps("s3-artifacts-dev", new BucketEncryption.AwsManagedKey(),
                Optional.of(30), List.of()));
        JsonNode rule = SynthResult.of(stack).only("aws_s3_bucket_server_side_encryption_configuration").path("rule").get(0);
        assertEquals("{\"sse_algorithm\":\"aws:kms\"}", rule.path("apply_server_side_encryption_by_default").toString());
        assertEquals(false, rule.path("bucket_key_enabled").asBoolean(true));
    }

    @Test
    void failsOnExpiryBelowOneDay() {
        SettingException e = assertThrows(SettingException.class,
                () -> new SecureBucketProps("b-dev", new BucketEncryption.S3Managed(), Optional.of(0), List.of()));
        assertEquals("expireObjectsAfterDays must be at least 1, got '0'; use a number of days such as 30", e.getMessage());
    }

    @Test
    void refusesToGrantWildcardActions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyDocument.Statement.allow("TooMuch").actions("s3:*").resources("*").build());
        assertEquals("statement TooMuch grants the wildcard action 's3:*'; list the actions the service needs (X5)", e.getMessage());
    }
}
