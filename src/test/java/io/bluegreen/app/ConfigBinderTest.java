package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.app.blueprint.serverless.ServerlessBlueprint;
import io.bluegreen.app.config.ConfigBinder;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.app.config.Settings;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.NatGateways;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An environment's settings are bound onto {@link Settings} by Jackson without coercion: every
 * wrong type, unknown key and unknown choice, at any depth, stops synth naming the setting's path,
 * the value as written and the fix, in the reader's words.
 */
class ConfigBinderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EnvironmentConfig resolve(String settings) throws Exception {
        return PlatformConfig.resolve(JSON.readTree("{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]"
                + settings + "},\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}}}"), new EnvironmentSuffix("dev"),
                Blueprints.DEFAULT.kinds());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "fraction for a count | ,\"azCount\":2.5 | azCount must be a whole number, got '2.5'; write it without quotes, e.g. 2",
        "number for a string | ,\"region\":5 | region must be a string, got '5'; put the value in double quotes",
        "number for a flag | ,\"requireHttps\":1 | requireHttps must be true or false, got '1'; write it without quotes",
        "string for a flag | ,\"loadBalancerAccessLogs\":\"false\" | loadBalancerAccessLogs must be true or false, got '\"false\"'; write it without quotes",
        "string for a list | ,\"vpcEndpoints\":\"S3\" | vpcEndpoints must be a list, got '\"S3\"'; wrap the values in [ ]",
        "unknown choice in a list | ,\"vpcEndpoints\":[\"S3\",\"S4\"] | vpcEndpoints is not a known choice, got 'S4'; use one of [S3, ECR_API, ECR_DKR, LOGS, STS, KMS, SECRETS_MANAGER, ECS, GIT_CODECOMMIT, CODEBUILD]",
        "number in a list of strings | ,\"existingVpc\":{\"vpcId\":\"vpc-1\",\"publicSubnetIds\":[\"subnet-1\",2]} | existingVpc.publicSubnetIds must list strings, got '2'; put each entry in double quotes",
        "string for a nested list | ,\"existingVpc\":{\"vpcId\":\"vpc-1\",\"privateSubnetIds\":\"subnet-1\"} | existingVpc.privateSubnetIds must be a list, got '\"subnet-1\"'; wrap the values in [ ]",
        "unknown nested key | ,\"existingVpc\":{\"vpcid\":\"vpc-1\"} | existingVpc.vpcid is not a known setting, got 'vpcid'; use one of [privateSubnetIds, publicSubnetIds, vpcId] (see docs/settings.md)",
        "string for an object | ,\"existingVpc\":\"vpc-1\" | existingVpc must be a JSON object, got '\"vpc-1\"'; wrap the settings in { }",
        "missing nested id | ,\"existingVpc\":{} | existingVpc.vpcId is required, got ''; add it to config/platform.json",
        "unknown nested choice | ,\"isolatedNetwork\":{\"vpcId\":\"vpc-0123456789abcdef0\",\"endpoints\":\"SOME\"} | isolatedNetwork.endpoints is not a known choice, got 'SOME'; use one of [CREATE, ADOPT]",
    })
    void badInputNamesTheSettingTheValueAndTheFix(String why, String settings, String message) {
        SettingException e = assertThrows(SettingException.class, () -> resolve(settings), why);
        assertEquals(message, e.getMessage(), why);
    }

    private static final String GITHUB = "\"source\":{\"connectionArn\":\"arn:aws:codestar-connections:us-east-1:123456789012:"
            + "connection/6f0b8e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"repository\":\"acme/web\"}";

    private static EnvironmentConfig service(String blueprint, String keys) throws Exception {
        return PlatformConfig.resolve(JSON.readTree("{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]},"
                + "\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}},\"services\":{\"web\":{\"blueprint\":\""
                + blueprint + "\"," + GITHUB + keys + "}}}"), new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds());
    }

    /** A service's keys are its blueprint's written record, bound the same way under {@code services.<name>}. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "string for a port | ECS_FARGATE | ,\"containerPort\":\"8080\" | services.web.containerPort must be a whole number, got '\"8080\"'; write it without quotes, e.g. 2",
        "number in a task's environment | ECS_FARGATE | ,\"environment\":{\"PORT\":8080} | services.web.environment.PORT must be a string, got '8080'; put the value in double quotes",
        "string for a CIDR list | ECS_FARGATE | ,\"allowedCidrs\":\"10.0.0.0/8\" | services.web.allowedCidrs must be a list, got '\"10.0.0.0/8\"'; wrap the values in [ ]",
        "string for tracing | SERVERLESS | ,\"tracing\":\"yes\" | services.web.tracing must be true or false, got '\"yes\"'; write it without quotes",
        "fraction for memory | SERVERLESS | ,\"memoryMiB\":512.5 | services.web.memoryMiB must be a whole number, got '512.5'; write it without quotes, e.g. 2",
    })
    void aServicesKeysAreTypedAtTheirPath(String why, String blueprint, String keys, String message) {
        SettingException e = assertThrows(SettingException.class, () -> service(blueprint, keys), why);
        assertEquals(message, e.getMessage(), why);
    }

    @Test
    void aBlueprintsKeysAreItsWrittenRecordsAndBlueprint() {
        assertEquals(Set.of("blueprint", "source", "deploymentConfig", "testComputeType", "handler", "runtime", "memoryMiB",
                "timeoutSeconds", "reservedConcurrency", "environment", "tracing"), ServerlessBlueprint.BLUEPRINT.keys());
    }

    @Test
    void aSettingLeftOutOrNullTakesItsDefaultAndWrittenOnesAreTyped() throws Exception {
        EnvironmentConfig left = resolve(",\"azCount\":null");
        assertEquals(2, left.azCount(), "null is a setting left out: the vpc module's default");
        EnvironmentConfig written = resolve(",\"azCount\":3,\"natGateways\":\"SINGLE\",\"vpcEndpoints\":[\"S3\",\"STS\"]");
        assertEquals(List.of(3, NatGateways.SINGLE, Set.of(Endpoint.S3, Endpoint.STS)),
                List.of(written.azCount(), written.natGateways(), written.vpcEndpoints()));
    }

    @Test
    void theKeysALayerMayHoldAreTheRecordsComponents() throws Exception {
        assertEquals(Set.of("vpcId", "publicSubnetIds", "privateSubnetIds"), ConfigBinder.keys(Settings.ExistingVpc.class));
        JsonNode layer = JSON.readTree("{\"region\":\"eu-west-1\"}");
        assertEquals("eu-west-1", ConfigBinder.bind(layer, "settings", Settings.class).region());
        assertEquals(16, PlatformConfig.SETTINGS.size(), PlatformConfig.SETTINGS.toString());
    }
}
