package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.ROOT;
import static io.bluegreen.app.EmulatorScenario.added;
import static io.bluegreen.app.EmulatorScenario.assertPlanIsEmpty;
import static io.bluegreen.app.EmulatorScenario.awaitText;
import static io.bluegreen.app.EmulatorScenario.deleteWorkspace;
import static io.bluegreen.app.EmulatorScenario.outputs;
import static io.bluegreen.app.EmulatorScenario.pump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.vpc.Endpoint;
import io.bluegreen.vpc.ExistingVpc;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation on the local AWS API, on the JSON {@code app.synth()} writes, unchanged: the bootstrap creates the state
 * bucket, the platform validates in the default workspace (as hooks and CI run it), {@code dev}'s platform deploys in its
 * own workspace and plans empty; a plan or destroy in the wrong workspace,
 * a second apply while the state is locked and the bootstrap's destroy while environments keep their state are refused
 * with nothing changed; dev's deployment ledger turns sample pipeline and deployment events into exactly one item each;
 * a third environment adopts dev's VPC; destroying everything leaves nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT implements PlatformLedgerSteps, PlatformDriftSteps {
    @AutoClose
    private EmulatorScenario scenario;
    private LocalAws aws;
    private Terraform bootstrap;
    private Terraform dev;
    /** pr-1's platform JSON, initialized against the same bucket but never applied: the stack of another environment. */
    private Terraform otherEnvironment;
    private Map<String, List<String>> beforeBootstrap;
    private Map<String, List<String>> afterBootstrap;
    private Map<String, List<String>> withDev;

    @Override
    public EmulatorScenario scenario() {
        return scenario;
    }

    @Override
    public Terraform devPlatform() {
        return dev;
    }

    @BeforeAll
    void startEmulatorAndSynthesize() throws Exception {
        scenario = EmulatorScenario.start("platform");
        aws = scenario.aws;
        Path devStacks = scenario.synthesize("dev", null);
        bootstrap = scenario.terraform(devStacks.resolve(BootstrapStack.NAME));
        dev = scenario.terraform(devStacks.resolve(PlatformStack.NAME));
        otherEnvironment = scenario.terraform(scenario.synthesize("pr-1", null).resolve(PlatformStack.NAME));
        beforeBootstrap = aws.inventory();
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
                "s3:bucket", List.of("123456789012-s3-bluegreen-statelogs-shared", "bluegreen-platform-tfstate"),
                "iam:policy", List.of("policy-bluegreen-tfstate-plan-shared")),
                added(beforeBootstrap, afterBootstrap));
        assertTrue(outputs(bootstrap, null).path("planStatePolicyArn").asText().endsWith(":policy/policy-bluegreen-tfstate-plan-shared"));
        JsonNode logging = JSON.readTree(aws.aws("s3api", "get-bucket-logging", "--bucket", "bluegreen-platform-tfstate"));
        assertEquals("123456789012-s3-bluegreen-statelogs-shared", logging.path("LoggingEnabled").path("TargetBucket").asText());
        Terraform.Result plan = bootstrap.run(null, "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, plan.exitCode(), plan.output());
    }

    @Test
    @Order(3)
    void platformStacksInitAgainstTheStateBucketAndValidate() throws Exception {
        for (Terraform stack : List.of(dev, otherEnvironment)) {
            stack.run(null, "init", "-no-color").orFail("init with the S3 backend");
        }
        dev.run(null, "validate", "-no-color").orFail("validate dev in the default workspace");
        otherEnvironment.run(null, "validate", "-no-color").orFail("validate pr-1 in the default workspace");
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
        assertEquals(List.of("/aws/codebuild/drift-check-dev", "/aws/vendedlogs/states/ledger-dev", "/aws/vpc/flow-logs-dev"),
                added.get("logs:log-group"));
        assertEquals(List.of("rule-deployments-dev", "rule-drift-check-dev", "rule-ledger-deployments-dev", "rule-ledger-pipelines-dev",
                "rule-pipeline-approvals-dev", "rule-pipeline-executions-dev"), added.get("events:rule"));
        assertEquals(List.of("role-drift-check-dev", "role-drift-schedule-dev", "role-ledger-delivery-dev", "role-ledger-workflow-dev",
                "role-vpc-flow-logs-dev"), added.get("iam:role"));
        // The scheduled drift check: one project, started by the schedule above.
        assertEquals(List.of("cb-drift-check-dev"), added.get("codebuild:project"));
        assertEquals(List.of("ddb-ledger-dev"), added.get("dynamodb:table"));
        assertEquals(List.of("sfn-ledger-dev"), added.get("states:state-machine"));
        assertEquals(List.of("sqs-ledger-dead-letters-dev"), added.get("sqs:queue"));
        assertEquals(List.of("alarm-ledger-dead-letters-dev", "alarm-ledger-failed-writes-dev"), added.get("cloudwatch:alarm"));
        assertEquals(2, added.get("ec2:nat-gateway"));
        assertEquals(4, added.get("ec2:subnet"));
        assertEquals(4, added.get("kms:key"));
        assertEquals(1, added.get("sns:subscription"));
        // The backend names the state key: SSE-KMS with it, not the SSE-S3 an encrypt-only backend asks for.
        JsonNode state = JSON.readTree(aws.aws("s3api", "head-object", "--bucket", "bluegreen-platform-tfstate",
                "--key", "env/dev/bluegreen/platform.tfstate"));
        assertEquals("aws:kms", state.path("ServerSideEncryption").asText(), state.toString());
        assertEquals("alias/kms-bluegreen-tfstate-shared", state.path("SSEKMSKeyId").asText(), state.toString());
        assertPlanIsEmpty(dev, "dev");
    }

    @Test
    @Order(5)
    void planInTheWrongWorkspaceIsRefusedAndChangesNothing() throws Exception {
        Terraform.Result wrong = otherEnvironment.run("dev", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(1, wrong.exitCode(), wrong.output());
        assertTrue(wrong.output().contains("This stack was synthesized for ENVIRONMENT_SUFFIX=pr-1 but another workspace"),
                wrong.output());
        Terraform.Result unknown = dev.run("default", "plan", "-no-color");
        assertEquals(1, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("terraform workspace select -or-create dev"), unknown.output());
        // pr-1's JSON with dev's state: Terraform checks no condition while destroying, only while validating.
        Map<String, List<String>> before = aws.inventory();
        Terraform.Result destroy = otherEnvironment.run("dev", "destroy", "-auto-approve", "-no-color");
        assertEquals(1, destroy.exitCode(), destroy.output());
        assertTrue(destroy.output().contains("This stack was synthesized for ENVIRONMENT_SUFFIX=pr-1 but another workspace"),
                destroy.output());
        assertEquals(before, aws.inventory(), "nothing of dev was destroyed");
        assertEquals(0, dev.run("dev", "plan", "-detailed-exitcode", "-no-color").exitCode(), "dev untouched");
    }

    @Test
    @Order(6)
    void aSecondApplyIsBlockedWhileTheStateIsLocked() throws Exception {
        // A destroy waiting at its confirmation prompt holds the S3 lock file, as a colleague's would.
        Process holder = dev.start("dev", "apply", "-destroy", "-input=true", "-no-color");
        StringBuffer held = new StringBuffer();
        Thread reader = pump(holder.getInputStream(), held);
        try {
            awaitText(held, "Enter a value:", Duration.ofMinutes(3));
            Terraform.Result blocked = dev.run("dev", "apply", "-auto-approve", "-lock-timeout=0s", "-no-color");
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
        assertEquals(0, dev.run("dev", "plan", "-detailed-exitcode", "-no-color").exitCode(), "lock released, nothing changed");
    }

    @Test
    @Order(7)
    void destroyingTheBootstrapIsRefusedWhileEnvironmentsKeepTheirState() throws Exception {
        Map<String, List<String>> before = aws.inventory();
        Terraform.Result destroy = bootstrap.run(null, "destroy", "-auto-approve", "-no-color");
        assertEquals(1, destroy.exitCode(), destroy.output());
        assertTrue(destroy.output().contains("still holds the state of workspaces: dev"), destroy.output());
        assertEquals(before, aws.inventory(), "the refused destroy deleted nothing");
        // Terraform drops a stack's outputs first when destroying; applying puts them back and changes nothing else.
        String restored = bootstrap.run(null, "apply", "-auto-approve", "-no-color").orFail("restore outputs").output();
        assertTrue(restored.contains("Resources: 0 added, 0 changed, 0 destroyed."), restored);
        assertEquals(0, bootstrap.run(null, "plan", "-detailed-exitcode", "-no-color").exitCode());
    }

    @Test
    @Order(10)
    void anEnvironmentAdoptsDevsVpcAndAddsEndpointsOnly() throws Exception {
        JsonNode devNetwork = outputs(dev, "dev");
        List<String> privateSubnets = new ArrayList<>();
        devNetwork.path("privateSubnetIds").forEach(id -> privateSubnets.add(id.asText()));
        EnvironmentConfig staging = Blueprints.DEFAULT.load(ROOT.resolve(PlatformConfig.FILE), new EnvironmentSuffix("staging"));
        EnvironmentConfig adopting = staging.adopting(new ExistingVpc(devNetwork.path("vpcId").asText(), List.of(), privateSubnets),
                Set.of(Endpoint.S3, Endpoint.STS));
        Path outdir = scenario.work.resolve("staging-adopting");
        App app = new App(AppConfig.builder().outdir(outdir.toString()).build());
        PlatformApp.define(app, adopting, BackendSettings.load(ROOT.resolve(BackendSettings.FILE)));
        app.synth();
        Terraform adopter = scenario.terraform(outdir.resolve("stacks").resolve(PlatformStack.NAME));
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
    @Order(11)
    void destroyingDevAndTheBootstrapLeavesNothing() throws Exception {
        dev.run("dev", "destroy", "-auto-approve", "-no-color").orFail("destroy dev");
        deleteWorkspace(dev, "dev");
        assertEquals(afterBootstrap, aws.inventory(), "after destroying dev only the state bucket, its logs and key remain");
        String objects = aws.aws("s3api", "list-objects-v2", "--bucket", "bluegreen-platform-tfstate", "--query", "Contents[].Key");
        assertFalse(objects.contains(".tfstate\""), "no workspace's state is left: " + objects);
        // With no state left the guard lets the bucket go, old versions and lock files with it (X2).
        bootstrap.run(null, "destroy", "-auto-approve", "-no-color").orFail("destroy bootstrap");
        assertEquals(beforeBootstrap, aws.inventory(), "nothing the stacks made remains");
    }
}
