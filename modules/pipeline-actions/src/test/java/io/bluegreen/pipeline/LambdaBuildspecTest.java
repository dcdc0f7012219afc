package io.bluegreen.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.core.SynthResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Blueprint D's buildspecs as CodeBuild runs them: the build compiles and tests the sample
 * function the project ships (real npm, tsc and Jest) and zips it; Deploy-Blue publishes it and
 * Switch-Traffic has CodeDeploy shift the alias, each against a stand-in {@code aws} that checks
 * every argument.
 */
class LambdaBuildspecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLE = Path.of("../../samples/payments-api");
    private static SynthResult synth;
    private static Map<String, String> standIns;

    @BeforeAll
    static void synthBlueprintDInSmall() {
        synth = SynthResult.of(PipelineFixtures.serverless());
        standIns = Map.of(
                synth.ref("aws_lambda_function", "function_name"), "fn-orders-dev",
                synth.ref("aws_lambda_alias", "name"), "live",
                synth.ref("aws_codedeploy_app", "name"), "cdapp-orders-dev",
                synth.ref("aws_codedeploy_deployment_group", "deployment_group_name"), "cddg-orders-dev");
    }

    @Test
    void buildCompilesTestsAndZipsTheSampleWithItsProductionDependenciesOnly(@TempDir Path work) throws Exception {
        copySample(work);
        Path bin = Files.createDirectories(work.resolve("bin"));
        for (String phase : List.of("install", "build", "post_build")) {
            BuildspecRunner.Result result = BuildspecRunner.run(project("cb-web-build-dev"), phase, work, bin, standIns, Map.of(), 600);
            assertEquals(0, result.exitCode(), phase + ": " + result.log());
        }
        assertTrue(Files.exists(work.resolve("reports/unit/jest.xml")), "Jest's JUnit report for the report group");
        try (ZipFile zip = new ZipFile(work.resolve("function.zip").toFile())) {
            assertTrue(zip.getEntry("handler.js") != null, "the compiled handler at the root, where handler.handler finds it");
            assertTrue(zip.getEntry("node_modules/@aws-sdk/client-ssm/package.json") != null, "SDK v3, bundled");
            assertTrue(zip.getEntry("node_modules/jest/package.json") == null, "no dev dependencies");
            assertTrue(zip.getEntry("node_modules/typescript/package.json") == null, "no dev dependencies");
        }
    }

    @Test
    void deployBluePublishesTheZipAsANewVersionAndHandsItOn(@TempDir Path work) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        BuildspecRunner.stub(bin, "aws", "case \"$1 $2\" in\n"
                + "  'lambda update-function-code') [ \"$*\" = 'lambda update-function-code --function-name fn-orders-dev --zip-file fileb://function.zip --publish --query Version --output text' ] || exit 8; echo 7;;\n"
                + "  'lambda wait') [ \"$*\" = 'lambda wait function-updated-v2 --function-name fn-orders-dev --qualifier 7' ] || exit 7;;\n"
                + "  *) exit 9;;\nesac\n");
        BuildspecRunner.Result result = BuildspecRunner.run(project("cb-web-deploy-blue-dev"), "build", work, bin, standIns, Map.of(), 60);
        assertEquals(0, result.exitCode(), result.log());
        assertEquals(JSON.readTree("{\"functionName\":\"fn-orders-dev\",\"version\":\"7\"}"), JSON.readTree(work.resolve("version.json").toFile()));
    }

    /**
     * Switch-Traffic: the AppSpec names the alias's current version and the published one; the
     * stage waits through CodeDeploy's progress and ends as the deployment ends.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "shift succeeds      | 6 | InProgress Succeeded | 0 | 1",
        "shift rolled back   | 6 | InProgress Failed    | 1 | 1",
        "shift stopped       | 6 | Stopped              | 1 | 1",
        "already on version  | 7 | Succeeded            | 0 | 0",
    })
    void switchTrafficDeploysFromTheLiveVersionAndWaitsForTheOutcome(String why, String live, String statuses, int exitCode,
                                                                     int deployments, @TempDir Path work) throws Exception {
        Files.writeString(work.resolve("version.json"), "{\"functionName\":\"fn-orders-dev\",\"version\":\"7\"}");
        Files.writeString(work.resolve("statuses"), String.join("\n", statuses.split(" ")) + "\n");
        Path bin = Files.createDirectories(work.resolve("bin"));
        BuildspecRunner.stub(bin, "aws", "case \"$1 $2\" in\n"
                + "  'lambda get-alias') [ \"$*\" = 'lambda get-alias --function-name fn-orders-dev --name live --query FunctionVersion --output text' ] || exit 8; echo " + live + ";;\n"
                + "  'deploy create-deployment') [ \"$3 $4 $5 $6 $7\" = '--application-name cdapp-orders-dev --deployment-group-name cddg-orders-dev --revision' ] || exit 7;"
                + " printf '%s' \"$8\" > \"" + work.resolve("revision.json") + "\"; echo d-ABCDEF123;;\n"
                + "  'deploy get-deployment') [ \"$4\" = d-ABCDEF123 ] || exit 6; head -1 \"" + work.resolve("statuses") + "\";"
                + " sed -i 1d \"" + work.resolve("statuses") + "\";;\n"
                + "  *) exit 9;;\nesac\n");
        BuildspecRunner.Result result = BuildspecRunner.run(project("cb-web-switch-traffic-dev"), "build", work, bin, standIns,
                Map.of("POLL_SECONDS", "0"), 60);
        assertEquals(exitCode, result.exitCode(), why + ": " + result.log());
        assertEquals(deployments == 1, Files.exists(work.resolve("revision.json")), why);
        if (deployments == 1) {
            JsonNode revision = JSON.readTree(work.resolve("revision.json").toFile());
            assertEquals("AppSpecContent", revision.path("revisionType").asText());
            JsonNode appSpec = JSON.readTree(revision.path("appSpecContent").path("content").asText());
            // With CodeBuild's jq (1.6, as on this machine) a number 0.0 became 0: the version is text.
            assertEquals(List.of(), AppSpecs.lambdaProblems(appSpec), appSpec.toString());
            assertEquals("\"0.0\"", appSpec.path("version").toString());
            JsonNode function = appSpec.path("Resources").get(0).path("function");
            assertEquals("AWS::Lambda::Function", function.path("Type").asText());
            assertEquals(JSON.readTree("{\"Name\":\"fn-orders-dev\",\"Alias\":\"live\",\"CurrentVersion\":\"6\",\"TargetVersion\":\"7\"}"),
                    function.path("Properties"));
        }
        if (exitCode == 1) {
            assertTrue(result.log().contains("CodeDeploy rolled live back to 6"), result.log());
        }
    }

    private static void copySample(Path work) throws Exception {
        try (Stream<Path> files = Files.walk(SAMPLE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = SAMPLE.relativize(file);
                String first = relative.getName(0).toString();
                if (List.of("node_modules", "dist", "reports", "package").contains(first) || first.equals("function.zip")) {
                    continue;
                }
                Files.createDirectories(work.resolve(relative).getParent());
                Files.copy(file, work.resolve(relative));
            }
        }
        assertFalse(Files.exists(work.resolve("node_modules")));
    }

    private static JsonNode project(String name) {
        return synth.resources("aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
