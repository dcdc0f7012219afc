package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.bluegreen.app.blueprint.isolatedecs.IsolatedEcsSettings;
import io.bluegreen.app.config.ConfigBinder;
import io.bluegreen.app.config.DriftCheckSettings;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.app.config.ServiceConfigs;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.app.config.Settings;
import io.bluegreen.app.config.SourceSettings;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.lambda.LambdaRuntime;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.EndpointMode;
import io.bluegreen.vpc.IsolatedNetworkProps;
import io.bluegreen.vpc.NatGateways;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * config/platform.schema.json, which config/platform.json names in "$schema" so an editor
 * completes and checks the file as it is typed: the checked-in configuration is valid, the schema
 * refuses what the reader refuses by key, and its keys and choices are exactly the reader's.
 */
class ConfigSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = SynthesizedEnvironments.ROOT;
    private static JsonNode schemaNode;
    private static Schema schema;

    @BeforeAll
    static void readTheSchema() throws IOException {
        schemaNode = JSON.readTree(ROOT.resolve("config/platform.schema.json").toFile());
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
    }

    private static List<String> errors(JsonNode config) {
        return schema.validate(config).stream().map(Error::toString).toList();
    }

    @Test
    void theCheckedInConfigurationNamesItsSchemaAndIsValid() throws IOException {
        JsonNode config = JSON.readTree(ROOT.resolve(PlatformConfig.FILE).toFile());
        assertEquals("./platform.schema.json", config.path("$schema").asText());
        assertEquals(List.of(), errors(config));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown top-level key    | /nat                                        | true",
        "unknown setting          | /settings/natGateway                        | \"SINGLE\"",
        "unknown NAT layout       | /settings/natGateways                       | \"TWO\"",
        "key of another blueprint | /services/web/handler                       | \"h.h\"",
        "unknown blueprint        | /services/web/blueprint                     | \"LAMBDA\"",
        "bad account id           | /settings/awsAccountId                      | \"1234\"",
        "blueprint per environment | /environments/prod/services/web/blueprint  | \"SERVERLESS\"",
        "unknown isolated key     | /environments/dev/isolatedNetwork/subnets   | []",
        "unknown adopted endpoint | /environments/dev/isolatedNetwork/adoptedEndpoints | [\"SECRETS_MANAGER\"]",
        "drift check every minute | /driftCheck/schedule                        | \"rate(5 minutes)\"",
        "unknown drift check key  | /driftCheck/branch                          | \"main\"",
    })
    void whatTheReaderRefusesByKeyOrChoiceTheSchemaRefusesToo(String why, String pointer, String value) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(ROOT.resolve(PlatformConfig.FILE).toFile());
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        ((ObjectNode) config.at(parent)).set(pointer.substring(pointer.lastIndexOf('/') + 1), JSON.readTree(value));
        assertTrue(!errors(config).isEmpty(), why + ": the schema admits " + pointer + " = " + value);
    }

    private static Set<String> properties(String pointer) {
        return new TreeSet<>(iterable(schemaNode.at(pointer + "/properties").fieldNames()));
    }

    private static Set<String> choices(String pointer) {
        Set<String> values = new TreeSet<>();
        schemaNode.at(pointer).forEach(value -> values.add(value.asText()));
        return values;
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }

    private static Set<String> names(Enum<?>[] values) {
        return new TreeSet<>(Arrays.stream(values).map(Enum::name).toList());
    }

    @Test
    void theSchemasKeysAreTheReadersKeys() {
        assertEquals(new TreeSet<>(PlatformConfig.SETTINGS), properties("/$defs/settings"));
        assertEquals(new TreeSet<>(PlatformConfig.TOP_LEVEL), properties(""));
        assertEquals(new TreeSet<>(ConfigBinder.keys(Settings.IsolatedNetwork.class)), properties("/$defs/isolatedNetwork"));
        assertEquals(new TreeSet<>(ConfigBinder.keys(Settings.ExistingVpc.class)), properties("/$defs/existingVpc"));
        assertEquals(new TreeSet<>(List.of("profile", "services")), properties("/$defs/environment"));
        assertEquals(new TreeSet<>(SourceSettings.KEYS), properties("/$defs/source"));
        assertEquals(new TreeSet<>(DriftCheckSettings.KEYS), properties("/properties/driftCheck"));
        assertEquals(new TreeSet<>(ServiceConfigs.EXISTING_KEYS), properties("/$defs/existingService"));
        Set<String> production = new TreeSet<>(ServiceConfigs.EXISTING_KEYS);
        production.addAll(IsolatedEcsSettings.PRODUCTION_KEYS);
        assertEquals(production, properties("/$defs/productionService"));
        assertEquals(new TreeSet<>(Blueprints.DEFAULT.kinds().allKeys()), properties("/$defs/service"));
        JsonNode perBlueprint = schemaNode.at("/$defs/service/allOf");
        Set<String> blueprints = new TreeSet<>();
        perBlueprint.forEach(rule -> {
            ServiceKind blueprint = Blueprints.DEFAULT.kinds().find(rule.at("/if/properties/blueprint/const").asText()).orElseThrow();
            blueprints.add(blueprint.id());
            Set<String> keys = new TreeSet<>(iterable(rule.at("/then/propertyNames/enum").elements()).stream().map(JsonNode::asText).toList());
            assertEquals(new TreeSet<>(blueprint.keys()), keys, blueprint.id());
        });
        assertEquals(new TreeSet<>(Blueprints.DEFAULT.kinds().ids()), blueprints, "a key rule per blueprint");
    }

    @Test
    void theSchemasChoicesAreTheEnumsTheReaderParses() {
        assertEquals(new TreeSet<>(Blueprints.DEFAULT.kinds().ids()), choices("/$defs/service/properties/blueprint/enum"));
        assertEquals(names(NatGateways.values()), choices("/$defs/settings/properties/natGateways/enum"));
        assertEquals(names(Endpoint.values()), choices("/$defs/settings/properties/vpcEndpoints/items/enum"));
        assertEquals(names(EndpointMode.values()), choices("/$defs/isolatedNetwork/properties/endpoints/enum"));
        assertEquals(new TreeSet<>(IsolatedNetworkProps.ENDPOINTS.stream().map(Enum::name).toList()),
                choices("/$defs/isolatedNetwork/properties/adoptedEndpoints/items/enum"));
        assertEquals(names(ComputeType.values()), choices("/$defs/service/properties/testComputeType/enum"));
        assertEquals(names(ComputeType.values()), choices("/$defs/service/properties/imageBuildComputeType/enum"));
        assertEquals(names(LambdaRuntime.values()), choices("/$defs/service/properties/runtime/enum"));
        Set<String> configs = new TreeSet<>(names(EcsDeploymentConfig.values()));
        configs.addAll(names(LambdaDeploymentConfig.values()));
        assertEquals(configs, choices("/$defs/service/properties/deploymentConfig/enum"));
    }
}
