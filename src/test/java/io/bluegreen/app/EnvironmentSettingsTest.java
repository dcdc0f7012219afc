package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.app.blueprint.ecsfargate.EcsFargateBlueprint;
import io.bluegreen.app.blueprint.existingecs.ExistingEcsBlueprint;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.BucketPrefix;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.AcmCertificateArn;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings a real account needs (X4, SPEC decisions): HTTPS in production, the load balancer's
 * WAF and access logs, the bucket name prefix, and what an environment overrides of a service.
 */
class EnvironmentSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    /** One ECS_FARGATE service {@code web}; {@code %s} goes into the production environment. */
    private static final String BASE = "{\"projectName\":\"pay\",%s\"settings\":{\"notificationEmails\":[\"a@example.com\"]},"
            + "\"previewProfile\":\"preview\",\"profiles\":{\"standard\":{},\"preview\":{\"loadBalancerWebAcl\":false,"
            + "\"loadBalancerAccessLogs\":false},\"production\":{\"requireHttps\":true}},\"environments\":{\"dev\":{\"profile\":\"standard\"},"
            + "\"prod\":{\"profile\":\"production\"%s}},\"services\":{\"web\":{\"blueprint\":\"ECS_FARGATE\","
            + "\"source\":{\"codeCommitRepository\":\"web\"}}}}";

    private static EnvironmentConfig resolve(String topLevel, String prodKeys, String suffix) throws Exception {
        return PlatformConfig.resolve(JSON.readTree(String.format(BASE, topLevel, prodKeys)), new EnvironmentSuffix(suffix), Blueprints.DEFAULT.kinds());
    }

    @Test
    void checkedInProductionServesHttpsAndPreviewsStayCheap() {
        EnvironmentConfig prod = load("prod");
        assertTrue(prod.requireHttps());
        assertTrue(prod.loadBalancerWebAcl());
        assertTrue(prod.loadBalancerAccessLogs());
        assertTrue(((EcsFargateBlueprint.EcsFargate) prod.services().get(0)).certificate().isPresent(), "prod's web has its certificate from environments.prod.services");
        EnvironmentConfig preview = load("pr-1");
        assertFalse(preview.requireHttps());
        assertFalse(preview.loadBalancerWebAcl());
        assertFalse(preview.loadBalancerAccessLogs());
        EnvironmentConfig dev = load("dev");
        assertTrue(dev.loadBalancerWebAcl() && dev.loadBalancerAccessLogs(), "on unless a layer turns them off");
        assertTrue(((EcsFargateBlueprint.EcsFargate) dev.services().get(0)).certificate().isEmpty(), "dev serves plain HTTP: the emulator has no ACM");
    }

    @Test
    void failsWhenAProductionServiceHasNoCertificate() {
        SettingException e = assertThrows(SettingException.class, () -> resolve("", "", "prod"));
        assertEquals("services.web.certificateArn is required in environment prod, whose settings set requireHttps, got ''; "
                + "request an ACM certificate for the service's domain and set environments.prod.services.web.certificateArn, "
                + "or set requireHttps to false for prod", e.getMessage());
    }

    @Test
    void anEnvironmentOverridesTheSettingsOfAServiceForItselfOnly() throws Exception {
        String overrides = ",\"services\":{\"web\":{\"certificateArn\":\"" + CERTIFICATE + "\",\"desiredCount\":4,"
                + "\"testListenerCidrs\":[\"10.2.0.0/16\"]}}";
        EcsFargateBlueprint.EcsFargate prodWeb = (EcsFargateBlueprint.EcsFargate) resolve("", overrides, "prod").services().get(0);
        assertEquals(Optional.of(new AcmCertificateArn(CERTIFICATE)), prodWeb.certificate());
        assertEquals(Optional.of(4), prodWeb.desiredCount());
        assertEquals(Optional.of(List.of("10.2.0.0/16")), prodWeb.testListenerCidrs());
        EcsFargateBlueprint.EcsFargate devWeb = (EcsFargateBlueprint.EcsFargate) resolve("", overrides, "dev").services().get(0);
        assertEquals(Optional.empty(), devWeb.certificate());
        assertEquals(Optional.empty(), devWeb.desiredCount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown service | ,\"services\":{\"webb\":{}} | environments.prod.services names a service that services does not define, got 'webb'; use one of [web]",
        "blueprint | ,\"services\":{\"web\":{\"blueprint\":\"EXISTING_ECS\"}} | environments.prod.services.web.blueprint cannot change per environment, got '\"EXISTING_ECS\"'; set the blueprint once under services.web",
        "unknown key | ,\"services\":{\"web\":{\"certificate\":\"x\"}} | environments.prod.services.web.certificate is not a known setting, got 'certificate'; use one of [allowedCidrs, blueprint, certificateArn, containerName, containerPort, cpu, deploymentConfig, desiredCount, environment, healthCheckHealthyThreshold, healthCheckIntervalSec, healthCheckMatcher, healthCheckPath, healthCheckTimeoutSec, healthCheckUnhealthyThreshold, imageBuildComputeType, memoryMiB, productionPort, secrets, source, terminationWaitMinutes, testComputeType, testListenerCidrs, testPort] (see docs/settings.md)",
        "waf not a boolean | ,\"loadBalancerWebAcl\":\"yes\" | loadBalancerWebAcl must be true or false, got '\"yes\"'; write it without quotes",
    })
    void failsOnABadEnvironmentLayerEvenWhenAnotherEnvironmentIsSynthesized(String why, String prodKeys, String message) {
        // The typo is in prod; dev is being synthesized and must still stop.
        String suffix = why.startsWith("waf") ? "prod" : "dev";
        SettingException e = assertThrows(SettingException.class, () -> resolve("", prodKeys, suffix));
        assertEquals(message, e.getMessage(), why);
    }

    @Test
    void bucketNamesStartWithTheAccountIdUnlessAPrefixIsSet() throws Exception {
        assertEquals(BucketPrefix.accountId(), resolve("", "", "dev").bucketPrefix());
        assertEquals(BucketPrefix.fixed("acme-platform"), resolve("\"bucketNamePrefix\":\"acme-platform\",", "", "dev").bucketPrefix());
        SettingException e = assertThrows(SettingException.class, () -> resolve("\"bucketNamePrefix\":\"Acme\",", "", "dev"));
        assertEquals("bucketNamePrefix must be 1-30 lowercase letters, digits and single inner hyphens, got 'Acme'; use an "
                + "organisation prefix such as 'acme-platform', or leave it out to use the account id", e.getMessage());
    }

    @Test
    void blueprintBKeepsTheSeedsArtifactBucketUnlessItIsTaken() {
        ExistingEcsBlueprint.ExistingEcs payment = (ExistingEcsBlueprint.ExistingEcs) load("dev").services().get(1);
        assertEquals(Optional.empty(), payment.artifactBucketName(), "pipeline-artifacts-<s> by default (B2)");
    }

    private static EnvironmentConfig load(String suffix) {
        return Blueprints.DEFAULT.load(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE), new EnvironmentSuffix(suffix));
    }
}
