package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.ExistingVpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The proof that what the app synthesizes really deploys: the JSON written by {@code app.synth()},
 * unchanged, is validated (in the default workspace, as hooks and CI run it), then bootstrapped,
 * deployed in workspaces dev and pr-1, re-planned, guarded (plan and destroy in another workspace
 * refused, the bootstrap's destroy refused while state exists), locked and destroyed against the
 * local AWS API; a third environment adopts dev's VPC. Blueprint A deploys in dev with the WAF,
 * access logs and a VPC-only test listener; in pr-1 both blueprints deploy (A: web, B:
 * payment-service onto an existing ECS service), plan empty, stay plan-clean after a simulated
 * CodeDeploy blue/green swap and the first scale-up, and destroy cleanly. dev's deployment ledger
 * turns sample pipeline and deployment events put on the bus into exactly one item each,
 * duplicates and other environments' events included. Steps run in order and
 * share one emulator and one {@code terraform init} per stack directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatorIT {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final Path WORK = ROOT.resolve("src/target/e2e");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ISOLATED_OVERLAY = WORK.resolve("isolated-overlay.json");
    /** Where {@code scripts/preview} keeps pr-1's synthesized stacks (PREVIEW_DIR). */
    private static final Path PREVIEWS = WORK.resolve("previews");

    private LocalAws aws;
    private Terraform bootstrap;
    private Terraform dev;
    private Terraform preview;
    private Map<String, List<String>> beforeBootstrap;
    private Map<String, List<String>> afterBootstrap;
    private Map<String, List<String>> withDev;
    private Map<String, List<String>> withInputs;
    private Terraform web;
    private Terraform payment;
    private Terraform serverless;
    private Terraform container;
    private Terraform isolatedNetwork;
    private Terraform orders;
    private Terraform invoices;
    private Map<String, List<String>> beforeAnything;
    private List<String> revisionsCodeDeployRegistered = List.of();

    @BeforeAll
    void startEmulatorAndSynthesize() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        aws = LocalAws.start(ROOT, WORK.resolve("emulator.log"));
        beforeAnything = aws.inventory();
        // Blueprint E adopts a regulated VPC, its ECR repositories and ECS services; on the emulator a
        // script plays the teams that own them, and its overlay points pr-1's isolatedNetwork at them.
        aws.script("isolated_ecs.py", "create", "pr-1", ISOLATED_OVERLAY.toString());
        Path devStacks = synthesize("dev");
        bootstrap = new Terraform(devStacks.resolve(BootstrapStack.NAME), ROOT, aws.environment());
        dev = new Terraform(devStacks.resolve(PlatformStack.NAME), ROOT, aws.environment());
        Path previewStacks = synthesize("pr-1");
        preview = new Terraform(previewStacks.resolve(PlatformStack.NAME), ROOT, aws.environment());
        // scripts/preview up deploys these and leaves them initialized; the steps after it plan them there.
        Path previewed = PREVIEWS.resolve("pr-1/cdktf.out/stacks");
        web = new Terraform(previewed.resolve("web"), ROOT, aws.environment());
        payment = new Terraform(previewed.resolve("payment-service"), ROOT, aws.environment());
        serverless = new Terraform(previewed.resolve("payments-api"), ROOT, aws.environment());
        container = new Terraform(previewed.resolve("catalog-api"), ROOT, aws.environment());
        isolatedNetwork = new Terraform(previewed.resolve(IsolatedNetworkStack.NAME), ROOT, aws.environment());
        orders = new Terraform(previewed.resolve("orders"), ROOT, aws.environment());
        invoices = new Terraform(previewed.resolve("invoices"), ROOT, aws.environment());
        beforeBootstrap = aws.inventory();
    }

    @AfterAll
    void stopEmulator() {
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    @Order(1)
    void productionStacksValidateWithoutABackendInTheDefaultWorkspace() throws Exception {
        Path stacks = synthesize("prod");
        // Independent directories: validated in parallel (each terraform mostly waits on its provider's start).
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> validated = new ArrayList<>();
            for (String name : List.of(BootstrapStack.NAME, PlatformStack.NAME, "web", "payment-service", "payments-api", "catalog-api",
                    IsolatedNetworkStack.NAME, "orders", "invoices", "production-210987654321")) {
                validated.add(pool.submit(() -> {
                    Terraform prod = new Terraform(stacks.resolve(name), ROOT, aws.environment());
                    prod.run(null, "init", "-backend=false", "-no-color").orFail("init prod " + name);
                    // Where hooks, linters and CI run it: the workspace guard must not fail validation there.
                    return name + ": " + prod.run(null, "validate", "-no-color").orFail("validate prod " + name).output();
                }));
            }
            for (var result : validated) {
                String out = result.get(10, TimeUnit.MINUTES);
                assertTrue(out.contains("The configuration is valid"), out);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void bootstrapValidatesAndCreatesTheStateBucket() throws Exception {
        bootstrap.run(null, "init", "-no-color").orFail("init bootstrap");
        bootstrap.run(null, "validate", "-no-color").orFail("validate bootstrap");
        bootstrap.run(null, "apply", "-auto-approve", "-no-color").orFail("apply bootstrap");
        assertEquals("bluegreen-platform-tfstate", outputs(bootstrap, null).path("stateBucketName").asText());
        afterBootstrap = aws.inventory();
        assertEquals(Map.of("kms:alias", List.of("alias/kms-bluegreen-tfstate-shared"), "kms:key", 1,
                "s3:bucket", List.of("123456789012-s3-bluegreen-statelogs-shared", "bluegreen-platform-tfstate")),
                added(beforeBootstrap, afterBootstrap));
        JsonNode logging = JSON.readTree(aws.aws("s3api", "get-bucket-logging", "--bucket", "bluegreen-platform-tfstate"));
        assertEquals("123456789012-s3-bluegreen-statelogs-shared", logging.path("LoggingEnabled").path("TargetBucket").asText());
        Terraform.Result plan = bootstrap.run(null, "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, plan.exitCode(), plan.output());
    }

    @Test
    @Order(3)
    void platformStacksInitAgainstTheStateBucketAndValidate() throws Exception {
        for (Terraform stack : List.of(dev, preview)) {
            stack.run(null, "init", "-no-color").orFail("init with the S3 backend");
        }
        dev.run(null, "validate", "-no-color").orFail("validate dev in the default workspace");
        preview.run(null, "validate", "-no-color").orFail("validate pr-1 in the default workspace");
    }

    @Test
    @Order(4)
    void devDeploysInItsOwnWorkspace() throws Exception {
        dev.run("dev", "workspace", "new", "dev", "-no-color").orFail("workspace new dev");
        dev.run("dev", "apply", "-auto-approve", "-no-color").orFail("apply dev");
        JsonNode out = outputs(dev, "dev");
        assertEquals("dev", out.path("workspace").asText());
        assertEquals("10.0.0.0/16", out.path("vpcCidrBlock").asText());
        assertTrue(out.path("vpcId").asText().startsWith("vpc-"), out.toString());
        assertEquals(2, out.path("publicSubnetIds").size());
        assertEquals(2, out.path("privateSubnetIds").size());
        assertEquals("arn:aws:sns:us-east-1:123456789012:sns-notifications-dev", out.path("notificationsTopicArn").asText());
        assertEquals("/aws/vpc/flow-logs-dev", out.path("flowLogGroupName").asText());
        assertEquals("ddb-ledger-dev", out.path("ledgerTableName").asText());
        withDev = aws.inventory();
        Map<String, Object> added = added(afterBootstrap, withDev);
        assertEquals(List.of("/aws/vendedlogs/states/ledger-dev", "/aws/vpc/flow-logs-dev"), added.get("logs:log-group"));
        assertEquals(List.of("rule-deployments-dev", "rule-ledger-deployments-dev", "rule-ledger-pipelines-dev",
                "rule-pipeline-approvals-dev", "rule-pipeline-executions-dev"), added.get("events:rule"));
        assertEquals(List.of("role-ledger-delivery-dev", "role-ledger-workflow-dev", "role-vpc-flow-logs-dev"), added.get("iam:role"));
        assertEquals(List.of("ddb-ledger-dev"), added.get("dynamodb:table"));
        assertEquals(List.of("sfn-ledger-dev"), added.get("states:state-machine"));
        assertEquals(List.of("sqs-ledger-dead-letters-dev"), added.get("sqs:queue"));
        assertEquals(List.of("alarm-ledger-dead-letters-dev", "alarm-ledger-failed-writes-dev"), added.get("cloudwatch:alarm"));
        assertEquals(2, added.get("ec2:nat-gateway"));
        assertEquals(4, added.get("ec2:subnet"));
        assertEquals(3, added.get("kms:key"));
        assertEquals(1, added.get("sns:subscription"));
        // The backend names the state key: SSE-KMS with it, not the SSE-S3 an encrypt-only backend asks for.
        JsonNode state = JSON.readTree(aws.aws("s3api", "head-object", "--bucket", "bluegreen-platform-tfstate",
                "--key", "env/dev/bluegreen/platform.tfstate"));
        assertEquals("aws:kms", state.path("ServerSideEncryption").asText(), state.toString());
        assertEquals("alias/kms-bluegreen-tfstate-shared", state.path("SSEKMSKeyId").asText(), state.toString());
    }

    @Test
    @Order(5)
    void previewUpDeploysEveryStackOfPr1BesideDevWithOneNatGateway() throws Exception {
        // Blueprint B adopts an ECS service that another team runs; on the emulator a script plays that team.
        aws.script("existing_ecs.py", "create", "pr-1");
        withInputs = aws.inventory();
        Preview up = preview("up", "1");
        assertEquals(0, up.exitCode(), up.output());
        for (String stack : List.of(PlatformStack.NAME, IsolatedNetworkStack.NAME, "web", "payment-service", "payments-api",
                "catalog-api", "orders", "invoices")) {
            assertTrue(up.output().contains("    " + stack + ": applied ("), stack + " applied:\n" + up.output());
        }
        assertTrue(up.output().contains("==> pr-1 is up ("), up.output());
        // Each stack starts once those it depends on are applied: the platform first, E's instances after the network.
        assertTrue(up.output().contains("==> deploying pr-1: platform catalog-api isolated-network payment-service payments-api web "
                + "invoices orders (each after the stacks it depends on)"), up.output());
        JsonNode printed = JSON.readTree(Files.readString(PREVIEWS.resolve("pr-1/outputs.json")));
        assertEquals("svc-web-pr-1", printed.path("web").path("serviceName").asText());
        JsonNode out = outputs(preview, "pr-1");
        assertEquals("pr-1", out.path("workspace").asText());
        assertEquals("10.100.0.0/16", out.path("vpcCidrBlock").asText());
        assertEquals("arn:aws:sns:us-east-1:123456789012:sns-notifications-pr-1", out.path("notificationsTopicArn").asText());
        assertEquals(printed.path(PlatformStack.NAME), out);
        Map<String, Object> added = added(withDev, aws.inventory());
        assertEquals(1, added.get("ec2:nat-gateway"));
        assertTrue(((List<?>) added.get("sns:topic")).contains("arn:aws:sns:us-east-1:123456789012:sns-notifications-pr-1"),
                added.toString());
    }

    @Test
    @Order(6)
    void secondPlanIsEmptyInBothWorkspaces() throws Exception {
        Terraform.Result devPlan = dev.run("dev", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, devPlan.exitCode(), devPlan.output());
        Terraform.Result previewPlan = preview.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, previewPlan.exitCode(), previewPlan.output());
    }

    @Test
    @Order(7)
    void planInTheWrongWorkspaceIsRefusedAndChangesNothing() throws Exception {
        Terraform.Result wrong = preview.run("dev", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(1, wrong.exitCode(), wrong.output());
        assertTrue(wrong.output().contains("This stack was synthesized for ENVIRONMENT_SUFFIX=pr-1 but another workspace"),
                wrong.output());
        Terraform.Result unknown = dev.run("default", "plan", "-no-color");
        assertEquals(1, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("terraform workspace select -or-create dev"), unknown.output());
        // pr-1's JSON with dev's state: Terraform checks no condition while destroying, only while validating.
        Map<String, List<String>> before = aws.inventory();
        Terraform.Result destroy = preview.run("dev", "destroy", "-auto-approve", "-no-color");
        assertEquals(1, destroy.exitCode(), destroy.output());
        assertTrue(destroy.output().contains("This stack was synthesized for ENVIRONMENT_SUFFIX=pr-1 but another workspace"),
                destroy.output());
        assertEquals(before, aws.inventory(), "nothing of dev was destroyed");
        assertEquals(0, dev.run("dev", "plan", "-detailed-exitcode", "-no-color").exitCode(), "dev untouched");
    }

    @Test
    @Order(8)
    void aSecondApplyIsBlockedWhileTheStateIsLocked() throws Exception {
        // A destroy waiting at its confirmation prompt holds the S3 lock file, as a colleague's would.
        Process holder = preview.start("pr-1", "apply", "-destroy", "-input=true", "-no-color");
        StringBuffer held = new StringBuffer();
        Thread reader = pump(holder.getInputStream(), held);
        try {
            awaitText(held, "Enter a value:", Duration.ofMinutes(3));
            Terraform.Result blocked = preview.run("pr-1", "apply", "-auto-approve", "-lock-timeout=0s", "-no-color");
            assertEquals(1, blocked.exitCode(), blocked.output());
            assertTrue(blocked.output().contains("Error acquiring the state lock"), blocked.output());
        } finally {
            try (OutputStream answer = holder.getOutputStream()) {
                answer.write("no\n".getBytes(StandardCharsets.UTF_8));
            }
            holder.waitFor(2, TimeUnit.MINUTES);
            reader.join(10_000);
        }
        assertTrue(held.toString().contains("Destroy cancelled"), held.toString());
        assertEquals(0, preview.run("pr-1", "plan", "-detailed-exitcode", "-no-color").exitCode(), "lock released, nothing changed");
    }

    @Test
    @Order(9)
    void destroyingTheBootstrapIsRefusedWhileEnvironmentsKeepTheirState() throws Exception {
        Map<String, List<String>> before = aws.inventory();
        Terraform.Result destroy = bootstrap.run(null, "destroy", "-auto-approve", "-no-color");
        assertEquals(1, destroy.exitCode(), destroy.output());
        assertTrue(destroy.output().contains("still holds the state of workspaces: dev pr-1"), destroy.output());
        assertEquals(before, aws.inventory(), "the refused destroy deleted nothing");
        // Terraform drops a stack's outputs first when destroying; applying puts them back and changes nothing else.
        String restored = bootstrap.run(null, "apply", "-auto-approve", "-no-color").orFail("restore outputs").output();
        assertTrue(restored.contains("Resources: 0 added, 0 changed, 0 destroyed."), restored);
        assertEquals(0, bootstrap.run(null, "plan", "-detailed-exitcode", "-no-color").exitCode());
    }

    @Test
    @Order(11)
    void everyPipelineAndDeploymentEventOfDevEndsAsExactlyOneLedgerItem() throws Exception {
        LedgerProbe probe = new LedgerProbe(aws, ROOT, WORK);
        Map<String, List<String>> before = aws.inventory();
        assertEquals(Map.of(), probe.items("ddb-ledger-dev"));
        List<String> samples = List.of("pipeline-execution-started", "stage-succeeded", "action-started",
                "deployment-ecs-success", "deployment-lambda-start");
        List<JsonNode> events = new ArrayList<>();
        for (String sample : samples) {
            events.add(probe.sample(sample));
        }
        // CodeDeploy's events carry no configuration; the workflow reads it from the deployment.
        Map<String, String> configs = Map.of("deployment-ecs-success", "CodeDeployDefault.ECSCanary10Percent5Minutes",
                "deployment-lambda-start", "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes");
        try {
            for (int i = 3; i < 5; i++) {
                String id = probe.deployment(events.get(i), i == 3 ? "ECS" : "Lambda", configs.get(samples.get(i)));
                ((com.fasterxml.jackson.databind.node.ObjectNode) events.get(i).path("detail")).put("deploymentId", id);
            }
            assertLedgerRecords(probe, samples, events, configs);
        } finally {
            probe.deleteApplication("cdapp-web-dev");
            probe.deleteApplication("cdapp-orders-api-dev");
        }
        assertEquals(before, aws.inventory(), "writing the ledger created nothing but items");
        assertEquals(0, dev.run("dev", "plan", "-detailed-exitcode", "-no-color").exitCode(), "items are data, not drift");
    }

    private void assertLedgerRecords(LedgerProbe probe, List<String> samples, List<JsonNode> events, Map<String, String> configs)
            throws Exception {
        List<String> eventIds = probe.put(events);
        probe.awaitExecutions("sfn-ledger-dev", 5);
        Map<String, Map<String, String>> items = probe.items("ddb-ledger-dev");
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            JsonNode detail = event.path("detail");
            Map<String, String> item = new TreeMap<>(Map.of("environment", "dev", "state", detail.path("state").asText(),
                    "eventTime", event.path("time").asText(), "eventId", eventIds.get(i)));
            String time = event.path("time").asText();
            switch (samples.get(i)) {
                case "pipeline-execution-started" -> item.putAll(Map.of("kind", "pipeline-execution",
                        "timestamp", time + "#execution#STARTED"));
                case "stage-succeeded" -> item.putAll(Map.of("kind", "stage", "stage", "Build", "timestamp", time + "#stage#Build#SUCCEEDED"));
                case "action-started" -> item.putAll(Map.of("kind", "action", "stage", "Build", "action", "DockerBuild",
                        "actionCategory", "Build", "timestamp", time + "#action#Build#DockerBuild#STARTED"));
                default -> item.putAll(Map.of("kind", "deployment", "application", detail.path("application").asText(),
                        "deploymentGroup", detail.path("deploymentGroup").asText(), "deploymentConfig", configs.get(samples.get(i)),
                        "timestamp", time + "#deployment#" + detail.path("state").asText()));
            }
            if (detail.has("pipeline")) {
                item.put("pipeline", detail.path("pipeline").asText());
            }
            item.put("deploymentId", detail.has("execution-id") ? detail.path("execution-id").asText() : detail.path("deploymentId").asText());
            expected.put(item.get("deploymentId") + " " + item.get("timestamp"), item);
        }
        assertEquals(expected, items);

        // EventBridge delivers at least once: the same state changes again write nothing.
        probe.put(events);
        probe.awaitExecutions("sfn-ledger-dev", 10);
        assertEquals(expected, probe.items("ddb-ledger-dev"), "a redelivered event leaves its item as it was");

        // pr-1's pipeline is pr-1's ledger's business, not dev's.
        JsonNode other = JSON.readTree(events.get(0).toString().replace("pipeline-web-dev", "pipeline-web-pr-1"));
        probe.put(List.of(other));
        probe.awaitExecutions("sfn-ledger-pr-1", 1);
        assertEquals(1, probe.items("ddb-ledger-pr-1").size());
        assertEquals(expected, probe.items("ddb-ledger-dev"), "another environment's event adds nothing to dev's ledger");
        String table = aws.script("ledger.py", "dev", "3");
        assertTrue(table.lines().count() == 4 && table.contains("cdapp-orders-api-dev") && table.contains("LambdaLinear10PercentEvery10Minutes"),
                table);

    }

    /**
     * atlantis.yaml's workflow run as Atlantis runs it (AtlantisRun: one clone per workspace, the
     * projects of a workspace planned concurrently with Atlantis's variables). dev's platform is
     * applied (step 4), staging is new: in one round of 16 concurrent plans each clone builds and
     * synthesizes once; what can plan does, what reads a stack not yet applied says so in one line.
     * Applying the saved plans in execution_order_group order then lets the waiting projects plan.
     */
    @Test
    @Order(12)
    void atlantisPlansAndAppliesEveryProjectOfDevAndStagingInDependencyOrder() throws Exception {
        Map<String, List<String>> before = aws.inventory();
        // Other teams' resources the services of dev and staging adopt (B's ECS service, E's regulated VPC).
        JsonNode overlay = JSON.readTree(ISOLATED_OVERLAY.toFile());
        for (String environment : ATLANTIS_ENVIRONMENTS) {
            Path environmentOverlay = WORK.resolve("isolated-overlay-" + environment + ".json");
            aws.script("isolated_ecs.py", "create", environment, environmentOverlay.toString());
            aws.script("existing_ecs.py", "create", environment);
            overlay = PlatformConfig.merged(overlay, JSON.readTree(environmentOverlay.toFile()));
        }
        // One overlay for the server: the emulator's regulated VPCs of pr-1, dev and staging.
        Path serverOverlay = WORK.resolve("atlantis-overlay.json");
        Files.writeString(serverOverlay, overlay.toString());
        Map<String, String> server = new HashMap<>(aws.environment());
        server.put("TF_CLI_CONFIG_FILE", ROOT.resolve("scripts/terraform.rc").toString());
        server.put("TF_IN_AUTOMATION", "1");
        server.put(PlatformApp.CONFIG_OVERLAY, serverOverlay.toString());
        AtlantisRun atlantis = new AtlantisRun(ROOT, WORK.resolve("atlantis"), server);
        try {
            planAndApplyAsAtlantisDoes(atlantis, server);
        } catch (Throwable failure) {
            try {
                undoAtlantisRun(atlantis);
            } catch (Throwable undo) {
                failure.addSuppressed(undo);
            }
            throw failure;
        }
        long undoing = System.nanoTime();
        undoAtlantisRun(atlantis);
        System.out.printf("atlantis undo (destroy 15 stacks, delete workspaces): %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - undoing));
        assertEquals(before, aws.inventory(), "the run left dev and staging as they were: nothing of their services or staging's platform");
    }

    private static final List<String> ATLANTIS_ENVIRONMENTS = List.of("dev", "staging");

    /**
     * Rounds as reviewers drive Atlantis on one pull request (one commit): plan everything, apply what planned (group by
     * group), plan again what said its dependency was not applied, until every project of dev and staging is applied;
     * then CodeBuild's infra-plan of dev, where every plan must be empty.
     */
    private void planAndApplyAsAtlantisDoes(AtlantisRun atlantis, Map<String, String> server) throws Exception {
        Map<String, Integer> devProjects = atlantis.projects("dev");
        Map<String, Integer> stagingProjects = atlantis.projects("staging");
        List<String> everything = new ArrayList<>(devProjects.keySet());
        everything.addAll(stagingProjects.keySet());
        assertEquals(16, everything.size(), everything.toString());

        Map<String, AtlantisRun.Step> first = atlantis.plan(everything);
        for (String workspace : ATLANTIS_ENVIRONMENTS) {
            long builds = first.values().stream().filter(p -> p.project().endsWith("-" + workspace))
                    .filter(p -> p.output().contains("building and synthesizing " + workspace + " in this clone")).count();
            assertEquals(1, builds, workspace + ": one build and synth per clone and commit, however many projects plan at once");
        }
        Map<String, String> expected = new TreeMap<>();
        expected.put("platform-dev", "no changes");
        List<String> planned = List.of("isolated-network-dev", "web-dev", "payment-service-dev", "payments-api-dev", "catalog-api-dev",
                "platform-staging");
        planned.forEach(name -> expected.put(name, "planned"));
        for (String waiting : List.of("orders-dev", "invoices-dev")) {
            expected.put(waiting, AtlantisRun.waitingFor(waiting, "isolated-network-dev"));
        }
        stagingProjects.keySet().stream().filter(name -> !name.equals("platform-staging"))
                .forEach(waiting -> expected.put(waiting, AtlantisRun.waitingFor(waiting, "platform-staging")));
        assertEquals(expected, atlantis.outcomes(first));
        List<String> applied = new ArrayList<>(List.of("platform-dev"));
        applied.addAll(planned);
        atlantis.applyGroupByGroup(applied);

        // Second round, same commit: no build; E's staging instances still wait for staging's isolated network.
        List<String> waited = everything.stream().filter(name -> !applied.contains(name)).toList();
        Map<String, AtlantisRun.Step> second = atlantis.plan(waited);
        assertFalse(second.values().stream().anyMatch(p -> p.output().contains("building and synthesizing")), "built once per commit");
        Map<String, String> expectedSecond = new TreeMap<>();
        waited.forEach(name -> expectedSecond.put(name, "planned"));
        for (String waiting : List.of("orders-staging", "invoices-staging")) {
            expectedSecond.put(waiting, AtlantisRun.waitingFor(waiting, "isolated-network-staging"));
        }
        assertEquals(expectedSecond, atlantis.outcomes(second));
        List<String> appliedSecond = waited.stream().filter(name -> expectedSecond.get(name).equals("planned")).toList();
        atlantis.applyGroupByGroup(appliedSecond);

        Map<String, AtlantisRun.Step> third = atlantis.plan(List.of("orders-staging", "invoices-staging"));
        assertEquals(Map.of("orders-staging", "planned", "invoices-staging", "planned"), atlantis.outcomes(third));
        atlantis.applyGroupByGroup(List.of("orders-staging", "invoices-staging"));

        // Every project of dev applied: CodeBuild's infra-plan on a fresh checkout plans each stack again, with no changes
        // (the standard profile: WAF, access logs, 2 NATs).
        Path checkout = WORK.resolve("codebuild-dev");
        long started = System.nanoTime();
        String log = InfraPlanBuild.run(ROOT, checkout, "dev", server);
        System.out.printf("infra-plan of dev (build, synth, 8 plans): %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        for (String project : devProjects.keySet()) {
            String stack = project.substring(0, project.length() - "-dev".length());
            String plan = Files.readString(checkout.resolve("plans/" + stack + ".txt"));
            assertTrue(plan.contains("No changes."), stack + ":\n" + plan);
            assertTrue(Files.exists(checkout.resolve("plans/" + stack + ".tfplan")), stack + ": no saved plan\n" + log);
        }
        assertWebIsBehindAWafWithAccessLogsAndATestListenerForTheVpcOnly(
                new Terraform(atlantis.clone("dev").resolve("cdktf.out/stacks/web"), ROOT, aws.environment()));
    }

    /** Blueprint A in the standard profile (dev): what previews go without. */
    private void assertWebIsBehindAWafWithAccessLogsAndATestListenerForTheVpcOnly(Terraform web) throws Exception {
        assertEquals("123456789012-s3-web-artifacts-dev", outputs(web, "dev").path("artifactBucketName").asText());
        Map<String, List<String>> inventory = aws.inventory();
        assertTrue(inventory.get("wafv2:web-acl").containsAll(List.of("waf-web-dev", "waf-web-staging")), inventory.toString());
        assertTrue(inventory.get("s3:bucket").containsAll(List.of("123456789012-s3-web-alb-logs-dev", "123456789012-s3-web-artifacts-dev")),
                inventory.get("s3:bucket").toString());
        assertTrue(inventory.get("codebuild:report-group").containsAll(List.of("rg-web-integration-tests-dev", "rg-web-unit-tests-dev")),
                inventory.get("codebuild:report-group").toString());
        assertTrue(inventory.get("logs:log-group").contains("/aws/ecs/containerinsights/ecs-web-dev/performance"),
                inventory.get("logs:log-group").toString());
        JsonNode balancer = JSON.readTree(aws.aws("elbv2", "describe-load-balancers", "--names", "alb-web-dev"))
                .path("LoadBalancers").get(0);
        JsonNode attributes = JSON.readTree(aws.aws("elbv2", "describe-load-balancer-attributes", "--load-balancer-arn",
                balancer.path("LoadBalancerArn").asText())).path("Attributes");
        Map<String, String> values = new TreeMap<>();
        attributes.forEach(a -> values.put(a.path("Key").asText(), a.path("Value").asText()));
        assertEquals("true", values.get("access_logs.s3.enabled"));
        assertEquals("123456789012-s3-web-alb-logs-dev", values.get("access_logs.s3.bucket"));
        // The test listener admits the VPC and its NAT addresses (how an internet-facing ALB sees the VPC), not the internet.
        JsonNode natAddresses = JSON.readTree(aws.aws("ec2", "describe-addresses", "--filters",
                "Name=tag:Name,Values=eip-nat-1-dev,eip-nat-2-dev")).path("Addresses");
        List<String> expected = new ArrayList<>(List.of("10.0.0.0/16"));
        natAddresses.forEach(a -> expected.add(a.path("PublicIp").asText() + "/32"));
        assertEquals(3, expected.size(), natAddresses.toString());
        assertEquals(expected.stream().sorted().toList(), ingressCidrs("secgroup-web-alb-dev", 8080));
        assertEquals(List.of("0.0.0.0/0"), ingressCidrs("secgroup-web-alb-dev", 80));
    }

    /**
     * Leaves dev and staging as they were: destroys what the run applied (but dev's platform, step 4's), the last
     * execution_order_group first, drops the workspaces its plans created, and removes the other teams' resources. Every
     * step is tried, also after an earlier one failed, so a failed run does not leave dev's inputs behind for the steps
     * after it; the failures are reported together.
     */
    private void undoAtlantisRun(AtlantisRun atlantis) throws Exception {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        TreeMap<Integer, List<Action>> groups = new TreeMap<>(Comparator.reverseOrder());
        for (String workspace : ATLANTIS_ENVIRONMENTS) {
            Path clone = atlantis.clone(workspace);
            if (clone == null) {
                continue;
            }
            atlantis.projects(workspace).forEach((name, group) -> {
                String stack = name.substring(0, name.length() - workspace.length() - 1);
                Path dir = clone.resolve("cdktf.out/stacks").resolve(stack);
                if (!(stack.equals(PlatformStack.NAME) && workspace.equals("dev"))) {
                    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(() -> destroyAndDeleteWorkspace(dir, workspace));
                }
            });
        }
        for (List<Action> group : groups.values()) {
            ExecutorService pool = Executors.newFixedThreadPool(group.size());
            try {
                List<Future<?>> running = new ArrayList<>();
                group.forEach(action -> running.add(pool.submit(() -> attempt(failures, action))));
                for (var done : running) {
                    done.get(20, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (String environment : ATLANTIS_ENVIRONMENTS) {
            attempt(failures, () -> aws.script("existing_ecs.py", "delete", environment));
            attempt(failures, () -> aws.script("isolated_ecs.py", "delete", environment));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("undoing the Atlantis run failed:\n" + String.join("\n", failures));
        }
    }

    private void destroyAndDeleteWorkspace(Path stackDir, String workspace) throws Exception {
        Terraform stack = new Terraform(stackDir, ROOT, aws.environment());
        if (stack.workspaces().contains(workspace)) {
            stack.run(workspace, "destroy", "-auto-approve", "-no-color").orFail("destroy " + stackDir.getFileName() + "-" + workspace);
            deleteWorkspace(stack, workspace);
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void attempt(List<String> failures, Action action) {
        try {
            action.run();
        } catch (Exception | AssertionError e) {
            failures.add(e.getMessage());
        }
    }

    @Test
    @Order(20)
    void everyBlueprintDeploysInThePreviewWorkspace() throws Exception {
        // scripts/preview up applied them in step 5.

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

        // What pr-1 added beside dev, less the platform's and blueprint E's (step 25 checks those).
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
    @Order(21)
    void everyBlueprintPlansEmptyASecondTime() throws Exception {
        for (Terraform stack : List.of(web, payment, serverless, container)) {
            Terraform.Result plan = stack.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
            assertEquals(0, plan.exitCode(), plan.output());
        }
    }

    @Test
    @Order(22)
    void planStaysEmptyAfterCodeDeploySwapsBlueAndGreen() throws Exception {
        JsonNode swapped = JSON.readTree(aws.script("codedeploy_swap.py", "swap", "ecs-web-pr-1", "svc-web-pr-1", "alb-web-pr-1",
                "80", "tg-web-blue-pr-1", "tg-web-green-pr-1"));
        revisionsCodeDeployRegistered = List.of(swapped.path("revision").asText());
        assertEquals(JSON.readTree("{\"80\":\"tg-web-green-pr-1\",\"8080\":\"tg-web-blue-pr-1\"}"), swapped.path("listeners"));
        assertTrue(swapped.path("revision").asText().endsWith(":task-definition/task-web-pr-1:2"), swapped.toString());
        // The pipeline's Scale-Up action after that first deployment.
        assertEquals(2, JSON.readTree(aws.script("codedeploy_swap.py", "scale", "ecs-web-pr-1", "svc-web-pr-1", "2"))
                .path("desiredCount").asInt());
        JsonNode adopted = JSON.readTree(aws.script("codedeploy_swap.py", "swap", "payment-cluster-pr-1", "payment-service-pr-1",
                "payment-alb-pr-1", "80", "payment-blue-tg-pr-1", "payment-green-tg-pr-1"));

        // The swap is real drift in the state (refresh-only sees it) that the plan leaves alone.
        Terraform.Result refresh = web.run("pr-1", "plan", "-refresh-only", "-detailed-exitcode", "-no-color");
        assertEquals(2, refresh.exitCode(), refresh.output());
        for (Terraform stack : List.of(web, payment)) {
            Terraform.Result plan = stack.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
            assertEquals(0, plan.exitCode(), plan.output());
        }
        assertTrue(adopted.path("revision").asText().contains(":task-definition/payment-pr-1:2"), adopted.toString());
    }

    /**
     * What blueprint D's pipeline and CodeDeploy do on a real account, done through the APIs:
     * Deploy-Blue publishes new code as version 2, Switch-Traffic's deployment ends with the alias
     * on it. Terraform leaves both alone, and the deployment's state change on the bus ends as
     * exactly one item in the environment's ledger.
     */
    @Test
    @Order(23)
    void lambdaPlansStayEmptyAfterThePipelinePublishesAndCodeDeployShiftsTheAlias() throws Exception {
        String function = "fn-payments-api-pr-1";
        Path zip = WORK.resolve("payments-api.zip");
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

        for (Terraform stack : List.of(serverless, container)) {
            Terraform.Result refresh = stack.run("pr-1", "plan", "-refresh-only", "-detailed-exitcode", "-no-color");
            assertEquals(2, refresh.exitCode(), "the new version and the moved alias are real drift: " + refresh.output());
            Terraform.Result plan = stack.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
            assertEquals(0, plan.exitCode(), plan.output());
        }

        LedgerProbe probe = new LedgerProbe(aws, ROOT, WORK);
        JsonNode event = probe.sample("deployment-lambda-start");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("detail")).put("application", "cdapp-payments-api-pr-1")
                .put("deploymentGroup", "cddg-payments-api-pr-1").put("deploymentId", deploymentId);
        probe.put(List.of(event));
        // Step 11 put one event of pr-1 before.
        probe.awaitExecutions("sfn-ledger-pr-1", 2);
        Map<String, String> item = probe.items("ddb-ledger-pr-1").get(deploymentId + " " + event.path("time").asText() + "#deployment#START");
        assertEquals(Map.of("application", "cdapp-payments-api-pr-1", "deploymentGroup", "cddg-payments-api-pr-1",
                "deploymentConfig", "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", "kind", "deployment", "state", "START"),
                Map.of("application", item.get("application"), "deploymentGroup", item.get("deploymentGroup"),
                        "deploymentConfig", item.get("deploymentConfig"), "kind", item.get("kind"), "state", item.get("state")));
    }

    @Test
    @Order(25)
    void twoIsolatedInstancesDeploySideBySideInTheRegulatedVpc() throws Exception {
        // scripts/preview up applied the isolated network and both instances in step 5.

        JsonNode network = JSON.readTree(Files.readString(ISOLATED_OVERLAY)).path("environments").path("pr-1").path("isolatedNetwork");
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
        // What pr-1 added beside dev, of blueprint E's instances.
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
        assertEquals(8, endpoints.size(), "S3, ECR api and dkr, Logs, STS, KMS, ECS, CodeCommit git: once for both");
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
    @Order(26)
    void isolatedStacksPlanEmptyASecondTime() throws Exception {
        for (Terraform stack : List.of(isolatedNetwork, orders, invoices)) {
            Terraform.Result plan = stack.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
            assertEquals(0, plan.exitCode(), plan.output());
        }
    }

    @Test
    @Order(27)
    void aNatRouteInABuildSubnetStopsThePlanNamingTheSubnetAndTheRoute() throws Exception {
        JsonNode route = JSON.readTree(aws.script("isolated_ecs.py", "route", "pr-1", "nat"));
        String subnet = JSON.readTree(Files.readString(ISOLATED_OVERLAY)).path("environments").path("pr-1").path("isolatedNetwork")
                .path("buildSubnetIds").get(0).asText();
        try {
            for (Terraform stack : List.of(orders, invoices, isolatedNetwork)) {
                Terraform.Result plan = stack.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
                assertEquals(1, plan.exitCode(), plan.output());
                String message = plan.output().replaceAll("\\s+", " ");
                assertTrue(message.contains("Build subnet " + subnet + " has a route to the internet in "
                        + route.path("routeTableId").asText() + ": 0.0.0.0/0 via " + route.path("natGatewayId").asText()
                        + ". Builds of an isolated network must have no internet path (E3)"), plan.output());
            }
        } finally {
            aws.script("isolated_ecs.py", "route", "pr-1", "none");
        }
        Terraform.Result plan = orders.run("pr-1", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, plan.exitCode(), "without the route the plan is empty again: " + plan.output());
    }

    /**
     * The sweeper lists pr-1 only once it is older than asked and touches nothing in a dry run; its
     * real run tears pr-1 down and, with a resource planted under pr-1's tag, fails naming it; once
     * that is gone {@code preview down 1} finds no stack with state and proves pr-1 gone.
     */
    @Test
    @Order(30)
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

        String planted = JSON.readTree(aws.aws("sns", "create-topic", "--name", "planted-pr-1", "--tags",
                "Key=Environment,Value=pr-1")).path("TopicArn").asText();
        Preview sweep = preview("sweep", "--older-than", "0", "--apply");
        assertEquals(1, sweep.exitCode(), sweep.output());
        assertTrue(sweep.output().contains("pr-1 is not gone; still there:\n    tagged Environment=pr-1: " + planted + "\n"), sweep.output());
        assertTrue(sweep.output().contains("could not sweep: pr-1"), sweep.output());
        // Terraform deregisters the revision it registered; the one CodeDeploy registered (step 22) goes too.
        assertTrue(sweep.output().contains("deployments registered outside Terraform:\n    " + revisionsCodeDeployRegistered.get(0)),
                sweep.output());
        aws.aws("sns", "delete-topic", "--topic-arn", planted);

        Preview down = preview("down", "1");
        assertEquals(0, down.exitCode(), down.output());
        assertTrue(down.output().contains("==> destroying pr-1: no stack has state"), down.output());
        assertTrue(down.output().contains("==> pr-1 is gone ("), down.output());
        assertEquals("", preview("list").output().strip(), "no preview workspace is left in the state bucket");
        // B's adopted service belongs to another team: its revision from step 22 goes with it.
        aws.script("existing_ecs.py", "delete", "pr-1");
        assertEquals(withDev, aws.inventory(), "after pr-1 exactly dev's resources (and E's inputs) remain");
        String workspaces = this.preview.run(null, "workspace", "list", "-no-color").orFail("workspace list").output();
        assertTrue(workspaces.contains("dev") && !workspaces.contains("pr-1"), workspaces);
        assertEquals(0, dev.run("dev", "plan", "-detailed-exitcode", "-no-color").exitCode(), "dev still matches its state");
    }

    @Test
    @Order(31)
    void anEnvironmentAdoptsDevsVpcAndAddsEndpointsOnly() throws Exception {
        JsonNode devNetwork = outputs(dev, "dev");
        List<String> privateSubnets = new ArrayList<>();
        devNetwork.path("privateSubnetIds").forEach(id -> privateSubnets.add(id.asText()));
        EnvironmentConfig staging = PlatformConfig.load(ROOT.resolve(PlatformConfig.FILE), new EnvironmentSuffix("staging"));
        EnvironmentConfig adopting = staging.adopting(new ExistingVpc(devNetwork.path("vpcId").asText(), List.of(), privateSubnets),
                Set.of(Endpoint.S3, Endpoint.STS));
        Path outdir = WORK.resolve("staging-adopting");
        App app = new App(AppConfig.builder().outdir(outdir.toString()).build());
        PlatformApp.define(app, adopting, BackendSettings.load(ROOT.resolve(BackendSettings.FILE)));
        app.synth();
        Terraform adopter = new Terraform(outdir.resolve("stacks").resolve(PlatformStack.NAME), ROOT, aws.environment());
        adopter.run(null, "init", "-no-color").orFail("init staging");
        adopter.run("staging", "workspace", "new", "staging", "-no-color").orFail("workspace new staging");
        adopter.run("staging", "apply", "-auto-approve", "-no-color").orFail("apply staging adopting dev's VPC");
        JsonNode out = outputs(adopter, "staging");
        assertEquals(devNetwork.path("vpcId").asText(), out.path("vpcId").asText());
        assertEquals("10.0.0.0/16", out.path("vpcCidrBlock").asText(), "read from the adopted VPC");
        assertEquals(devNetwork.path("privateSubnetIds"), out.path("privateSubnetIds"));
        Map<String, Object> added = added(withDev, aws.inventory());
        assertEquals(2, added.get("ec2:vpc-endpoint"));
        assertEquals(1, added.get("ec2:security-group"), "the endpoint group");
        assertFalse(added.containsKey("ec2:vpc"), "no VPC is created");
        assertFalse(added.containsKey("ec2:subnet"), "no subnet is created");
        Terraform.Result plan = adopter.run("staging", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, plan.exitCode(), plan.output());
        adopter.run("staging", "destroy", "-auto-approve", "-no-color").orFail("destroy staging");
        deleteWorkspace(adopter, "staging");
        assertEquals(withDev, aws.inventory(), "destroying the adopter leaves dev's VPC as it was");
    }

    @Test
    @Order(32)
    void destroyingDevAndTheBootstrapLeavesNothing() throws Exception {
        dev.run("dev", "destroy", "-auto-approve", "-no-color").orFail("destroy dev");
        deleteWorkspace(dev, "dev");
        assertEquals(afterBootstrap, aws.inventory(), "after destroying dev only the state bucket, its logs and key remain");
        String objects = aws.aws("s3api", "list-objects-v2", "--bucket", "bluegreen-platform-tfstate", "--query", "Contents[].Key");
        assertFalse(objects.contains(".tfstate\""), "no workspace's state is left: " + objects);
        // With no state left the guard lets the bucket go, old versions and lock files with it (X2).
        bootstrap.run(null, "destroy", "-auto-approve", "-no-color").orFail("destroy bootstrap");
        assertEquals(beforeBootstrap, aws.inventory(), "nothing the stacks made remains");
        aws.script("isolated_ecs.py", "delete", "pr-1");
        assertEquals(beforeAnything, aws.inventory(), "nothing at all remains once blueprint E's inputs go too");
    }

    record Preview(int exitCode, String output) {
    }

    /** {@code scripts/preview ARGS} against the emulator, as a user runs it, with pr-1's overlay. */
    private Preview preview(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", ROOT.resolve("scripts/preview").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
        builder.environment().putAll(aws.environment());
        builder.environment().put("PREVIEW_DIR", PREVIEWS.toString());
        builder.environment().put(PlatformApp.CONFIG_OVERLAY, ISOLATED_OVERLAY.toString());
        builder.environment().put("TF_CLI_CONFIG_FILE", ROOT.resolve("scripts/terraform.rc").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/preview " + String.join(" ", args) + " did not finish:\n" + output);
        }
        return new Preview(process.exitValue(), output);
    }

    private static List<String> sorted(JsonNode texts) {
        List<String> values = new ArrayList<>();
        texts.forEach(text -> values.add(text.asText()));
        return values.stream().sorted().toList();
    }

    /** What the README's teardown does after a destroy: leave the workspace, then delete it with its state object. */
    private static void deleteWorkspace(Terraform stack, String workspace) throws Exception {
        stack.run(null, "workspace", "select", "default", "-no-color").orFail("leave " + workspace);
        stack.run(null, "workspace", "delete", workspace, "-no-color").orFail("workspace delete " + workspace);
    }

    /** The CIDR blocks a security group admits on a port, sorted. */
    private List<String> ingressCidrs(String groupName, int port) throws Exception {
        JsonNode group = JSON.readTree(aws.aws("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=" + groupName))
                .path("SecurityGroups").get(0);
        List<String> cidrs = new ArrayList<>();
        for (JsonNode permission : group.path("IpPermissions")) {
            if (permission.path("FromPort").asInt() == port) {
                permission.path("IpRanges").forEach(range -> cidrs.add(range.path("CidrIp").asText()));
            }
        }
        return cidrs.stream().sorted().toList();
    }

    /**
     * Synthesizes the app for {@code suffix} exactly as {@code cdktf synth} does; returns its stacks dir. pr-1 with the
     * overlay: its isolatedNetwork is the emulator's VPC (the other stacks read nothing of it).
     */
    private static Path synthesize(String suffix) {
        Path outdir = WORK.resolve(suffix);
        App app = new App(AppConfig.builder().outdir(outdir.toString()).build());
        PlatformApp.define(app, ROOT, suffix.equals("pr-1")
                ? Map.of(EnvironmentSuffix.SETTING, suffix, PlatformApp.CONFIG_OVERLAY, ISOLATED_OVERLAY.toString())
                : Map.of(EnvironmentSuffix.SETTING, suffix));
        app.synth();
        return outdir.resolve("stacks");
    }

    private static JsonNode outputs(Terraform stack, String workspace) throws Exception {
        JsonNode raw = JSON.readTree(stack.run(workspace, "output", "-json").orFail("output").output());
        var values = JSON.createObjectNode();
        raw.fields().forEachRemaining(e -> values.set(e.getKey(), e.getValue().path("value")));
        return values;
    }

    /** What {@code after} lists that {@code before} does not: names where they are readable, else a count. */
    private static Map<String, Object> added(Map<String, List<String>> before, Map<String, List<String>> after) {
        Map<String, Object> added = new TreeMap<>();
        after.forEach((kind, ids) -> {
            List<String> fresh = new ArrayList<>(ids);
            fresh.removeAll(before.getOrDefault(kind, List.of()));
            if (!fresh.isEmpty()) {
                boolean readable = fresh.stream().allMatch(id -> id.contains("-dev") || id.contains("-pr-1") || id.contains("shared")
                        || id.contains("tfstate") || id.startsWith("arn:aws:sns"));
                added.put(kind, readable && !kind.equals("sns:subscription") ? List.copyOf(fresh) : fresh.size());
            }
        });
        return added;
    }

    private static Thread pump(InputStream in, StringBuffer into) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException closed) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitText(StringBuffer output, String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!output.toString().contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("'" + text + "' did not appear within " + timeout + ":\n" + output);
            }
            Thread.sleep(200);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
