package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.NatGateways;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Profiles resolve as documented, and every kind of bad input stops with its own message. */
class ConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    private static EnvironmentConfig checkedIn(String suffix) {
        return Blueprints.DEFAULT.load(ROOT.resolve(PlatformConfig.FILE), new EnvironmentSuffix(suffix));
    }

    @Test
    void devGetsTheStandardProfile() {
        EnvironmentConfig dev = checkedIn("dev");
        assertEquals("standard", dev.profile());
        assertEquals("bluegreen", dev.projectName());
        assertEquals("us-east-1", dev.region());
        assertEquals(Optional.of("platform-engineering"), dev.costCenter());
        assertEquals(2, dev.azCount());
        assertEquals(NatGateways.ONE_PER_AZ, dev.natGateways());
        assertEquals("10.0.0.0/16", dev.vpcCidr());
        assertTrue(dev.vpcEndpoints().isEmpty());
        assertEquals("[platform-team@example.com]", dev.notificationEmails().toString());
    }

    @Test
    void anyPullRequestSuffixGetsThePreviewProfile() {
        EnvironmentConfig preview = checkedIn("pr-4711");
        assertEquals("preview", preview.profile());
        assertEquals(NatGateways.SINGLE, preview.natGateways());
        assertEquals("10.100.0.0/16", preview.vpcCidr());
    }

    @Test
    void environmentOverridesWinOverTheirProfile() {
        EnvironmentConfig prod = checkedIn("prod");
        assertEquals("production", prod.profile());
        assertEquals(3, prod.azCount());
        assertEquals("10.2.0.0/16", prod.vpcCidr());
        assertEquals(7, prod.vpcEndpoints().size());
        assertTrue(prod.vpcEndpoints().contains(Endpoint.SECRETS_MANAGER));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "uppercase | Dev | ENVIRONMENT_SUFFIX must be lowercase letters, digits and single hyphens between them, got 'Dev'; use for example 'dev'",
        "underscore | pr_1 | ENVIRONMENT_SUFFIX must be lowercase letters, digits and single hyphens between them, got 'pr_1'; use for example 'pr-1'",
        "leading hyphen | -dev | ENVIRONMENT_SUFFIX must be lowercase letters, digits and single hyphens between them, got '-dev'; use for example 'dev'",
        "unset | '' | ENVIRONMENT_SUFFIX is not set, got ''; export ENVIRONMENT_SUFFIX=dev, or pr-<number> for a pull-request preview",
        "unknown environment | qa | ENVIRONMENT_SUFFIX is not an environment in config/platform.json, got 'qa'; use one of [dev, staging, prod], pr-<number> for a preview, or add it under \"environments\"",
        "too long for an event rule name | pr-1234567890123456789012345678901234567 | ENVIRONMENT_SUFFIX makes the event rule name 'rule-pipeline-executions-pr-1234567890123456789012345678901234567' 65 characters long, over the AWS limit of 64, got 'pr-1234567890123456789012345678901234567'; use a suffix of at most 39 characters",
    })
    void failsOnBadSuffix(String why, String suffix, String message) {
        SettingException e = assertThrows(SettingException.class,
                () -> PlatformApp.define(new com.hashicorp.cdktf.App(), ROOT, java.util.Map.of(EnvironmentSuffix.SETTING, suffix)));
        assertEquals(message, e.getMessage(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad email | {\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"ops-at-example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | notificationEmails is not a valid email address, got 'ops-at-example.com'; use an address such as 'platform-team@example.com'",
        "missing emails | {\"projectName\":\"pay\",\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | notificationEmails is required and must list at least one address, got ''; add \"notificationEmails\": [\"team@example.com\"] under \"settings\" in config/platform.json",
        "missing project | {\"settings\":{\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | projectName is required, got ''; add it to config/platform.json",
        "unknown profile | {\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"standard\":{},\"preview\":{}},\"environments\":{\"dev\":{\"profile\":\"gold\"}}} | environments.dev.profile names an unknown profile, got 'gold'; use one of [standard, preview] or add it under \"profiles\"",
        "unknown key | {\"projectName\":\"pay\",\"settings\":{\"natGateway\":\"SINGLE\",\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | settings.natGateway is not a known setting, got 'natGateway'; use one of [awsAccountId, azCount, buildkitImage, costCenter, existingVpc, isolatedNetwork, lambdaConcurrencyQuota, loadBalancerAccessLogs, loadBalancerWebAcl, natGateways, notificationEmails, region, requireHttps, reservedConcurrency, vpcCidr, vpcEndpoints] (see docs/settings.md)",
        "unknown top-level key | {\"projectname\":\"pay\"} | projectname is not a known setting, got 'projectname'; use one of [$schema, bucketNamePrefix, driftCheck, environments, previewProfile, profiles, projectName, services, settings] (see docs/settings.md)",
        "unknown choice | {\"projectName\":\"pay\",\"settings\":{\"natGateways\":\"TWO\",\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | natGateways is not a known choice, got 'TWO'; use one of [ONE_PER_AZ, SINGLE, NONE]",
        "number as string | {\"projectName\":\"pay\",\"settings\":{\"azCount\":\"2\",\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | azCount must be a whole number, got '\"2\"'; write it without quotes, e.g. 2",
        "bad region | {\"projectName\":\"pay\",\"settings\":{\"region\":\"virginia\",\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | region is not an AWS region name, got 'virginia'; use a region such as 'us-east-1'",
        "bad project name | {\"projectName\":\"Payments\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}} | projectName must be 2-30 lowercase letters, digits or hyphens, starting with a letter, got 'Payments'; use a name such as 'payments'",
        "preview profile missing | {\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]},\"profiles\":{\"s\":{}},\"environments\":{}} | previewProfile is required, got ''; add it to config/platform.json",
    })
    void failsOnBadConfig(String why, String json, String message) throws Exception {
        JsonNode root = JSON.readTree(json);
        String suffix = why.startsWith("preview") ? "pr-1" : "dev";
        SettingException e = assertThrows(SettingException.class, () -> PlatformConfig.resolve(root, new EnvironmentSuffix(suffix), Blueprints.DEFAULT.kinds()));
        assertEquals(message, e.getMessage(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "encryption off | {\"bucket\":\"acme-tfstate\",\"region\":\"us-east-1\",\"encrypt\":false,\"use_lockfile\":true,\"workspace_key_prefix\":\"env\"} | backend.tf.json encrypt must be true, got 'false'; set \"encrypt\": true; state must be encrypted and locked (P5)",
        "no lock file | {\"bucket\":\"acme-tfstate\",\"region\":\"us-east-1\",\"encrypt\":true,\"workspace_key_prefix\":\"env\"} | backend.tf.json use_lockfile must be true, got ''; set \"use_lockfile\": true; state must be encrypted and locked (P5)",
        "key set by hand | {\"bucket\":\"acme-tfstate\",\"key\":\"x.tfstate\",\"encrypt\":true,\"use_lockfile\":true,\"workspace_key_prefix\":\"env\"} | backend.tf.json key is not a setting the app manages, got 'key'; use only [bucket, encrypt, region, use_lockfile, workspace_key_prefix]; the key is derived per stack",
        "bad bucket | {\"bucket\":\"Acme_State\",\"encrypt\":true,\"use_lockfile\":true,\"workspace_key_prefix\":\"env\"} | backend.tf.json bucket is not a valid S3 bucket name, got 'Acme_State'; use 3-63 lowercase letters, digits, dots and hyphens, e.g. 'acme-platform-tfstate'",
    })
    void failsOnBadBackend(String why, String s3, String message, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("backend.tf.json");
        Files.writeString(file, "{\"terraform\":{\"backend\":{\"s3\":" + s3 + "}}}");
        SettingException e = assertThrows(SettingException.class, () -> BackendSettings.load(file));
        assertEquals(message, e.getMessage(), why);
    }

    @Test
    void checkedInBackendIsEncryptedAndLocked() {
        BackendSettings backend = BackendSettings.load(ROOT.resolve(BackendSettings.FILE));
        assertEquals(new BackendSettings("bluegreen-platform-tfstate", "us-east-1", "env"), backend);
        assertEquals("bluegreen/platform.tfstate", backend.key("bluegreen", "platform"));
    }

    @Test
    void anOverlayLeavesOutWhatItSetsToNullAndMergesTheRest(@TempDir Path dir) throws Exception {
        Path overlay = dir.resolve("overlay.json");
        Files.writeString(overlay, """
                {"services": {"payment-service": null, "payments-api": null, "catalog-api": null, "orders": null, "invoices": null},
                 "environments": {"prod": {"services": {"invoices": null}}},
                 "settings": {"costCenter": null, "azCount": 3}}""");
        EnvironmentConfig preview = PlatformConfig.load(ROOT.resolve(PlatformConfig.FILE), Optional.of(overlay), new EnvironmentSuffix("pr-42"),
                Blueprints.DEFAULT.kinds());
        assertEquals(List.of("web"), preview.services().stream().map(service -> service.name()).toList());
        assertEquals(Optional.empty(), preview.costCenter(), "left out: the default, none");
        assertEquals(3, preview.azCount());
    }

    @Test
    void badInputWritesNoStack(@TempDir Path outdir) throws Exception {
        com.hashicorp.cdktf.App app = new com.hashicorp.cdktf.App(com.hashicorp.cdktf.AppConfig.builder()
                .outdir(outdir.toString()).build());
        assertThrows(SettingException.class,
                () -> PlatformApp.define(app, ROOT, java.util.Map.of(EnvironmentSuffix.SETTING, "Dev")));
        try (var files = Files.walk(outdir)) {
            // cdktf's App makes an empty stacks/ directory when constructed; no file may follow.
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing may be written when input is bad");
        }
    }
}
