package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.ROOT;
import static io.bluegreen.app.EmulatorScenario.assertPlanIsEmpty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.EmulatorScenario.Preview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Steps of {@link PreviewIT}: a second plan of every stack of pr-1 ({@code scripts/preview drift}) is empty after what the
 * pipelines and CodeDeploy do on a real account (a blue/green swap and the first scale-up, a new Lambda version and the alias moved to it), done
 * through the APIs; and a configuration change reaches live through a CodeDeploy shift.
 */
interface PreviewDeliverySteps {
    PreviewPr1 pr1();

    /**
     * CodeDeploy swaps A's and B's listeners to green and registers a revision; the pipeline scales A's
     * service up once. That is real drift in the state (refresh-only sees it) that the plans leave alone.
     */
    @Test
    @Order(3)
    default void ecsPlansAreEmptyAfterCodeDeploySwapsBlueAndGreen() throws Exception {
        LocalAws aws = pr1().aws;
        JsonNode swapped = JSON.readTree(aws.script("emulator/codedeploy_swap.py", "swap", "ecs-web-pr-1", "svc-web-pr-1", "alb-web-pr-1",
                "80", "tg-web-blue-pr-1", "tg-web-green-pr-1"));
        pr1().revisionsCodeDeployRegistered.add(swapped.path("revision").asText());
        assertEquals(JSON.readTree("{\"80\":\"tg-web-green-pr-1\",\"8080\":\"tg-web-blue-pr-1\"}"), swapped.path("listeners"));
        assertTrue(swapped.path("revision").asText().endsWith(":task-definition/task-web-pr-1:2"), swapped.toString());
        // The pipeline's Scale-Up action after that first deployment.
        assertEquals(2, JSON.readTree(aws.script("emulator/codedeploy_swap.py", "scale", "ecs-web-pr-1", "svc-web-pr-1", "2"))
                .path("desiredCount").asInt());
        JsonNode adopted = JSON.readTree(aws.script("emulator/codedeploy_swap.py", "swap", "payment-cluster-pr-1", "payment-service-pr-1",
                "payment-alb-pr-1", "80", "payment-blue-tg-pr-1", "payment-green-tg-pr-1"));
        assertTrue(adopted.path("revision").asText().contains(":task-definition/payment-pr-1:2"), adopted.toString());

        Terraform.Result refresh = pr1().web.run("pr-1", "plan", "-refresh-only", "-detailed-exitcode", "-no-color");
        assertEquals(2, refresh.exitCode(), refresh.output());
    }

    /**
     * What blueprint D's pipeline and CodeDeploy do on a real account, done through the APIs:
     * Deploy-Blue publishes new code as version 2, Switch-Traffic's deployment ends with the alias
     * on it; C's Deploy stage does the same with an image. Terraform leaves both alone, and the
     * deployment's state change on the bus ends as exactly one item in the environment's ledger.
     */
    @Test
    @Order(4)
    default void lambdaPlansAreEmptyAfterThePipelinePublishesAndCodeDeployShiftsTheAlias() throws Exception {
        LocalAws aws = pr1().aws;
        String function = "fn-payments-api-pr-1";
        Path zip = pr1().work.resolve("payments-api.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("handler.js"));
            out.write("exports.handler = async () => ({ statusCode: 200, body: 'v2' });\n".getBytes());
            out.closeEntry();
        }
        String published = JSON.readTree(aws.aws("lambda", "update-function-code", "--function-name", function,
                "--zip-file", "fileb://" + zip, "--publish")).path("Version").asText();
        assertEquals("2", published);
        String appspec = "{\"version\":0.0,\"Resources\":[{\"function\":{\"Type\":\"AWS::Lambda::Function\",\"Properties\":"
                + "{\"Name\":\"" + function + "\",\"Alias\":\"live\",\"CurrentVersion\":\"1\",\"TargetVersion\":\"2\"}}}]}";
        String deploymentId = JSON.readTree(aws.aws("deploy", "create-deployment", "--application-name", "cdapp-payments-api-pr-1",
                "--deployment-group-name", "cddg-payments-api-pr-1", "--revision", JSON.createObjectNode()
                        .put("revisionType", "AppSpecContent").set("appSpecContent", JSON.createObjectNode().put("content", appspec))
                        .toString())).path("deploymentId").asText();
        aws.aws("lambda", "update-alias", "--function-name", function, "--name", "live", "--function-version", published);

        // Blueprint C's Deploy stage: the image the build pushed becomes version 2, the shift moves live to it.
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-catalog-api-pr-1:0123456789ab";
        assertEquals("2", JSON.readTree(aws.aws("lambda", "update-function-code", "--function-name", "fn-catalog-api-pr-1",
                "--image-uri", image, "--publish")).path("Version").asText());
        aws.aws("lambda", "update-alias", "--function-name", "fn-catalog-api-pr-1", "--name", "live", "--function-version", "2");

        EmulatorScenario.inParallel(List.of(pr1().serverless, pr1().container).stream().<Callable<Void>>map(stack -> () -> {
            Terraform.Result refresh = stack.run("pr-1", "plan", "-refresh-only", "-detailed-exitcode", "-no-color");
            assertEquals(2, refresh.exitCode(), "the new version and the moved alias are real drift: " + refresh.output());
            return null;
        }).toList());

        LedgerProbe probe = new LedgerProbe(aws, ROOT, pr1().work);
        JsonNode event = probe.sample("deployment-lambda-start");
        ((ObjectNode) event.path("detail")).put("application", "cdapp-payments-api-pr-1")
                .put("deploymentGroup", "cddg-payments-api-pr-1").put("deploymentId", deploymentId);
        probe.put(List.of(event));
        probe.awaitExecutions("sfn-ledger-pr-1", 1);
        Map<String, String> item = probe.items("ddb-ledger-pr-1").get(deploymentId + " " + event.path("time").asText() + "#deployment#START");
        assertEquals(Map.of("application", "cdapp-payments-api-pr-1", "deploymentGroup", "cddg-payments-api-pr-1",
                "deploymentConfig", "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", "kind", "deployment", "state", "START"),
                Map.of("application", item.get("application"), "deploymentGroup", item.get("deploymentGroup"),
                        "deploymentConfig", item.get("deploymentConfig"), "kind", item.get("kind"), "state", item.get("state")));

        // C7: a failed execution of C's pipeline reaches the queue whose deliveries its alarm counts.
        JsonNode failed = probe.sample("pipeline-execution-started");
        ((ObjectNode) failed.path("detail")).put("pipeline", "pipeline-catalog-api-pr-1").put("state", "FAILED");
        probe.put(List.of(failed));
        // AWS CLI v1 sends SQS calls to its legacy queue.amazonaws.com whatever AWS_ENDPOINT_URL says.
        String queueUrl = JSON.readTree(aws.aws("--endpoint-url", aws.endpoint(), "sqs", "get-queue-url", "--queue-name",
                "sqs-catalog-api-pipeline-failures-pr-1")).path("QueueUrl").asText();
        JsonNode messages = aws.receive(queueUrl, 10);
        assertEquals(1, messages.size(), messages.toString());
        JsonNode delivered = JSON.readTree(messages.get(0).path("Body").asText());
        assertEquals("pipeline-catalog-api-pr-1 FAILED", delivered.path("detail").path("pipeline").asText() + " "
                + delivered.path("detail").path("state").asText());
    }

    /**
     * What steps 3 and 4 did is what the pipelines and CodeDeploy do on a real account: the state
     * sees it (refresh-only plans say so), and {@code scripts/preview drift pr-1}, which plans every
     * stack of pr-1 a second time, finds no drift in any of the eight, since the stacks leave those
     * attributes to CodeDeploy and the pipelines.
     */
    @Test
    @Order(5)
    default void whatCodeDeployAndThePipelinesChangeIsNoDriftInAnyStack() throws Exception {
        Preview drift = pr1().preview("drift", "pr-1");
        assertEquals(0, drift.exitCode(), drift.output());
        assertTrue(drift.output().contains("==> checking pr-1 for drift: platform catalog-api isolated-network payment-service "
                + "payments-api web invoices orders\n"), drift.output());
        assertTrue(drift.output().contains("==> no drift in pr-1 (8 stack(s) planned"), drift.output());
    }

    /**
     * D's memory raised in the configuration: the provider publishes version 3 with it, and the
     * apply asks CodeDeploy to shift live from 2 (the pipeline's, step 4) to 3 with an AppSpec as
     * CodeDeploy reads it. Once the shift is done (the emulator only records deployments, so the
     * test moves the alias as CodeDeploy would) the plan is empty.
     */
    @Test
    @Order(6)
    default void aConfigurationChangeReachesLiveThroughACodeDeployShift() throws Exception {
        LocalAws aws = pr1().aws;
        Terraform resized = pr1().changed("resized", "payments-api", config -> ((ObjectNode) config.path("environments").path("pr-1"))
                .putObject("services").putObject("payments-api").put("memoryMiB", 1024));
        String apply = resized.run("pr-1", "apply", "-auto-approve", "-no-color").orFail("apply resized payments-api").output();
        String function = "fn-payments-api-pr-1";
        assertEquals(1024, JSON.readTree(aws.aws("lambda", "get-function-configuration", "--function-name", function,
                "--qualifier", "3")).path("MemorySize").asInt(), "the provider published the new configuration as version 3");
        Matcher started = Pattern.compile("CodeDeploy deployment (\\S+) shifts live of " + function + " from version 2 to 3\n")
                .matcher(apply);
        assertTrue(started.find(), apply);
        JsonNode deployment = JSON.readTree(aws.aws("deploy", "get-deployment", "--deployment-id", started.group(1)))
                .path("deploymentInfo");
        assertEquals("cdapp-payments-api-pr-1 cddg-payments-api-pr-1", deployment.path("applicationName").asText() + " "
                + deployment.path("deploymentGroupName").asText());
        assertEquals("{version: '0.0', Resources: [{function: {Type: 'AWS::Lambda::Function', Properties: {Name: '" + function
                + "', Alias: 'live', CurrentVersion: '2', TargetVersion: '3'}}}]}",
                deployment.path("revision").path("appSpecContent").path("content").asText());
        aws.aws("lambda", "update-alias", "--function-name", function, "--name", "live", "--function-version", "3");
        assertPlanIsEmpty(resized, "pr-1");
    }
}
