package io.bluegreen.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration change Terraform makes reaches {@code live} through CodeDeploy: the rollout is
 * replaced with any versioned argument, and its script asks CodeDeploy to shift the alias from the
 * version it serves to the one the provider just published, with an AppSpec as CodeDeploy reads it.
 * The script runs here against a stand-in {@code aws} that records its arguments.
 */
class ConfigurationRolloutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STAND_IN = """
            #!/usr/bin/env python3
            import json, os, sys
            if os.environ.get("AWS_DEFAULT_REGION") != "eu-west-1":
                sys.exit("You must specify a region.")  # as AWS CLI v1 says without AWS_DEFAULT_REGION
            with open(os.environ["AWS_CALLS"], "a") as calls:
                calls.write(json.dumps(sys.argv[1:]) + "\\n")
            if sys.argv[1:3] == ["lambda", "get-alias"]:
                print(os.environ["SERVED_VERSION"])
            elif sys.argv[1:3] == ["deploy", "create-deployment"]:
                print("d-ROLLOUT01")
            else:
                sys.exit("unexpected call: " + " ".join(sys.argv[1:]))
            """;
    private static SynthResult synth;

    @BeforeAll
    static void synthFunction() {
        TerraformStack stack = TestStacks.withAwsProvider();
        new BlueGreenFunction(stack, "orders", BlueGreenFunctionProps.builder(BlueGreenFunctionTest.DEV, "orders",
                BlueGreenFunctionTest.TOPIC, BlueGreenFunctionTest.ZIP).environment(Map.of("TABLE", "ddb-orders-dev")).build());
        synth = SynthResult.of(stack);
    }

    @Test
    void theRolloutIsReplacedWithEveryArgumentAVersionFreezesAndNotWithCode() {
        JsonNode rollout = synth.only("terraform_data");
        String function = synth.ref("aws_lambda_function", "function_name").replace(".function_name}", "");
        assertEquals(List.of(function + ".memory_size}", function + ".timeout}", function + ".environment}",
                        function + ".tracing_config}", function + ".kms_key_arn}", function + ".role}", function + ".handler}",
                        function + ".runtime}"),
                JSON.convertValue(rollout.path("triggers_replace"), List.class));
        TerraformStack imageStack = TestStacks.withAwsProvider();
        new BlueGreenFunction(imageStack, "api", BlueGreenFunctionProps.builder(BlueGreenFunctionTest.DEV, "api", BlueGreenFunctionTest.TOPIC,
                new FunctionCode.Image("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-api-dev:v1")).build());
        SynthResult image = SynthResult.of(imageStack);
        String imageFunction = image.ref("aws_lambda_function", "function_name").replace(".function_name}", "");
        assertEquals(List.of(imageFunction + ".memory_size}", imageFunction + ".timeout}", imageFunction + ".tracing_config}",
                        imageFunction + ".kms_key_arn}", imageFunction + ".role}"),
                JSON.convertValue(image.only("terraform_data").path("triggers_replace"), List.class),
                "an image function without variables sets no environment, handler or runtime: null in the plan, empty after apply");
        JsonNode exec = rollout.path("provisioner").get(0).path("local-exec");
        assertEquals(ConfigurationRollout.SCRIPT, exec.path("command").asText());
        assertEquals("[\"/bin/sh\",\"-c\"]", exec.path("interpreter").toString());
        assertEquals(Map.of("FUNCTION_NAME", function + ".function_name}", "ALIAS_NAME", synth.ref("aws_lambda_alias", "name"),
                        "TARGET_VERSION", function + ".version}", "APPLICATION_NAME", synth.ref("aws_codedeploy_app", "name"),
                        "DEPLOYMENT_GROUP_NAME", synth.ref("aws_codedeploy_deployment_group", "deployment_group_name"),
                        "AWS_REGION", "${data.aws_region." + synth.dataSources("aws_region").keySet().iterator().next() + ".name}"),
                JSON.convertValue(exec.path("environment"), Map.class));
    }

    @Test
    void aNewVersionIsShiftedToByCodeDeployWithTheDocumentedAppSpec(@TempDir Path work) throws Exception {
        List<JsonNode> calls = run(work, "2", "3");
        assertEquals(2, calls.size(), calls.toString());
        assertEquals("[\"lambda\",\"get-alias\",\"--function-name\",\"fn-orders-dev\",\"--name\",\"live\",\"--query\","
                + "\"FunctionVersion\",\"--output\",\"text\"]", calls.get(0).toString());
        JsonNode create = calls.get(1);
        assertEquals(List.of("deploy", "create-deployment", "--application-name", "cdapp-orders-dev", "--deployment-group-name",
                        "cddg-orders-dev", "--description", "Terraform changed the configuration of fn-orders-dev"),
                JSON.convertValue(create, List.class).subList(0, 8));
        assertEquals("--revision", create.get(8).asText());
        JsonNode revision = JSON.readTree(create.get(9).asText());
        assertEquals("AppSpecContent", revision.path("revisionType").asText());
        JsonNode appSpec = new YAMLMapper().readTree(revision.path("appSpecContent").path("content").asText());
        assertEquals(JSON.readTree("""
                {"version": "0.0", "Resources": [{"function": {"Type": "AWS::Lambda::Function", "Properties":
                  {"Name": "fn-orders-dev", "Alias": "live", "CurrentVersion": "2", "TargetVersion": "3"}}}]}"""), appSpec);
    }

    @Test
    void whenTheAliasServesTheVersionAlreadyNothingIsDeployed(@TempDir Path work) throws Exception {
        List<JsonNode> calls = run(work, "1", "1");
        assertEquals(1, calls.size(), "the first apply publishes version 1 and points live at it: " + calls);
        assertEquals("get-alias", calls.get(0).get(1).asText());
    }

    /** rollout.sh as Terraform runs it, with the alias serving {@code served} and the provider having published {@code target}. */
    private static List<JsonNode> run(Path work, String served, String target) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.writeString(bin.resolve("aws"), STAND_IN);
        Files.setPosixFilePermissions(bin.resolve("aws"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path calls = work.resolve("calls.jsonl");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", ConfigurationRollout.SCRIPT).redirectErrorStream(true);
        builder.environment().putAll(Map.of("PATH", bin + ":" + System.getenv("PATH"), "AWS_CALLS", calls.toString(),
                "SERVED_VERSION", served, "FUNCTION_NAME", "fn-orders-dev", "ALIAS_NAME", "live", "TARGET_VERSION", target,
                "APPLICATION_NAME", "cdapp-orders-dev", "DEPLOYMENT_GROUP_NAME", "cddg-orders-dev", "AWS_REGION", "eu-west-1"));
        // The shell that runs Terraform may export AWS_REGION only (scripts/local-deploy.sh does): the CLI must still find it.
        builder.environment().remove("AWS_DEFAULT_REGION");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), output);
        assertEquals(served.equals(target)
                        ? "live of fn-orders-dev already serves version " + target + ": nothing to roll out\n"
                        : "CodeDeploy deployment d-ROLLOUT01 shifts live of fn-orders-dev from version " + served + " to " + target + "\n",
                output);
        return Files.readAllLines(calls).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
