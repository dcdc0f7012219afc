package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.added;
import static io.bluegreen.app.EmulatorScenario.assertPlanIsEmpty;
import static io.bluegreen.app.EmulatorScenario.outputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.EmulatorScenario.Preview;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * depends on. The steps that follow are grouped by what they prove, one file each: {@link PreviewDeliverySteps} (a
 * second plan is empty after what the pipelines and CodeDeploy do on a real account), {@link PreviewPlanChecks} (inputs
 * a real account would refuse stop the plan), {@link PreviewIsolatedSteps} (E in the regulated VPC) and
 * {@link PreviewTeardownSteps} (the sweeper and {@code scripts/preview down 1} leave nothing, then the state bucket goes).
 * One scenario, one emulator: every step works on the pr-1 that step 1 deployed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreviewIT implements PreviewDeliverySteps, PreviewPlanChecks, PreviewIsolatedSteps, PreviewTeardownSteps {
    @AutoClose
    private PreviewPr1 pr1;

    @Override
    public PreviewPr1 pr1() {
        return pr1;
    }

    @BeforeAll
    void startEmulatorWithTheStateBucketAndTheRegulatedVpc() throws Exception {
        pr1 = PreviewPr1.start();
        // Blueprint E adopts a regulated VPC, its ECR repositories and ECS services; on the emulator a script plays the
        // teams that own them.
        pr1.aws.script("emulator/isolated_ecs.py", "create", "pr-1", pr1.isolatedOverlay.toString());
        Map<String, List<String>> beforeBootstrap = pr1.aws.inventory();
        assertRefusedInOneLineWithoutTheStateBucket();
        pr1.bootstrap = pr1.scenario.bootstrap(pr1.scenario.synthesize("pr-1", pr1.isolatedOverlay));
        pr1.afterBootstrap = pr1.aws.inventory();
        assertEquals(List.of("123456789012-s3-bluegreen-statelogs-shared", "bluegreen-platform-tfstate"),
                added(beforeBootstrap, pr1.afterBootstrap).get("s3:bucket"));
    }

    @Test
    @Order(1)
    void previewUpDeploysEveryStackOfPr1EachAfterItsDependencies() throws Exception {
        // Blueprint B adopts an ECS service that another team runs; on the emulator a script plays that team.
        pr1.aws.script("emulator/existing_ecs.py", "create", "pr-1");
        pr1.withInputs = pr1.aws.inventory();
        long started = System.nanoTime();
        Preview up = pr1.preview("up", "1");
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
        JsonNode printed = JSON.readTree(Files.readString(pr1.scenario.previews().resolve("pr-1/outputs.json")));
        assertEquals("svc-web-pr-1", printed.path("web").path("serviceName").asText());
        JsonNode out = outputs(pr1.platform, "pr-1");
        assertEquals("pr-1", out.path("workspace").asText());
        assertEquals("10.100.0.0/16", out.path("vpcCidrBlock").asText());
        assertEquals("arn:aws:sns:us-east-1:123456789012:sns-notifications-pr-1", out.path("notificationsTopicArn").asText());
        assertEquals(printed.path(PlatformStack.NAME), out);
        Map<String, Object> added = added(pr1.withInputs, pr1.aws.inventory());
        assertEquals(1, added.get("ec2:nat-gateway"), "a preview has one NAT gateway");
        assertTrue(((List<?>) added.get("sns:topic")).contains("arn:aws:sns:us-east-1:123456789012:sns-notifications-pr-1"),
                added.toString());
        assertPlanIsEmpty(pr1.platform, "pr-1");
    }

    @Test
    @Order(2)
    void everyBlueprintDeploysInThePreviewWorkspace() throws Exception {
        JsonNode a = outputs(pr1.web, "pr-1");
        assertEquals("pipeline-web-pr-1", a.path("pipelineName").asText());
        assertEquals("svc-web-pr-1", a.path("serviceName").asText());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-pr-1", a.path("repositoryUrl").asText());
        JsonNode b = outputs(pr1.payment, "pr-1");
        assertEquals("arn:aws:codepipeline:us-east-1:123456789012:payment-service-pipeline-pr-1", b.path("pipelineArn").asText());
        assertEquals("pipeline-artifacts-pr-1", b.path("artifactBucketName").asText());
        assertEquals("arn:aws:codebuild:us-east-1:123456789012:project/unit-test-project-pr-1", b.path("unitTestProjectArn").asText());
        assertEquals("arn:aws:codebuild:us-east-1:123456789012:project/docker-build-project-pr-1",
                b.path("dockerBuildProjectArn").asText());
        assertEquals("arn:aws:codedeploy:us-east-1:123456789012:application:payment-service-app-pr-1",
                b.path("codeDeployApplicationArn").asText());
        assertEquals("arn:aws:sns:us-east-1:123456789012:pipeline-notifications-pr-1", b.path("snsTopicArn").asText());
        JsonNode d = outputs(pr1.serverless, "pr-1");
        assertEquals("ddb-ledger-pr-1", d.path("ledgerTableName").asText(), "D9: the environment's ledger");
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-payments-api-pr-1/executions"
                + "?region=us-east-1", d.path("pipelineExecutionUrl").asText());
        assertEquals("fn-payments-api-pr-1", d.path("functionName").asText());
        JsonNode alias = JSON.readTree(pr1.aws.aws("lambda", "get-alias", "--function-name", "fn-payments-api-pr-1", "--name", "live"));
        assertEquals("1", alias.path("FunctionVersion").asText(), "the alias serves the version the apply published");
        JsonNode c = outputs(pr1.container, "pr-1");
        assertEquals("arn:aws:codepipeline:us-east-1:123456789012:pipeline-catalog-api-pr-1", c.path("pipelineArn").asText());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-catalog-api-pr-1/view"
                + "?region=us-east-1", c.path("pipelineConsoleUrl").asText());
        assertEquals("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-catalog-api-pr-1", c.path("repositoryUrl").asText());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:fn-catalog-api-pr-1", c.path("functionArn").asText());
        assertEquals("ddb-ledger-pr-1", c.path("ledgerTableName").asText(), "C10: the environment's ledger");

        // What pr-1 added, less the platform's and blueprint E's (step 9 checks those).
        Map<String, Object> added = new TreeMap<>();
        added(pr1.withInputs, pr1.aws.inventory()).forEach((kind, names) -> added.put(kind, names instanceof List<?> list
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
        JsonNode service = JSON.readTree(pr1.aws.aws("ecs", "describe-services", "--cluster", "ecs-web-pr-1", "--services", "svc-web-pr-1"))
                .path("services").get(0);
        assertEquals(0, service.path("desiredCount").asInt(), "no image exists yet: nothing is started that cannot be pulled");
    }

    /** Before the bootstrap: list and down name the missing bucket in one line, no traceback, before any synth. */
    private void assertRefusedInOneLineWithoutTheStateBucket() throws Exception {
        Preview missing = new Preview(1, "preview: the state bucket bluegreen-platform-tfstate (backend.tf.json) does not exist in this "
                + "account: deploy the bootstrap first (docs/deploying.md), or set the bucket backend.tf.json names\n");
        assertEquals(missing, pr1.preview("list"));
        assertEquals(missing, pr1.preview("down", "1"));
    }
}
