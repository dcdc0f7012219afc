package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import io.bluegreen.app.blueprint.quickfunction.QuickFunctionBlueprint;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A blueprint is a plug-in: a sixth one, in a test package of its own and registered with one
 * line, is read from the configuration with the same strictness as A-E and synthesizes its stack.
 */
class BlueprintPluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one registration line. */
    private static final Blueprints WITH_SIXTH = Blueprints.DEFAULT.with(QuickFunctionBlueprint.BLUEPRINT);

    private static JsonNode config(String service) throws Exception {
        return JSON.readTree("{\"projectName\":\"pay\",\"settings\":{\"notificationEmails\":[\"a@example.com\"]},"
                + "\"previewProfile\":\"s\",\"profiles\":{\"s\":{}},\"environments\":{\"dev\":{\"profile\":\"s\"}},"
                + "\"services\":{\"quick\":" + service + "}}");
    }

    @Test
    void aSixthBlueprintRegisteredInOnePlaceSynthesizesItsStack() throws Exception {
        EnvironmentConfig config = PlatformConfig.resolve(config("{\"blueprint\":\"QUICK_FUNCTION\",\"source\":{\"codeCommitRepository\":"
                + "\"quick\"},\"testComputeType\":\"MEDIUM\"}"), new EnvironmentSuffix("dev"), WITH_SIXTH.kinds());
        assertEquals("QUICK_FUNCTION", config.services().get(0).kind().id());
        Map<String, SynthResult> stacks = new LinkedHashMap<>();
        for (var construct : PlatformApp.define(Testing.app(), config, BackendSettings.load(SynthesizedEnvironments.ROOT.resolve(BackendSettings.FILE)), WITH_SIXTH)) {
            stacks.put(construct.getNode().getId(), SynthResult.of((TerraformStack) construct));
        }
        assertEquals(List.of(BootstrapStack.NAME, PlatformStack.NAME, "quick"), new ArrayList<>(stacks.keySet()));
        SynthResult quick = stacks.get("quick");
        List<String> stages = new ArrayList<>();
        quick.only("aws_codepipeline").path("stage").forEach(stage -> stages.add(stage.path("name").asText()));
        assertEquals(List.of("Source", "Build", "Deploy"), stages);
        assertEquals("fn-quick-dev", quick.only("aws_lambda_function").path("function_name").asText());
        Map<String, String> sizes = new java.util.TreeMap<>();
        quick.resources("aws_codebuild_project").values().forEach(project -> sizes.put(project.path("name").asText(),
                project.path("environment").path("compute_type").asText()));
        assertEquals(Map.of("cb-quick-build-dev", "BUILD_GENERAL1_MEDIUM", "cb-quick-publish-dev", "BUILD_GENERAL1_SMALL",
                "cb-quick-shift-dev", "BUILD_GENERAL1_SMALL"), sizes);
    }

    @Test
    void itsKeysAreCheckedAndNamedLikeEveryOtherBlueprints() throws Exception {
        SettingException foreign = assertThrows(SettingException.class, () -> PlatformConfig.resolve(config(
                "{\"blueprint\":\"QUICK_FUNCTION\",\"source\":{\"codeCommitRepository\":\"quick\"},\"runtime\":\"JAVA_21\"}"),
                new EnvironmentSuffix("dev"), WITH_SIXTH.kinds()));
        assertEquals("services.quick.runtime only applies to the SERVERLESS blueprint, got '\"JAVA_21\"'; remove it, or set "
                + "\"blueprint\": \"SERVERLESS\"", foreign.getMessage());
        SettingException unknown = assertThrows(SettingException.class, () -> PlatformConfig.resolve(config(
                "{\"blueprint\":\"QUICK_FUNCTION\",\"source\":{\"codeCommitRepository\":\"quick\"}}"), new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()));
        assertEquals("services.quick.blueprint is not a known blueprint, got 'QUICK_FUNCTION'; use one of [ECS_FARGATE, EXISTING_ECS, "
                + "LAMBDA_CONTAINER, SERVERLESS, ISOLATED_ECS]", unknown.getMessage(), "unregistered, the app does not know it");
        assertTrue(WITH_SIXTH.kinds().ids().contains("QUICK_FUNCTION"));
    }
}
