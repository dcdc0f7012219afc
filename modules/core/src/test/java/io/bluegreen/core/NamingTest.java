package io.bluegreen.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamingTest {
    private final Naming dev = Naming.of("dev");

    @Test
    void namesAreTypePurposeSuffix() {
        assertEquals("alb-web-dev", dev.name(ResourceType.LOAD_BALANCER, "web"));
        assertEquals("sns-notifications-pr-42", Naming.of("pr-42").name(ResourceType.SNS_TOPIC, "notifications"));
        assertEquals("alias/kms-logs-dev", dev.kmsAlias("logs"));
        assertEquals("/aws/vpc/flow-logs-dev", dev.logGroup("/aws/vpc/flow-logs"));
        assertEquals("payment-service-pipeline-dev", dev.exact(ResourceType.CODEPIPELINE, "payment-service-pipeline"));
    }

    @Test
    void failsWhenSuffixPushesTargetGroupOverItsLimit() {
        Naming longSuffix = Naming.of("feature-branch-name-longer");
        SettingException e = assertThrows(SettingException.class, () -> longSuffix.name(ResourceType.TARGET_GROUP, "blue"));
        assertEquals("ENVIRONMENT_SUFFIX makes the target group name 'tg-blue-feature-branch-name-longer' 34 characters long, "
                + "over the AWS limit of 32, got 'feature-branch-name-longer'; use a suffix of at most 24 characters",
                e.getMessage());
    }

    @Test
    void whenNoSuffixCouldFitTheNameBeforeItIsWhatMustShrink() {
        SettingException e = assertThrows(SettingException.class,
                () -> Naming.of("dev").name(ResourceType.TARGET_GROUP, "invoices-production-green-xyz"));
        assertEquals("ENVIRONMENT_SUFFIX makes the target group name 'tg-invoices-production-green-xyz-dev' 36 characters long, "
                + "over the AWS limit of 32, got 'dev'; shorten the name before the suffix by 4 characters (a shorter service name)",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void everyLimitIsEnforcedAtExactlyItsLength(ResourceType type) {
        String fits = "x".repeat(type.maxLength() - type.prefix().length() - "-p-".length());
        assertEquals(type.maxLength(), Naming.of(fits).name(type, "p").length());
        assertThrows(SettingException.class, () -> Naming.of(fits + "y").name(type, "p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dev", "pr_1", "-dev", "dev-", "pr--1", "dev env", ""})
    void failsOnMalformedSuffix(String suffix) {
        SettingException e = assertThrows(SettingException.class, () -> new EnvironmentSuffix(suffix));
        assertTrue(e.getMessage().startsWith("ENVIRONMENT_SUFFIX "), e.getMessage());
        assertTrue(e.getMessage().contains("got '" + suffix + "'"), e.getMessage());
    }

    @Test
    void malformedSuffixMessageSuggestsAFix() {
        SettingException e = assertThrows(SettingException.class, () -> new EnvironmentSuffix("Feature_X"));
        assertEquals("ENVIRONMENT_SUFFIX must be lowercase letters, digits and single hyphens between them, "
                + "got 'Feature_X'; use for example 'feature-x'", e.getMessage());
    }

    @Test
    void bucketNamesStartWithTheAccountIdReadAtPlanTime() {
        com.hashicorp.cdktf.TerraformStack stack = TestStacks.withAwsProvider();
        new com.hashicorp.cdktf.TerraformOutput(stack, "bucket", com.hashicorp.cdktf.TerraformOutputConfig.builder()
                .value(dev.bucket(stack, "web-artifacts")).build());
        SynthResult synth = SynthResult.of(stack);
        String caller = synth.dataSources("aws_caller_identity").keySet().iterator().next();
        assertEquals("${data.aws_caller_identity." + caller + ".account_id}-s3-web-artifacts-dev",
                synth.outputs().get("bucket").path("value").asText());
    }

    @Test
    void bucketNamesStartWithAConfiguredPrefixInstead() {
        Naming acme = new Naming(new EnvironmentSuffix("pr-42"), BucketPrefix.fixed("acme-platform"));
        assertEquals("acme-platform-s3-web-artifacts-pr-42", acme.bucket(TestStacks.withAwsProvider(), "web-artifacts"));
    }

    @Test
    void failsWhenTheAccountIdAndSuffixPushABucketNameOverItsLimit() {
        Naming longSuffix = Naming.of("feature-branch-with-a-long-name");
        SettingException e = assertThrows(SettingException.class,
                () -> longSuffix.bucket(TestStacks.withAwsProvider(), "payment-service-alb-logs"));
        assertEquals("ENVIRONMENT_SUFFIX makes the s3 bucket name '<account-id>-s3-payment-service-alb-logs-feature-branch-with-a-long-name' "
                + "72 characters long, over the AWS limit of 63, got 'feature-branch-with-a-long-name'; use a suffix of at most 22 characters",
                e.getMessage());
    }

    @Test
    void failsWithAHintAtThePrefixWhenAFixedPrefixIsTooLong() {
        Naming named = new Naming(new EnvironmentSuffix("dev"), BucketPrefix.fixed("a-long-organisation-prefix"));
        SettingException e = assertThrows(SettingException.class,
                () -> named.bucket(TestStacks.withAwsProvider(), "payment-service-tfstate-access-logs"));
        assertTrue(e.getMessage().endsWith("or a shorter bucketNamePrefix"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme", "acme-", "-acme", "ac--me", "acme_platform", "xn--acme", "sthree-acme",
        "a-prefix-that-is-longer-than-thirty"})
    void failsOnABucketPrefixS3WouldRefuse(String prefix) {
        SettingException e = assertThrows(SettingException.class, () -> BucketPrefix.fixed(prefix));
        assertTrue(e.getMessage().startsWith("bucketNamePrefix "), e.getMessage());
        assertTrue(e.getMessage().contains("got '" + prefix + "'"), e.getMessage());
    }

    @Test
    void securityGroupNamesNeverBeginWithTheReservedSgPrefix() {
        assertEquals("secgroup-endpoints-dev", dev.name(ResourceType.SECURITY_GROUP, "endpoints"));
    }

    @Test
    void previewIsPrFollowedByANumber() {
        assertTrue(new EnvironmentSuffix("pr-1").isPreview());
        assertTrue(new EnvironmentSuffix("pr-4711").isPreview());
        assertFalse(new EnvironmentSuffix("pr-x").isPreview());
        assertFalse(new EnvironmentSuffix("dev").isPreview());
    }

    @Test
    void failsOnLogGroupPathWithoutLeadingSlash() {
        SettingException e = assertThrows(SettingException.class, () -> dev.logGroup("aws/codebuild"));
        assertEquals("log group path must start with '/' and hold only letters, digits and _ . # - /, got 'aws/codebuild'; "
                + "use a path such as '/aws/codebuild/unit-test'", e.getMessage());
    }
}
