package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.blueprint.ecsfargate.EcsFargateBlueprint;
import io.bluegreen.app.blueprint.existingecs.ExistingEcsBlueprint;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.HealthCheck;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The services of config/platform.json: one stack each, bad entries stop synth naming the setting. */
class ServiceConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]},"
            + "\"previewProfile\":\"s\",\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}},\"services\":{\"web\":%s}}";
    private static final String GITHUB = "\"source\":{\"connectionArn\":\"arn:aws:codestar-connections:us-east-1:123456789012:"
            + "connection/6f0b8e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"repository\":\"acme/web\"}";

    private static EnvironmentConfig resolve(String service, String suffix) throws Exception {
        return PlatformConfig.resolve(JSON.readTree(String.format(BASE, service)), new EnvironmentSuffix(suffix), Blueprints.DEFAULT.kinds());
    }

    @Test
    void checkedInServicesAreBlueprintsAToE() {
        EnvironmentConfig dev = Blueprints.DEFAULT.load(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE), new EnvironmentSuffix("dev"));
        assertEquals(List.of("web ECS_FARGATE", "payment-service EXISTING_ECS", "payments-api SERVERLESS", "catalog-api LAMBDA_CONTAINER",
                        "orders ISOLATED_ECS", "invoices ISOLATED_ECS"),
                dev.services().stream().map(s -> s.name() + " " + s.kind().id()).toList());
    }

    @Test
    void defaultsAreTheDocumentedOnes() throws Exception {
        EcsFargateBlueprint.EcsFargate web = (EcsFargateBlueprint.EcsFargate) resolve("{\"blueprint\":\"ECS_FARGATE\"," + GITHUB + "}", "dev")
                .services().get(0);
        assertEquals(ContainerSpec.DEFAULT, web.container());
        assertEquals(HealthCheck.defaults(), web.healthCheck());
        // Left out, so BlueGreenServiceProps' own defaults apply: stated once, in the module.
        assertEquals(Optional.empty(), web.deploymentConfig());
        assertEquals(Optional.empty(), web.terminationWaitMinutes());
        assertEquals(Optional.empty(), web.desiredCount());
        assertEquals(new ServiceConfig.Builds(ComputeType.SMALL, ComputeType.MEDIUM), web.builds());
        assertEquals("main", web.source().branch());
        assertEquals(Source.GitHub.class, web.source().getClass());
    }

    @Test
    void existingNamesTakeTheEnvironmentSuffix() throws Exception {
        ExistingEcsBlueprint.ExistingEcs payment = (ExistingEcsBlueprint.ExistingEcs) resolve("{\"blueprint\":\"EXISTING_ECS\"," + GITHUB + ",\"existing\":{\"clusterName\":\"c-{suffix}\","
                + "\"serviceName\":\"s-{suffix}\",\"loadBalancerName\":\"alb-{suffix}\",\"blueTargetGroupName\":\"b-{suffix}\","
                + "\"greenTargetGroupName\":\"g-{suffix}\",\"productionPort\":80,\"testPort\":8080,\"containerName\":\"payment\","
                + "\"containerPort\":8080},\"artifactBucketName\":\"acme-pipeline-artifacts-{suffix}\"}", "pr-7").services().get(0);
        assertEquals(java.util.Optional.of("acme-pipeline-artifacts-pr-7"), payment.artifactBucketName(),
                "when another account holds B2's pipeline-artifacts-<s>");
        assertEquals("c-pr-7 s-pr-7 alb-pr-7 b-pr-7 g-pr-7", String.join(" ", payment.existing().clusterName(),
                payment.existing().serviceName(), payment.existing().loadBalancerName(),
                payment.existing().blueTargetGroupName(), payment.existing().greenTargetGroupName()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown blueprint | {\"blueprint\":\"LAMBDA\"} | services.web.blueprint is not a known blueprint, got 'LAMBDA'; use one of [ECS_FARGATE, EXISTING_ECS, LAMBDA_CONTAINER, SERVERLESS, ISOLATED_ECS]",
        "missing blueprint | {} | services.web.blueprint is required, got ''; use one of [ECS_FARGATE, EXISTING_ECS, LAMBDA_CONTAINER, SERVERLESS, ISOLATED_ECS]",
        "missing source | {\"blueprint\":\"ECS_FARGATE\"} | services.web.source is required, got ''; give {\"connectionArn\", \"repository\", \"branch\"} for GitHub or {\"codeCommitRepository\", \"branch\"}",
        "missing connection ARN | {\"blueprint\":\"ECS_FARGATE\",\"source\":{\"repository\":\"acme/web\"}} | services.web.source.connectionArn is missing, got 'null'; create a GitHub connection (Developer Tools > Connections), authorize it and give its ARN",
        "missing repository | {\"blueprint\":\"ECS_FARGATE\",\"source\":{\"branch\":\"main\"}} | services.web.source.repository is missing, got ''; give the GitHub repository as 'owner/name', or codeCommitRepository for CodeCommit",
        "unknown key | {\"blueprint\":\"ECS_FARGATE\",\"conatinerPort\":80} | services.web.conatinerPort is not a known setting, got 'conatinerPort'; use one of [allowedCidrs, blueprint, certificateArn, containerName, containerPort, cpu, deploymentConfig, desiredCount, environment, healthCheckHealthyThreshold, healthCheckIntervalSec, healthCheckMatcher, healthCheckPath, healthCheckTimeoutSec, healthCheckUnhealthyThreshold, imageBuildComputeType, memoryMiB, productionPort, secrets, source, terminationWaitMinutes, testComputeType, testListenerCidrs, testPort] (see docs/settings.md)",
        "unknown deployment config | {\"blueprint\":\"ECS_FARGATE\",\"deploymentConfig\":\"FAST\"," + "\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.deploymentConfig is not a known ECS deployment config, got 'FAST'; use one of ALL_AT_ONCE, LINEAR_10_PERCENT_EVERY_1_MINUTE, LINEAR_10_PERCENT_EVERY_3_MINUTES, CANARY_10_PERCENT_5_MINUTES, CANARY_10_PERCENT_15_MINUTES",
        "health check path | {\"blueprint\":\"ECS_FARGATE\",\"healthCheckPath\":\"health\",\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.healthCheckPath must start with '/', got 'health'; use a path such as '/health'",
        "container port | {\"blueprint\":\"ECS_FARGATE\",\"containerPort\":0,\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.containerPort must be between 1 and 65535, got '0'; use the port the application listens on",
        "certificate not ACM | {\"blueprint\":\"ECS_FARGATE\",\"certificateArn\":\"arn:aws:s3:::cert\",\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.certificateArn is not an ACM certificate ARN, got 'arn:aws:s3:::cert'; use the ARN ACM shows, arn:aws:acm:<region>:<account>:certificate/<id>, or leave it out to serve plain HTTP",
        "existing without blueprint B | {\"blueprint\":\"ECS_FARGATE\",\"existing\":{},\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.existing only applies to the EXISTING_ECS blueprint, got '{}'; remove it, or set \"blueprint\": \"EXISTING_ECS\"",
        "container settings for blueprint B | {\"blueprint\":\"EXISTING_ECS\",\"containerPort\":80,\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.containerPort only applies to the ECS_FARGATE blueprint, got '80'; remove it, or set \"blueprint\": \"ECS_FARGATE\"",
        "image for the zip blueprint | {\"blueprint\":\"SERVERLESS\",\"initialImage\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1\",\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.initialImage only applies to the LAMBDA_CONTAINER blueprint, got '\"123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1\"'; remove it, or set \"blueprint\": \"LAMBDA_CONTAINER\"",
        "blueprint B without existing | {\"blueprint\":\"EXISTING_ECS\",\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.existing is required by the EXISTING_ECS blueprint, got ''; name the cluster, service, load balancer, target groups, ports and container to adopt",
        "plain secret value | {\"blueprint\":\"ECS_FARGATE\",\"secrets\":{\"DB_PASSWORD\":\"hunter2\"},\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.secrets.DB_PASSWORD must be a Secrets Manager secret or SSM parameter ARN, got 'hunter2'; store the value there and give its ARN; plain values are not accepted",
        "artifact bucket for blueprint A | {\"blueprint\":\"ECS_FARGATE\",\"artifactBucketName\":\"acme-artifacts\",\"source\":{\"codeCommitRepository\":\"web\"}} | services.web.artifactBucketName only applies to the EXISTING_ECS blueprint, got '\"acme-artifacts\"'; remove it, or set \"blueprint\": \"EXISTING_ECS\"",
    })
    void failsOnBadService(String why, String service, String message) {
        SettingException e = assertThrows(SettingException.class, () -> resolve(service, "dev"));
        assertEquals(message, e.getMessage(), why);
    }

    @Test
    void failsOnAServiceNamedLikeAFoundationStack() throws Exception {
        JsonNode root = JSON.readTree(String.format(BASE, "{}"));
        ObjectNode services = (ObjectNode) root.path("services");
        services.set("platform", services.remove("web"));
        SettingException e = assertThrows(SettingException.class, () -> PlatformConfig.resolve(root, new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()));
        assertEquals("services has a service name that cannot name a stack, got 'platform'; use lowercase letters, digits and "
                + "hyphens, not 'bootstrap', 'platform' or 'isolated-network'", e.getMessage());
    }

    @Test
    void badServiceWritesNoStack(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve(PlatformConfig.FILE), String.format(BASE, "{\"blueprint\":\"LAMBDA\"}"));
        Files.copy(SynthesizedEnvironments.ROOT.resolve(BackendSettings.FILE), dir.resolve(BackendSettings.FILE));
        Path outdir = dir.resolve("out");
        com.hashicorp.cdktf.App app = new com.hashicorp.cdktf.App(com.hashicorp.cdktf.AppConfig.builder().outdir(outdir.toString()).build());
        assertThrows(SettingException.class, () -> PlatformApp.define(app, dir, java.util.Map.of(EnvironmentSuffix.SETTING, "dev")));
        try (var files = Files.walk(outdir)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing may be written when input is bad");
        }
    }
}
