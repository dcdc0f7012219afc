package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.ROOT;
import static io.bluegreen.app.EmulatorScenario.added;
import static io.bluegreen.app.EmulatorScenario.assertPlanIsEmpty;
import static io.bluegreen.app.EmulatorScenario.assertPlansAreEmpty;
import static io.bluegreen.app.EmulatorScenario.outputs;
import static io.bluegreen.app.EmulatorScenario.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.EmulatorScenario.Preview;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A preview environment's life on the local AWS API, through the product's own commands: {@code scripts/preview up 1}
 * deploys every blueprint in {@code pr-1} (A: web, B: payment-service onto an existing ECS service, C: catalog-api,
 * D: payments-api, E: the isolated network with orders and invoices in a regulated VPC), each stack after those it
 * depends on; every stack plans empty a second time, and stays empty after what the pipelines and CodeDeploy do on a
 * real account (a blue/green swap and the first scale-up, a new Lambda version and the alias moved to it); a NAT route
 * in a build subnet stops E's plans; the sweeper lists and tears down the preview and {@code scripts/preview down 1}
 * proves it gone; then the state bucket goes too and nothing is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreviewIT {
    @AutoClose
    private EmulatorScenario scenario;
    private LocalAws aws;
    private Path work;
    /** Points pr-1's isolatedNetwork at the regulated VPC scripts/emulator/isolated_ecs.py creates (its ids are generated). */
    private Path isolatedOverlay;
    private Terraform bootstrap;
    private Terraform platform;
    private Terraform web;
    private Terraform payment;
    private Terraform serverless;
    private Terraform container;
    private Path containerStack;
    private Terraform isolatedNetwork;
    private Terraform orders;
    private Terraform invoices;
    private Map<String, List<String>> beforeAnything;
    private Map<String, List<String>> afterBootstrap;
    private Map<String, List<String>> withInputs;
    private List<String> revisionsCodeDeployRegistered = List.of();

    @BeforeAll
    void startEmulatorWithTheStateBucketAndTheRegulatedVpc() throws Exception {
        scenario = EmulatorScenario.start("preview");
        aws = scenario.aws;
        work = scenario.work;
        isolatedOverlay = work.resolve("isolated-overlay.json");
        beforeAnything = aws.inventory();
        // Blueprint E adopts a regulated VPC, its ECR repositories and ECS services; on the emulator a script plays the
        // teams that own them.
        aws.script("emulator/isolated_ecs.py", "create", "pr-1", isolatedOverlay.toString());
        Map<String, List<String>> beforeBootstrap = aws.inventory();
        assertRefusedInOneLineWithoutTheStateBucket();
        bootstrap = scenario.bootstrap(scenario.synthesize("pr-1", isolatedOverlay));
        afterBootstrap = aws.inventory();
        assertEquals(List.of("123456789012-s3-bluegreen-statelogs-shared", "bluegreen-platform-tfstate"),
                added(beforeBootstrap, afterBootstrap).get("s3:bucket"));
        // scripts/preview up deploys these and leaves them initialized; the steps after it plan them there.
        Path stacks = scenario.previews().resolve("pr-1/cdktf.out/stacks");
        platform = scenario.terraform(stacks.resolve(PlatformStack.NAME));
        web = scenario.terraform(stacks.resolve("web"));
        payment = scenario.terraform(stacks.resolve("payment-service"));
        serverless = scenario.terraform(stacks.resolve("payments-api"));
        container = scenario.terraform(stacks.resolve("catalog-api"));
        containerStack = stacks.resolve("catalog-api/cdk.tf.json");
        isolatedNetwork = scenario.terraform(stacks.resolve(IsolatedNetworkStack.NAME));
        orders = scenario.terraform(stacks.resolve("orders"));
        invoices = scenario.terraform(stacks.resolve("invoices"));
    }

    @Test
    @Order(1)
    void previewUpDeploysEveryStackOfPr1EachAfterItsDependencies() throws Exception {
        // Blueprint B adopts an ECS service that another team runs; on the emulator a script plays that team.
        aws.script("emulator/existing_ecs.py", "create", "pr-1");
        withInputs = aws.inventory();
        long started = System.nanoTime();
        Preview up = preview("up", "1");
        EmulatorScenario.reportDuration("preview up 1", started);
        assertEquals(0, up.exitCode(), up.output());
        for (String stack : List.of(PlatformStack.NAME, IsolatedNetworkStack.NAME, "web", "payment-service", "payments-api",
                "catalog-api", "orders", "invoices")) {
            assertTrue(up.output().contains("    " + stack + ": applied ("), stack + " applied:\n" + up.output());
        }
        assertTrue(up.output().contains("==> pr-1 is up ("), up.output());
        // Each stack starts once those it depends on are applied: the platform first, E's instances after the network.
        assertTrue(up.output().contains("==> deploying pr-1: platform catalog-api isolated-network payment-service payments-api web "
                + "invoices orders (each after the stacks it depends on)"), up.output());
        JsonNode printed = JSON.readTree(Files.readString(scenario.previews().resolve("pr-1/outputs.json")));
        assertEquals("svc-web-pr-1", printed.path("web").path("serviceName").asText());
        JsonNode out = outputs(platform, "pr-1");
        assertEquals("pr-1", out.path("workspace").asText());
        assertEquals("10.100.0.0/16", out.path("vpcCidrBlock").asText());
        assertEquals("arn:aws:sns:us-east-1:123456789012:sns-notifications-pr-1", out.path("notificationsTopicArn").asText());
        assertEquals(printed.path(PlatformStack.NAME), out);
        Map<String, Object> added = added(withInputs, aws.inventory());
        assertEquals(1, added.get("ec2:nat-gateway"), "a preview has one NAT gateway");
        assertTrue(((List<?>) added.get("sns:topic")).contains("arn:aws:sns:us-east-1:123456789012:sns-notifications-pr-1"),
                added.toString());
        assertPlanIsEmpty(platform, "pr-1");
    }

    @Test
    @Order(2)
    void everyBlueprintDeploysInThePreviewWorkspace() throws Exception {
        JsonNode a = outputs(web, "pr-1");
        assertEquals("pipeline-web-pr-1", a.path("pipelineName").asText());
        assertEquals("svc-web-pr-1", a.path("serviceName").asText());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-pr-1", a.path("repositoryUrl").asText());
        JsonNode b = outputs(payment, "pr-1");
        assertEquals("arn:aws:codepipeline:us-east-1:123456789012:payment-service-pipeline-pr-1", b.path("pipelineArn").asText());
        assertEquals("pipeline-artifacts-pr-1", b.path("artifactBucketName").asText());
        assertEquals("arn:aws:codebuild:us-east-1:123456789012:project/unit-test-project-pr-1", b.path("unitTestProjectArn").asText());
        assertEquals("arn:aws:codebuild:us-east-1:123456789012:project/docker-build-project-pr-1",
                b.path("dockerBuildProjectArn").asText());
        assertEquals("arn:aws:codedeploy:us-east-1:123456789012:application:payment-service-app-pr-1",
                b.path("codeDeployApplicationArn").asText());
        assertEquals("arn:aws:sns:us-east-1:123456789012:pipeline-notifications-pr-1", b.path("snsTopicArn").asText());
        JsonNode d = outputs(serverless, "pr-1");
        assertEquals("ddb-ledger-pr-1", d.path("ledgerTableName").asText(), "D9: the environment's ledger");
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-payments-api-pr-1/executions"
                + "?region=us-east-1", d.path("pipelineExecutionUrl").asText());
        assertEquals("fn-payments-api-pr-1", d.path("functionName").asText());
        JsonNode alias = JSON.readTree(aws.aws("lambda", "get-alias", "--function-name", "fn-payments-api-pr-1", "--name", "live"));
        assertEquals("1", alias.path("FunctionVersion").asText(), "the alias serves the version the apply published");
        JsonNode c = outputs(container, "pr-1");
        assertEquals("arn:aws:codepipeline:us-east-1:123456789012:pipeline-catalog-api-pr-1", c.path("pipelineArn").asText());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-catalog-api-pr-1/view"
                + "?region=us-east-1", c.path("pipelineConsoleUrl").asText());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-catalog-api-pr-1", c.path("repositoryUrl").asText());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:fn-catalog-api-pr-1", c.path("functionArn").asText());
        assertEquals("ddb-ledger-pr-1", c.path("ledgerTableName").asText(), "C10: the environment's ledger");

        // What pr-1 added, less the platform's and blueprint E's (step 6 checks those).
        Map<String, Object> added = new TreeMap<>();
        added(withInputs, aws.inventory()).forEach((kind, names) -> added.put(kind, names instanceof List<?> list
                ? list.stream().map(Object::toString).filter(n -> !n.contains("orders") && !n.contains("invoices")
                        && !n.contains("ledger") && !n.contains("flow-logs")).toList() : names));
        assertEquals(List.of("payment-service-pipeline-pr-1", "pipeline-catalog-api-pr-1", "pipeline-payments-api-pr-1",
                "pipeline-web-pr-1"), added.get("codepipeline:pipeline"));
        assertEquals(List.of("cb-catalog-api-build-pr-1", "cb-catalog-api-publish-pr-1", "cb-catalog-api-shift-pr-1",
                "cb-catalog-api-test-pr-1", "cb-payments-api-build-pr-1", "cb-payments-api-deploy-blue-pr-1", "cb-payments-api-switch-traffic-pr-1",
                "cb-web-image-build-pr-1", "cb-web-integration-tests-pr-1", "cb-web-scale-up-pr-1",
                "cb-web-unit-tests-pr-1", "docker-build-project-pr-1", "unit-test-project-pr-1"), added.get("codebuild:project"));
        assertEquals(List.of("rg-catalog-api-test-pr-1", "rg-payment-service-unit-tests-pr-1", "rg-payments-api-build-pr-1", "rg-web-integration-tests-pr-1",
                "rg-web-unit-tests-pr-1"), added.get("codebuild:report-group"));
        assertFalse(added.containsKey("wafv2:web-acl"), "previews go without a WAF");
        assertEquals(List.of("123456789012-s3-catalog-api-artifacts-pr-1", "123456789012-s3-catalog-api-build-cache-pr-1",
                "123456789012-s3-payments-api-artifacts-pr-1", "123456789012-s3-web-artifacts-pr-1",
                "pipeline-artifacts-pr-1"), added.get("s3:bucket"), "previews go without access logs; B keeps the seed's bucket name");
        assertEquals(List.of("cdapp-catalog-api-pr-1", "cdapp-payments-api-pr-1", "cdapp-web-pr-1", "payment-service-app-pr-1"),
                added.get("codedeploy:application"));
        assertEquals(List.of("fn-catalog-api-pr-1", "fn-payments-api-pr-1"), added.get("lambda:function"));
        assertEquals(List.of("ecr-catalog-api-pr-1", "ecr-payment-service-pr-1", "ecr-web-pr-1"), added.get("ecr:repository"));
        assertEquals(List.of("tg-web-blue-pr-1", "tg-web-green-pr-1"), added.get("elbv2:target-group"), "B creates none");
        assertEquals(1, ((List<?>) added.get("ecs:service")).size(), "only A's service; B adopts one");
        assertEquals(List.of("/aws/codebuild/catalog-api-build-pr-1", "/aws/codebuild/catalog-api-publish-pr-1",
                "/aws/codebuild/catalog-api-shift-pr-1", "/aws/codebuild/catalog-api-test-pr-1",
                "/aws/codebuild/docker-build-pr-1", "/aws/codebuild/payments-api-build-pr-1",
                "/aws/codebuild/payments-api-deploy-blue-pr-1", "/aws/codebuild/payments-api-switch-traffic-pr-1",
                "/aws/codebuild/unit-test-pr-1", "/aws/codebuild/web-image-build-pr-1", "/aws/codebuild/web-integration-tests-pr-1",
                "/aws/codebuild/web-scale-up-pr-1", "/aws/codebuild/web-unit-tests-pr-1",
                "/aws/ecs/containerinsights/ecs-web-pr-1/performance", "/aws/lambda/fn-catalog-api-pr-1",
                "/aws/lambda/fn-payments-api-pr-1", "/ecs/web-pr-1"),
                added.get("logs:log-group"));
        JsonNode service = JSON.readTree(aws.aws("ecs", "describe-services", "--cluster", "ecs-web-pr-1", "--services", "svc-web-pr-1"))
                .path("services").get(0);
        assertEquals(0, service.path("desiredCount").asInt(), "no image exists yet: nothing is started that cannot be pulled");
    }

    @Test
    @Order(3)
    void everyBlueprintPlansEmptyASecondTime() throws Exception {
        assertPlansAreEmpty("pr-1", List.of(web, payment, serverless, container));
    }

    @Test
    @Order(4)
    void planStaysEmptyAfterCodeDeploySwapsBlueAndGreen() throws Exception {
        JsonNode swapped = JSON.readTree(aws.script("emulator/codedeploy_swap.py", "swap", "ecs-web-pr-1", "svc-web-pr-1", "alb-web-pr-1",
                "80", "tg-web-blue-pr-1", "tg-web-green-pr-1"));
        revisionsCodeDeployRegistered = List.of(swapped.path("revision").asText());
        assertEquals(JSON.readTree("{\"80\":\"tg-web-green-pr-1\",\"8080\":\"tg-web-blue-pr-1\"}"), swapped.path("listeners"));
        assertTrue(swapped.path("revision").asText().endsWith(":task-definition/task-web-pr-1:2"), swapped.toString());
        // The pipeline's Scale-Up action after that first deployment.
        assertEquals(2, JSON.readTree(aws.script("emulator/codedeploy_swap.py", "scale", "ecs-web-pr-1", "svc-web-pr-1", "2"))
                .path("desiredCount").asInt());
        JsonNode adopted = JSON.readTree(aws.script("emulator/codedeploy_swap.py", "swap", "payment-cluster-pr-1", "payment-service-pr-1",
                "payment-alb-pr-1", "80", "payment-blue-tg-pr-1", "payment-green-tg-pr-1"));

        // The swap is real drift in the state (refresh-only sees it) that the plan leaves alone.
        Terraform.Result refresh = web.run("pr-1", "plan", "-refresh-only", "-detailed-exitcode", "-no-color");
        assertEquals(2, refresh.exitCode(), refresh.output());
        assertPlansAreEmpty("pr-1", List.of(web, payment));
        assertTrue(adopted.path("revision").asText().contains(":task-definition/payment-pr-1:2"), adopted.toString());
    }

    /**
     * What blueprint D's pipeline and CodeDeploy do on a real account, done through the APIs:
     * Deploy-Blue publishes new code as version 2, Switch-Traffic's deployment ends with the alias
     * on it. Terraform leaves both alone, and the deployment's state change on the bus ends as
     * exactly one item in the environment's ledger.
     */
    @Test
    @Order(5)
    void lambdaPlansStayEmptyAfterThePipelinePublishesAndCodeDeployShiftsTheAlias() throws Exception {
        String function = "fn-payments-api-pr-1";
        Path zip = work.resolve("payments-api.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("handler.js"));
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

        EmulatorScenario.inParallel(List.of(serverless, container).stream().<Callable<Void>>map(stack -> () -> {
            Terraform.Result refresh = stack.run("pr-1", "plan", "-refresh-only", "-detailed-exitcode", "-no-color");
            assertEquals(2, refresh.exitCode(), "the new version and the moved alias are real drift: " + refresh.output());
            assertPlanIsEmpty(stack, "pr-1");
            return null;
        }).toList());

        LedgerProbe probe = new LedgerProbe(aws, ROOT, work);
        JsonNode event = probe.sample("deployment-lambda-start");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("detail")).put("application", "cdapp-payments-api-pr-1")
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
        ((com.fasterxml.jackson.databind.node.ObjectNode) failed.path("detail")).put("pipeline", "pipeline-catalog-api-pr-1")
                .put("state", "FAILED");
        probe.put(List.of(failed));
        // AWS CLI v1 sends SQS calls to its legacy queue.amazonaws.com whatever AWS_ENDPOINT_URL says.
        String queueUrl = JSON.readTree(aws.aws("--endpoint-url", aws.endpoint(), "sqs", "get-queue-url", "--queue-name",
                "sqs-catalog-api-pipeline-failures-pr-1")).path("QueueUrl").asText();
        JsonNode messages = JSON.readTree(aws.aws("--endpoint-url", aws.endpoint(), "sqs", "receive-message", "--queue-url", queueUrl,
                "--wait-time-seconds", "10")).path("Messages");
        assertEquals(1, messages.size(), messages.toString());
        JsonNode delivered = JSON.readTree(messages.get(0).path("Body").asText());
        assertEquals("pipeline-catalog-api-pr-1 FAILED", delivered.path("detail").path("pipeline").asText() + " "
                + delivered.path("detail").path("state").asText());
    }

    /**
     * D's memory raised in the configuration: the provider publishes version 3 with it, and the
     * apply asks CodeDeploy to shift live from 2 (the pipeline's, step 5) to 3 with an AppSpec as
     * CodeDeploy reads it. Once the shift is done (the emulator only records deployments, so the
     * test moves the alias as CodeDeploy would) the plan is empty.
     */
    @Test
    @Order(6)
    void aConfigurationChangeReachesLiveThroughACodeDeployShift() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(isolatedOverlay));
        ((ObjectNode) config.path("environments").path("pr-1")).putObject("services").putObject("payments-api").put("memoryMiB", 1024);
        Path overlay = Files.writeString(work.resolve("resized-overlay.json"), JSON.writeValueAsString(config));
        Terraform resized = scenario.terraform(scenario.synthesize("pr-1", overlay, "pr-1-resized").resolve("payments-api"));
        resized.run(null, "init", "-no-color").orFail("init resized payments-api");
        String apply = resized.run("pr-1", "apply", "-auto-approve", "-no-color").orFail("apply resized payments-api").output();
        String function = "fn-payments-api-pr-1";
        assertEquals(1024, JSON.readTree(aws.aws("lambda", "get-function-configuration", "--function-name", function,
                "--qualifier", "3")).path("MemorySize").asInt(), "the provider published the new configuration as version 3");
        java.util.regex.Matcher started = java.util.regex.Pattern.compile(
                "CodeDeploy deployment (\\S+) shifts live of " + function + " from version 2 to 3\n").matcher(apply);
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

    /**
     * A GitHub source whose connection nobody has authorized yet (PENDING, as CreateConnection
     * leaves it) stops the plan of its stack, naming the connection, its status and the console page
     * that completes it; so does a connection that was deleted.
     */
    @Test
    @Order(7)
    void aConnectionNotYetAuthorizedStopsThePlanNotTheFirstPush() throws Exception {
        String pending = JSON.readTree(aws.aws("codestar-connections", "create-connection", "--provider-type", "GitHub",
                "--connection-name", "payments-api-pr-1")).path("ConnectionArn").asText();
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(isolatedOverlay));
        ObjectNode services = config.has("services") ? (ObjectNode) config.get("services") : config.putObject("services");
        services.putObject("payments-api").putObject("source").put("connectionArn", pending);
        Path overlay = Files.writeString(work.resolve("pending-overlay.json"), JSON.writeValueAsString(config));
        Terraform stack = scenario.terraform(scenario.synthesize("pr-1", overlay, "pr-1-pending").resolve("payments-api"));
        stack.run(null, "init", "-no-color").orFail("init payments-api with a pending connection");
        Terraform.Result plan = stack.run("pr-1", "plan", "-no-color");
        assertEquals(1, plan.exitCode(), plan.output());
        String said = plan.output().replaceAll("\\s+", " ");
        assertTrue(said.contains("The connection " + pending + " of the pipeline-payments-api-pr-1 pipeline is PENDING, not AVAILABLE: "
                + "every run would fail at Source."), said);
        assertTrue(said.contains("https://us-east-1.console.aws.amazon.com/codesuite/settings/connections?region=us-east-1"), said);
        aws.aws("codestar-connections", "delete-connection", "--connection-arn", pending);
        Terraform.Result deleted = stack.run("pr-1", "plan", "-no-color");
        assertEquals(1, deleted.exitCode(), deleted.output());
        assertTrue(deleted.output().replaceAll("\\s+", " ").contains(pending), deleted.output());
    }

    /**
     * C's builder runs the account's copy of BuildKit (config: buildkitImage), read at plan time:
     * with the copy gone the plan stops at its lookup, naming the repository and what to do,
     * before any build could fall back to Docker Hub; copied back, the lookup reads it again.
     */
    @Test
    @Order(8)
    void withoutTheAccountsCopyOfBuildKitCsPlanStopsSayingHowToCopyIt() throws Exception {
        String lookup = "data.aws_ecr_image." + JSON.readTree(containerStack.toFile()).path("data").path("aws_ecr_image")
                .fieldNames().next();
        String manifest = JSON.readTree(aws.aws("ecr", "batch-get-image", "--repository-name", "buildkit", "--image-ids",
                "imageTag=v0.16.0")).path("images").get(0).path("imageManifest").asText();
        aws.aws("ecr", "delete-repository", "--repository-name", "buildkit", "--force");
        Terraform.Result gone = container.run("pr-1", "plan", "-no-color", "-target=" + lookup);
        assertEquals(1, gone.exitCode(), gone.output());
        assertTrue(gone.output().replaceAll("\\s+", " ").contains("The ECR repository buildkit that buildkitImage names does not "
                + "exist in this account and region. Create it and push the image tagged v0.16.0 into it"), gone.output());
        aws.aws("ecr", "create-repository", "--repository-name", "buildkit", "--image-tag-mutability", "IMMUTABLE");
        aws.aws("ecr", "put-image", "--repository-name", "buildkit", "--image-tag", "v0.16.0", "--image-manifest", manifest);
        container.run("pr-1", "plan", "-no-color", "-target=" + lookup).orFail("the lookup with the copy back in place");
    }

    @Test
    @Order(9)
    void twoIsolatedInstancesDeploySideBySideInTheRegulatedVpc() throws Exception {
        JsonNode network = JSON.readTree(Files.readString(isolatedOverlay)).path("environments").path("pr-1").path("isolatedNetwork");
        String endpointGroup = outputs(isolatedNetwork, "pr-1").path("endpointSecurityGroupId").asText();
        for (String instance : List.of("orders", "invoices")) {
            JsonNode out = outputs(instance.equals("orders") ? orders : invoices, "pr-1");
            assertEquals("arn:aws:codepipeline:us-east-1:123456789012:pipeline-" + instance + "-pr-1", out.path("pipelineArn").asText());
            assertEquals("arn:aws:iam::123456789012:role/role-" + instance + "-pipeline-pr-1", out.path("pipelineRoleArn").asText());
            assertEquals("123456789012-s3-" + instance + "-artifacts-pr-1", out.path("artifactBucketName").asText());
            JsonNode project = JSON.readTree(aws.aws("codebuild", "batch-get-projects", "--names", "cb-" + instance + "-build-pr-1"))
                    .path("projects").get(0);
            assertEquals(network.path("vpcId"), project.path("vpcConfig").path("vpcId"));
            assertEquals(sorted(network.path("buildSubnetIds")), sorted(project.path("vpcConfig").path("subnets")));
            assertEquals(out.path("buildSecurityGroupId").asText(), project.path("vpcConfig").path("securityGroupIds").get(0).asText());
            JsonNode group = JSON.readTree(aws.aws("ec2", "describe-security-groups", "--group-ids", out.path("buildSecurityGroupId").asText()))
                    .path("SecurityGroups").get(0);
            assertEquals(0, group.path("IpPermissions").size(), "nothing may connect to a build");
            // EC2 lists rules of one protocol and port range as one permission with all their targets.
            assertEquals(1, group.path("IpPermissionsEgress").size(), "HTTPS only: " + group);
            JsonNode https = group.path("IpPermissionsEgress").get(0);
            assertEquals(List.of("tcp", "443", "443"), List.of(https.path("IpProtocol").asText(), https.path("FromPort").asText(),
                    https.path("ToPort").asText()));
            assertEquals(0, https.path("IpRanges").size() + https.path("Ipv6Ranges").size(), "no address range, let alone 0.0.0.0/0");
            assertEquals(List.of(endpointGroup), https.path("UserIdGroupPairs").findValuesAsText("GroupId"), "the endpoints' group");
            assertEquals(1, https.path("PrefixListIds").size(), "S3's prefix list: " + https);
            JsonNode repository = JSON.readTree(aws.aws("codecommit", "get-repository", "--repository-name", "repo-" + instance + "-pr-1"))
                    .path("repositoryMetadata");
            String key = JSON.readTree(aws.aws("kms", "describe-key", "--key-id", "alias/kms-" + instance + "-pipeline-pr-1"))
                    .path("KeyMetadata").path("Arn").asText();
            assertEquals(key, repository.path("kmsKeyId").asText(), "the repository is under the instance's own key");
        }
        // What pr-1 added, of blueprint E's instances.
        Map<String, Object> added = new TreeMap<>();
        added(withInputs, aws.inventory()).forEach((kind, names) -> added.put(kind, names instanceof List<?> list
                ? list.stream().map(Object::toString).filter(n -> n.contains("orders") || n.contains("invoices")).toList() : names));
        assertEquals(List.of("pipeline-invoices-pr-1", "pipeline-orders-pr-1"), added.get("codepipeline:pipeline"));
        assertEquals(List.of("repo-invoices-pr-1", "repo-orders-pr-1"), added.get("codecommit:repository"));
        assertEquals(List.of("cb-invoices-build-pr-1", "cb-orders-build-pr-1"), added.get("codebuild:project"));
        assertEquals(List.of("cdapp-invoices-production-pr-1", "cdapp-invoices-staging-pr-1", "cdapp-orders-production-pr-1",
                "cdapp-orders-staging-pr-1"), added.get("codedeploy:application"));
        JsonNode endpoints = JSON.readTree(aws.aws("ec2", "describe-vpc-endpoints", "--filters",
                "Name=vpc-id,Values=" + network.path("vpcId").asText())).path("VpcEndpoints");
        assertEquals(9, endpoints.size(), "S3, ECR api and dkr, Logs, STS, KMS, ECS, CodeCommit git, CodeBuild: once for both");
        List<String> groups = JSON.readTree(aws.aws("ec2", "describe-security-groups", "--filters",
                "Name=vpc-id,Values=" + network.path("vpcId").asText())).path("SecurityGroups").findValuesAsText("GroupName")
                .stream().filter(name -> name.startsWith("secgroup-")).sorted().toList();
        assertEquals(List.of("secgroup-invoices-build-pr-1", "secgroup-isolated-endpoints-pr-1", "secgroup-orders-build-pr-1"), groups,
                "the endpoints' and one per instance's builds (the VPC's own groups are the input's)");
        assertEquals(List.of("/aws/codebuild/invoices-build-pr-1", "/aws/codebuild/orders-build-pr-1"), added.get("logs:log-group"));
        for (String input : List.of("ecr:repository", "ecs:service", "elbv2:load-balancer")) {
            assertEquals(List.of(), added.getOrDefault(input, List.of()), input + ": the repositories, services and load balancers are inputs");
        }
        assertEquals(List.of(), JSON.readTree(aws.aws("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values="
                + network.path("vpcId").asText(), "Name=tag:ManagedBy,Values=cdktf")).path("Subnets").findValuesAsText("SubnetId"),
                "the network is an input, never created");
    }

    @Test
    @Order(10)
    void isolatedStacksPlanEmptyASecondTime() throws Exception {
        assertPlansAreEmpty("pr-1", List.of(isolatedNetwork, orders, invoices));
    }

    /**
     * An interface endpoint takes one subnet per zone: build subnets that share one stop the isolated
     * network's plan, naming each subnet's zone, before any endpoint is tried.
     */
    @Test
    @Order(11)
    void buildSubnetsSharingAZoneStopThePlanBeforeTheEndpointsAreTried() throws Exception {
        JsonNode network = JSON.readTree(Files.readString(isolatedOverlay)).path("environments").path("pr-1").path("isolatedNetwork");
        String first = network.path("buildSubnetIds").get(0).asText();
        String zone = JSON.readTree(aws.aws("ec2", "describe-subnets", "--subnet-ids", first)).path("Subnets").get(0)
                .path("AvailabilityZone").asText();
        String twin = JSON.readTree(aws.aws("ec2", "create-subnet", "--vpc-id", network.path("vpcId").asText(), "--cidr-block",
                "10.240.9.0/24", "--availability-zone", zone)).path("Subnet").path("SubnetId").asText();
        try {
            ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(isolatedOverlay));
            ((ObjectNode) config.path("environments").path("pr-1").path("isolatedNetwork")).putArray("buildSubnetIds").add(first).add(twin);
            Path overlay = Files.writeString(work.resolve("same-zone-overlay.json"), JSON.writeValueAsString(config));
            Terraform stack = scenario.terraform(scenario.synthesize("pr-1", overlay, "pr-1-same-zone").resolve(IsolatedNetworkStack.NAME));
            stack.run(null, "init", "-no-color").orFail("init isolated-network with two build subnets in one zone");
            Terraform.Result plan = stack.run("pr-1", "plan", "-no-color");
            assertEquals(1, plan.exitCode(), plan.output());
            assertTrue(plan.output().replaceAll("\\s+", " ").contains("Two build subnets share an Availability Zone (" + first + " in " + zone
                    + ", " + twin + " in " + zone + "), and an interface endpoint takes one subnet per zone"), plan.output());
        } finally {
            aws.aws("ec2", "delete-subnet", "--subnet-id", twin);
        }
    }

    /**
     * Adopted endpoints are checked for what the builds need, one by one: pr-1's own ECR endpoints,
     * adopted with their group while the rest stay created, plan without error (Terraform would
     * only remove the two it made); adopted naming another group (a build's), each interface
     * endpoint stops the plan naming the group it is in.
     */
    @Test
    @Order(12)
    void adoptedEndpointsMustBeInTheGroupTheBuildsReach() throws Exception {
        String endpointGroup = outputs(isolatedNetwork, "pr-1").path("endpointSecurityGroupId").asText();
        String buildGroup = outputs(orders, "pr-1").path("buildSecurityGroupId").asText();
        Map<String, Terraform.Result> plans = new TreeMap<>();
        for (String group : List.of(endpointGroup, buildGroup)) {
            ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(isolatedOverlay));
            ObjectNode network = ((ObjectNode) config.path("environments").path("pr-1").path("isolatedNetwork"))
                    .put("endpointSecurityGroupId", group);
            if (group.equals(endpointGroup)) {
                network.putArray("adoptedEndpoints").add("ECR_API").add("ECR_DKR");
            } else {
                network.put("endpoints", "ADOPT");
            }
            Path overlay = Files.writeString(work.resolve("adopting-" + group + ".json"), JSON.writeValueAsString(config));
            Terraform stack = scenario.terraform(scenario.synthesize("pr-1", overlay, "pr-1-adopting-" + group)
                    .resolve(IsolatedNetworkStack.NAME));
            stack.run(null, "init", "-no-color").orFail("init isolated-network adopting with " + group);
            plans.put(group, stack.run("pr-1", "plan", "-no-color"));
        }
        Terraform.Result some = plans.get(endpointGroup);
        assertEquals(0, some.exitCode(), some.output());
        assertTrue(some.output().contains("Plan: 0 to add, 0 to change, 2 to destroy."), some.output());
        assertTrue(some.output().matches("(?s).*aws_vpc_endpoint\\.network_endpoint-ecr-api_[0-9A-F]{8} will be destroyed.*"
                + "aws_vpc_endpoint\\.network_endpoint-ecr-dkr_[0-9A-F]{8} will be destroyed.*"), some.output());
        Terraform.Result refused = plans.get(buildGroup);
        assertEquals(1, refused.exitCode(), refused.output());
        String said = refused.output().replaceAll("\\s+", " ");
        assertTrue(said.matches(".*The VPC endpoint vpce-[0-9a-f]+ for ecr\\.api is not in " + buildGroup
                + " \\(isolatedNetwork\\.endpointSecurityGroupId\\), the group the builds reach on 443; it is in " + endpointGroup + "\\..*"),
                said);
    }

    @Test
    @Order(13)
    void aTransitGatewayRouteInTheMainTableABuildSubnetUsesStopsThePlanNamingTheSubnetAndTheRoute() throws Exception {
        JsonNode route = JSON.readTree(aws.script("emulator/isolated_ecs.py", "route", "pr-1", "tgw"));
        String subnet = JSON.readTree(Files.readString(isolatedOverlay)).path("environments").path("pr-1").path("isolatedNetwork")
                .path("buildSubnetIds").get(1).asText();
        try {
            EmulatorScenario.inParallel(List.of(orders, invoices, isolatedNetwork).stream().<Callable<Void>>map(stack -> () -> {
                Terraform.Result plan = stack.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
                assertEquals(1, plan.exitCode(), plan.output());
                String message = plan.output().replaceAll("\\s+", " ");
                assertTrue(message.contains("Build subnet " + subnet + " has a route to the internet in "
                        + route.path("routeTableId").asText() + ": 0.0.0.0/0 via " + route.path("transitGatewayId").asText()
                        + ". Builds of an isolated network must have no internet path (E3)"), plan.output());
                return null;
            }).toList());
        } finally {
            aws.script("emulator/isolated_ecs.py", "route", "pr-1", "none");
        }
        Terraform.Result plan = orders.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, plan.exitCode(), "without the route the plan is empty again: " + plan.output());
    }

    /**
     * The sweeper lists pr-1 only once it is older than asked and touches nothing in a dry run; its
     * real run tears pr-1 down and, with a resource planted under pr-1's tag, fails naming it; once
     * that is gone {@code preview down 1} finds no stack with state and proves pr-1 gone. Stacks the
     * checkout no longer synthesizes are found by their state: one in this account goes with the rest,
     * one that needs another account's provider stops the teardown before anything is destroyed.
     */
    @Test
    @Order(14)
    void theSweeperAndPreviewDownLeaveNothingOfPr1AndProveIt() throws Exception {
        Map<String, List<String>> up = aws.inventory();
        Preview young = preview("sweep", "--older-than", "1");
        assertEquals(0, young.exitCode(), young.output());
        assertTrue(young.output().contains("previews unchanged for more than 1 day(s)"), young.output());
        assertTrue(young.output().contains("): none"), "pr-1 changed minutes ago: " + young.output());
        Preview dryRun = preview("sweep", "--older-than", "0");
        assertEquals(0, dryRun.exitCode(), dryRun.output());
        assertTrue(dryRun.output().contains("): pr-1\n"), dryRun.output());
        assertTrue(dryRun.output().contains("dry run: nothing was destroyed"), dryRun.output());
        assertEquals(up, aws.inventory(), "a dry run changes nothing");

        JsonNode platformConfig = JSON.readTree(Files.readString(
                scenario.previews().resolve("pr-1/cdktf.out/stacks").resolve(PlatformStack.NAME).resolve("cdk.tf.json")));
        JsonNode backend = platformConfig.path("terraform").path("backend").path("s3");
        assertRetiredStackOfAnotherAccountStopsTheTeardown(backend);
        // A stack removed from the configuration after pr-1 came up: its resources live on in its state alone.
        ObjectNode reports = JSON.createObjectNode();
        ObjectNode terraform = reports.putObject("terraform");
        terraform.putObject("backend").set("s3", ((ObjectNode) backend.deepCopy()).put("key", "bluegreen/reports.tfstate"));
        terraform.set("required_providers", platformConfig.path("terraform").path("required_providers"));
        reports.set("provider", platformConfig.path("provider"));
        reports.putObject("resource").putObject("aws_ssm_parameter").putObject("marker")
                .put("name", "/bluegreen/pr-1/reports").put("type", "String").put("value", "removed from the configuration");
        Path reportsDir = Files.createDirectories(work.resolve("reports"));
        Files.writeString(reportsDir.resolve("main.tf.json"), JSON.writeValueAsString(reports));
        Terraform reportsStack = scenario.terraform(reportsDir);
        reportsStack.run(null, "init", "-no-color").orFail("init reports");
        reportsStack.run(null, "workspace", "select", "-or-create", "pr-1", "-no-color").orFail("workspace reports");
        reportsStack.run("pr-1", "apply", "-auto-approve", "-no-color").orFail("apply reports");
        assertEquals(Map.of("ssm:parameter", 1), added(up, aws.inventory()), "the removed stack's parameter");

        String planted = JSON.readTree(aws.aws("sns", "create-topic", "--name", "planted-pr-1", "--tags",
                "Key=Environment,Value=pr-1")).path("TopicArn").asText();
        Preview sweep = preview("sweep", "--older-than", "0", "--apply");
        assertEquals(1, sweep.exitCode(), sweep.output());
        assertTrue(sweep.output().contains("pr-1 is not gone; still there:\n    tagged Environment=pr-1: " + planted + "\n"), sweep.output());
        assertTrue(sweep.output().contains("could not sweep: pr-1"), sweep.output());
        assertTrue(sweep.output().contains("==> pr-1 has state of stacks this checkout no longer synthesizes: bluegreen/reports "
                + "(destroyed from their state, first)\n"), sweep.output());
        assertTrue(sweep.output().contains("==> destroying pr-1: bluegreen/reports "), sweep.output());
        assertTrue(sweep.output().contains("    bluegreen/reports: destroyed, workspace deleted ("), sweep.output());
        // Terraform deregisters the revision it registered; the one CodeDeploy registered (step 4) goes too.
        assertTrue(sweep.output().contains("deployments registered outside Terraform:\n    " + revisionsCodeDeployRegistered.get(0)),
                sweep.output());
        aws.aws("sns", "delete-topic", "--topic-arn", planted);

        Preview down = preview("down", "1");
        assertEquals(0, down.exitCode(), down.output());
        assertTrue(down.output().contains("==> destroying pr-1: no stack has state"), down.output());
        assertTrue(down.output().contains("==> pr-1 is gone ("), down.output());
        assertEquals("", preview("list").output().strip(), "no preview workspace is left in the state bucket");
        // B's adopted service belongs to another team: its revision from step 4 goes with it.
        aws.script("emulator/existing_ecs.py", "delete", "pr-1");
        assertEquals(afterBootstrap, aws.inventory(), "after pr-1 exactly the state bucket (and E's inputs) remain");
        String workspaces = platform.run(null, "workspace", "list", "-no-color").orFail("workspace list").output();
        assertFalse(workspaces.contains("pr-1"), workspaces);
    }

    @Test
    @Order(15)
    void withNoWorkspaceLeftTheStateBucketGoesAndNothingRemains() throws Exception {
        bootstrap.run(null, "destroy", "-auto-approve", "-no-color").orFail("destroy bootstrap");
        aws.script("emulator/isolated_ecs.py", "delete", "pr-1");
        assertEquals(beforeAnything, aws.inventory(), "nothing at all remains once blueprint E's inputs go too");
    }

    /**
     * The state of a removed stack that deployed into the production account through a provider alias:
     * the checkout's default provider cannot reach what it holds, so {@code preview down} destroys
     * nothing and says what the stack holds and the two ways to remove it.
     */
    private void assertRetiredStackOfAnotherAccountStopsTheTeardown(JsonNode backend) throws Exception {
        String key = "env/pr-1/bluegreen/reports-production.tfstate";
        String arn = "arn:aws:ssm:us-east-1:210987654321:parameter/bluegreen/pr-1/reports";
        Path state = work.resolve("reports-production.tfstate");
        Files.writeString(state, """
                {"version": 4, "terraform_version": "1.11.4", "serial": 2, "lineage": "planted-by-PreviewIT", "outputs": {},
                 "resources": [{"mode": "managed", "type": "aws_ssm_parameter", "name": "marker",
                   "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"].production",
                   "instances": [{"schema_version": 0, "attributes": {"id": "/bluegreen/pr-1/reports",
                     "name": "/bluegreen/pr-1/reports", "arn": "%s"}}]}]}""".formatted(arn));
        String bucket = backend.path("bucket").asText();
        aws.aws("--endpoint-url", aws.endpoint(), "s3api", "put-object", "--bucket", bucket, "--key", key, "--body", state.toString(),
                "--server-side-encryption", "aws:kms", "--ssekms-key-id", backend.path("kms_key_id").asText());
        Map<String, List<String>> before = aws.inventory();
        Preview refused = preview("down", "1");
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("✗ bluegreen/reports-production cannot be destroyed from this checkout: its resources "
                + "use provider[\"registry.terraform.io/hashicorp/aws\"].production, which only the configuration that created them "
                + "sets up; it holds resources in account 210987654321, and the checkout's credentials reach 123456789012.\n"
                + "    It holds: " + arn + ".\n"
                + "    Destroy it from a commit whose configuration still has it (`scripts/preview down 1` there), or, if what it "
                + "holds is gone, delete its state s3://" + bucket + "/" + key + "\n"), refused.output());
        assertTrue(refused.output().endsWith("preview: nothing of pr-1 was destroyed: 1 retired stack(s) need the configuration "
                + "that created them\n"), refused.output());
        assertEquals(before, aws.inventory(), "nothing was destroyed");
        aws.aws("--endpoint-url", aws.endpoint(), "s3api", "delete-object", "--bucket", bucket, "--key", key);
    }

    /** Before the bootstrap: list and down name the missing bucket in one line, no traceback. */
    private void assertRefusedInOneLineWithoutTheStateBucket() throws Exception {
        String missing = "preview: the state bucket bluegreen-platform-tfstate (backend.tf.json) does not exist in this "
                + "account: deploy the bootstrap first (README: Deploying to AWS), or set the bucket backend.tf.json names\n";
        assertEquals(new Preview(1, missing), preview("list"));
        // down reads the workspace's state objects before any stack: the same line, after the synth.
        Preview down = preview("down", "1");
        assertEquals(1, down.exitCode(), down.output());
        assertTrue(down.output().matches("==> synthesized pr-1 in [0-9.]+ s \\([^)]+\\)\n" + java.util.regex.Pattern.quote(missing)),
                down.output());
    }

    /** {@code scripts/preview ARGS} against this scenario's emulator, with pr-1's overlay. */
    private Preview preview(String... args) throws IOException, InterruptedException {
        return scenario.preview(isolatedOverlay, args);
    }
}

