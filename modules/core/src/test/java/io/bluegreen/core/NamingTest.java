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
