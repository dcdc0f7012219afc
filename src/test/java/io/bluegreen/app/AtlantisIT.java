package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.ROOT;
import static io.bluegreen.app.EmulatorScenario.outputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * atlantis.yaml's workflow run as Atlantis runs it ({@link AtlantisRun}: one clone per workspace, the projects of a
 * workspace planned concurrently with Atlantis's variables; no Atlantis binary is reachable here) on an account that has
 * only the state bucket: reviewers drive one pull request round by round (plan everything, apply what planned group by
 * group, plan again what waited) until every project of every named environment ({@code dev}, {@code staging},
 * {@code prod}) is applied. Then CodeBuild's infra-plan of {@code dev} plans every stack with no changes while staging is
 * destroyed, the last execution_order_group first, and proven gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AtlantisIT {
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    @AutoClose
    private EmulatorScenario scenario;
    private Map<String, String> server;
    private AtlantisRun atlantis;

    @BeforeAll
    void startEmulatorWithTheStateBucketAndTheOtherTeamsResources() throws Exception {
        scenario = EmulatorScenario.start("atlantis");
        scenario.bootstrap(scenario.synthesize("dev", null));
        // What the services of each environment adopt from other teams (B's ECS service, E's regulated VPC and services,
        // prod's invoices in account 210987654321, the certificates where HTTPS is required); the overlay names the
        // emulator's VPCs and certificates, whose ids are generated.
        JsonNode overlay = JSON.createObjectNode();
        for (String environment : ENVIRONMENTS) {
            Path isolated = scenario.work.resolve("isolated-overlay-" + environment + ".json");
            scenario.aws.script("emulator/isolated_ecs.py", "create", environment, isolated.toString());
            scenario.aws.script("emulator/existing_ecs.py", "create", environment);
            overlay = PlatformConfig.merged(overlay, JSON.readTree(isolated.toFile()));
            if (Blueprints.DEFAULT.load(ROOT.resolve(PlatformConfig.FILE), new EnvironmentSuffix(environment)).requireHttps()) {
                Path certificates = scenario.work.resolve("certificates-overlay-" + environment + ".json");
                scenario.aws.script("emulator/certificates.py", "create", environment, certificates.toString());
                overlay = PlatformConfig.merged(overlay, JSON.readTree(certificates.toFile()));
            }
        }
        Path serverOverlay = scenario.work.resolve("atlantis-overlay.json");
        Files.writeString(serverOverlay, overlay.toString());
        // The Atlantis server's environment: credentials (here the emulator's), the project's CLI config, the overlay.
        Map<String, String> environment = new HashMap<>(scenario.aws.environment());
        environment.put("TF_CLI_CONFIG_FILE", ROOT.resolve("scripts/terraform.rc").toString());
        environment.put("TF_IN_AUTOMATION", "1");
        environment.put(PlatformApp.CONFIG_OVERLAY, serverOverlay.toString());
        server = Map.copyOf(environment);
        atlantis = new AtlantisRun(ROOT, scenario.work.resolve("clones"), server);
    }

    /**
     * Round one plans all 25 projects at once: each clone builds and synthesizes exactly once however many of its
     * projects plan, the platforms and prod's production-account stack (it reads no other stack) save their plans, and
     * every service says in one line that its platform is not applied yet. Each later round (same commit: no build)
     * plans what waited, until the isolated instances, which wait for their isolated network, are applied too.
     */
    @Test
    @Order(1)
    void everyProjectOfEveryNamedEnvironmentPlansAndAppliesRoundByRound() throws Exception {
        Map<String, Integer> groups = new TreeMap<>();
        ENVIRONMENTS.forEach(environment -> groups.putAll(atlantis.projects(environment)));
        assertEquals(25, groups.size(), groups.toString());

        Map<String, AtlantisRun.Step> first = atlantis.plan(List.copyOf(groups.keySet()));
        for (String workspace : ENVIRONMENTS) {
            long builds = first.values().stream().filter(p -> p.project().endsWith("-" + workspace))
                    .filter(p -> p.output().contains("building and synthesizing " + workspace + " in this clone")).count();
            assertEquals(1, builds, workspace + ": one build and synth per clone and commit, however many projects plan at once");
        }
        Map<String, String> expected = new TreeMap<>();
        groups.keySet().forEach(name -> expected.put(name, groups.get(name) == 0 ? "planned"
                : AtlantisRun.waitingFor(name, PlatformStack.NAME + "-" + workspaceOf(name))));
        atlantis.assertOutcomes(expected, first);
        List<String> independent = groups.keySet().stream().filter(name -> groups.get(name) == 0).toList();
        assertEquals(List.of("platform-dev", "platform-prod", "platform-staging", "production-210987654321-prod"), independent);
        atlantis.applyGroupByGroup(independent);

        List<String> waited = groups.keySet().stream().filter(name -> groups.get(name) > 0).toList();
        Map<String, AtlantisRun.Step> second = atlantis.plan(waited);
        assertFalse(second.values().stream().anyMatch(p -> p.output().contains("building and synthesizing")), "built once per commit");
        Map<String, String> expectedSecond = new TreeMap<>();
        waited.forEach(name -> expectedSecond.put(name, groups.get(name) == 1 ? "planned"
                : AtlantisRun.waitingFor(name, IsolatedNetworkStack.NAME + "-" + workspaceOf(name))));
        atlantis.assertOutcomes(expectedSecond, second);
        assertEquals(15, expectedSecond.values().stream().filter("planned"::equals).count(), expectedSecond.toString());
        atlantis.applyGroupByGroup(waited.stream().filter(name -> groups.get(name) == 1).toList());

        List<String> last = waited.stream().filter(name -> groups.get(name) == 2).toList();
        assertEquals(List.of("invoices-dev", "invoices-prod", "invoices-staging", "orders-dev", "orders-prod", "orders-staging"), last);
        Map<String, AtlantisRun.Step> third = atlantis.plan(last);
        Map<String, String> expectedThird = new TreeMap<>();
        last.forEach(name -> expectedThird.put(name, "planned"));
        atlantis.assertOutcomes(expectedThird, third);
        atlantis.applyGroupByGroup(last);

        assertWebIsBehindAWafWithAccessLogsAndATestListenerForTheVpcOnly(
                scenario.terraform(atlantis.clone("dev").resolve("cdktf.out/stacks/web")));
        assertProdServesHttpsOnlyBehindThreeNatsAndSevenEndpointsAndDeploysInvoicesFromItsOwnAccount();
    }

    /**
     * CodeBuild's infra-plan of dev in a checkout (buildspecs/infra-plan.yml's build phase) plans each stack again
     * with no changes and keeps each plan. Beside it staging, which it does not read, is destroyed group by group, and the
     * proof {@code scripts/preview down} gives (scripts/aws_proof.py) finds nothing of it: nothing tagged
     * Environment=staging, no id its states held, no state object (once it has deleted the task definition revisions
     * Terraform only deregistered, as preview down does). dev is left standing: the emulator goes with this
     * scenario, and PlatformIT and PreviewIT prove their whole account empty after their destroys.
     */
    @Test
    @Order(2)
    void infraPlanOfDevHasNoChangesWhileStagingIsDestroyedWithoutATrace() throws Exception {
        // dev's Atlantis clone: a checkout whose app the plans built already, as a CodeBuild cache would keep it (the
        // clones' first plans prove that scripts/synth.sh builds a fresh one); its cdktf.out is synthesized again.
        Path checkout = atlantis.clone("dev");
        long started = System.nanoTime();
        List<String> logs = EmulatorScenario.inParallel(List.of(() -> destroyAndProveGone("staging"), () -> {
            String log = BuildPhase.infraPlan(ROOT, checkout, "dev", server);
            EmulatorScenario.reportDuration("infra-plan of dev (synth, 8 plans)", started);
            return log;
        }));
        String proof = logs.get(0);
        String log = logs.get(1);
        for (String project : atlantis.projects("dev").keySet()) {
            String stack = project.substring(0, project.length() - "-dev".length());
            String plan = Files.readString(checkout.resolve("plans/" + stack + ".txt"));
            assertTrue(plan.contains("No changes."), stack + ":\n" + plan);
            assertTrue(Files.exists(checkout.resolve("plans/" + stack + ".tfplan")), stack + ": no saved plan\n" + log);
        }
        assertTrue(proof.startsWith("staging is gone: nothing tagged Environment=staging"), proof);
        // Terraform's destroy only deregisters the revision it registered (INACTIVE, still listed and tagged); the proof's
        // clean-up (--clean) deletes it, as preview down does.
        assertEquals("[]", JSON.readTree(scenario.aws.aws("ecs", "list-task-definitions", "--status", "INACTIVE",
                "--family-prefix", "task-web-staging")).path("taskDefinitionArns").toString());
        // Names end with their environment (X1), ARNs may go on after it; dev's isolated inputs have a stage named staging.
        Pattern stagings = Pattern.compile("-staging($|[:/])");
        assertEquals(List.of(), scenario.aws.inventory().values().stream().flatMap(List::stream).filter(id -> stagings.matcher(id).find())
                .toList(), "no resource named for staging is left");
    }

    private static String workspaceOf(String project) {
        return ENVIRONMENTS.stream().filter(workspace -> project.endsWith("-" + workspace)).findFirst().orElseThrow();
    }

    /** Blueprint A in the standard profile: what previews go without (WAF, access logs), in both environments. */
    private void assertWebIsBehindAWafWithAccessLogsAndATestListenerForTheVpcOnly(Terraform web) throws Exception {
        assertEquals("123456789012-s3-web-artifacts-dev", outputs(web, "dev").path("artifactBucketName").asText());
        Map<String, List<String>> inventory = scenario.aws.inventory();
        assertEquals(List.of("waf-web-dev", "waf-web-prod", "waf-web-staging"), inventory.get("wafv2:web-acl"));
        assertTrue(inventory.get("s3:bucket").containsAll(List.of("123456789012-s3-web-alb-logs-dev", "123456789012-s3-web-artifacts-dev",
                "123456789012-s3-web-alb-logs-staging")), inventory.get("s3:bucket").toString());
        assertTrue(inventory.get("codebuild:report-group").containsAll(List.of("rg-web-integration-tests-dev", "rg-web-unit-tests-dev")),
                inventory.get("codebuild:report-group").toString());
        assertTrue(inventory.get("logs:log-group").contains("/aws/ecs/containerinsights/ecs-web-dev/performance"),
                inventory.get("logs:log-group").toString());
        JsonNode balancer = JSON.readTree(scenario.aws.aws("elbv2", "describe-load-balancers", "--names", "alb-web-dev"))
                .path("LoadBalancers").get(0);
        JsonNode attributes = JSON.readTree(scenario.aws.aws("elbv2", "describe-load-balancer-attributes", "--load-balancer-arn",
                balancer.path("LoadBalancerArn").asText())).path("Attributes");
        Map<String, String> values = new TreeMap<>();
        attributes.forEach(a -> values.put(a.path("Key").asText(), a.path("Value").asText()));
        assertEquals("true", values.get("access_logs.s3.enabled"));
        assertEquals("123456789012-s3-web-alb-logs-dev", values.get("access_logs.s3.bucket"));
        // The test listener admits the VPC and its NAT addresses (how an internet-facing ALB sees the VPC), not the internet.
        JsonNode natAddresses = JSON.readTree(scenario.aws.aws("ec2", "describe-addresses", "--filters",
                "Name=tag:Name,Values=eip-nat-1-dev,eip-nat-2-dev")).path("Addresses");
        List<String> expected = new ArrayList<>(List.of("10.0.0.0/16"));
        natAddresses.forEach(a -> expected.add(a.path("PublicIp").asText() + "/32"));
        assertEquals(3, expected.size(), natAddresses.toString());
        assertEquals(expected.stream().sorted().toList(), scenario.ingressCidrs("secgroup-web-alb-dev", 8080));
        assertEquals(List.of("0.0.0.0/0"), scenario.ingressCidrs("secgroup-web-alb-dev", 80));
    }

    /**
     * The production profile as Atlantis applied it: web's listeners serve the certificate the account holds (TLS 1.3
     * policy) and port 80 only redirects; a NAT in each of three zones; the seven endpoints of the profile in the
     * platform's VPC; invoices' deploy role lives in its production account, 210987654321, whose stack read the
     * production service there, and whose deployment events reach prod's ledger in the pipeline account.
     */
    private void assertProdServesHttpsOnlyBehindThreeNatsAndSevenEndpointsAndDeploysInvoicesFromItsOwnAccount() throws Exception {
        String certificate = JSON.readTree(Files.readString(scenario.work.resolve("certificates-overlay-prod.json")))
                .path("environments").path("prod").path("services").path("web").path("certificateArn").asText();
        String balancer = JSON.readTree(scenario.aws.aws("elbv2", "describe-load-balancers", "--names", "alb-web-prod"))
                .path("LoadBalancers").get(0).path("LoadBalancerArn").asText();
        Map<Integer, String> listeners = new TreeMap<>();
        JSON.readTree(scenario.aws.aws("elbv2", "describe-listeners", "--load-balancer-arn", balancer)).path("Listeners").forEach(l -> {
            String served = l.path("Protocol").asText() + " " + l.path("DefaultActions").get(0).path("Type").asText();
            listeners.put(l.path("Port").asInt(), served.startsWith("HTTPS")
                    ? served + " " + l.path("Certificates").get(0).path("CertificateArn").asText() + " " + l.path("SslPolicy").asText()
                    : served);
        });
        String https = "HTTPS forward " + certificate + " ELBSecurityPolicy-TLS13-1-2-2021-06";
        assertEquals(Map.of(80, "HTTP redirect", 443, https, 8443, https), listeners);

        JsonNode network = outputs(scenario.terraform(atlantis.clone("prod").resolve("cdktf.out/stacks/" + PlatformStack.NAME)), "prod");
        String vpc = network.path("vpcId").asText();
        assertEquals(3, network.path("privateSubnetIds").size());
        // Filtered here, not by the emulator, which ignores some filters.
        List<String> natSubnets = new ArrayList<>();
        JSON.readTree(scenario.aws.aws("ec2", "describe-nat-gateways")).path("NatGateways").forEach(n -> {
            if (n.path("VpcId").asText().equals(vpc) && n.path("State").asText().equals("available")) {
                natSubnets.add(n.path("SubnetId").asText());
            }
        });
        assertEquals(3, natSubnets.stream().distinct().count(), "one NAT in each zone's public subnet: " + natSubnets);
        List<String> endpoints = new ArrayList<>();
        JSON.readTree(scenario.aws.aws("ec2", "describe-vpc-endpoints")).path("VpcEndpoints").forEach(e -> {
            if (e.path("VpcId").asText().equals(vpc)) {
                endpoints.add(e.path("ServiceName").asText().replace("com.amazonaws.us-east-1.", ""));
            }
        });
        assertEquals(List.of("ecr.api", "ecr.dkr", "kms", "logs", "s3", "secretsmanager", "sts"), endpoints.stream().sorted().toList());

        Terraform productionStack = scenario.terraform(atlantis.clone("prod").resolve("cdktf.out/stacks/production-210987654321"));
        JsonNode production = outputs(productionStack, "prod");
        assertEquals("arn:aws:iam::210987654321:role/role-invoices-production-deploy-prod", production.path("invoices-deployRoleArn").asText());
        assertEquals("cdapp-invoices-production-prod", production.path("invoices-codeDeployApplicationName").asText());
        // Production's tasks pull the pipeline account's image: the repository there admits their execution role only.
        JsonNode pull = JSON.readTree(JSON.readTree(scenario.aws.aws("ecr", "get-repository-policy", "--repository-name", "invoices-prod"))
                .path("policyText").asText()).path("Statement").get(0);
        JsonNode account = pull.path("Principal").path("AWS");
        assertEquals("arn:aws:iam::210987654321:root", account.isArray() ? account.get(0).asText() : account.asText());
        assertEquals("arn:aws:iam::210987654321:role/invoices-production-prod-execution",
                pull.path("Condition").path("ArnEquals").path("aws:PrincipalArn").asText());
        // Production's deployments reach the pipeline account's ledger: CodeDeploy's event on 210987654321's bus is forwarded.
        LedgerProbe probe = new LedgerProbe(scenario.aws, ROOT, scenario.work);
        JsonNode deployment = probe.sample("deployment-ecs-success");
        ((ObjectNode) deployment.path("detail")).put("application", "cdapp-invoices-production-prod")
                .put("deploymentGroup", "cddg-invoices-production-prod").put("deploymentId", "d-PRODUCTION");
        probe.putAs("arn:aws:iam::210987654321:role/OrganizationAccountAccessRole", List.of(deployment));
        probe.awaitExecutions("sfn-ledger-prod", 1);
        List<Map<String, String>> recorded = probe.items("ddb-ledger-prod").values().stream()
                .filter(item -> item.get("deploymentId").equals("d-PRODUCTION")).toList();
        assertEquals(List.of("cdapp-invoices-production-prod deployment SUCCESS"), recorded.stream()
                .map(item -> item.get("application") + " " + item.get("kind") + " " + item.get("state")).toList());
        Terraform.Result again = productionStack.run("prod", "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, again.exitCode(), "a second plan of production-210987654321 in prod:\n" + again.output());
    }

    /**
     * Destroys every project of {@code workspace} in its clone, the last execution_order_group first (a group's stacks
     * at once), keeping each stack's state from before; deletes their workspaces and the other teams' resources of that
     * environment; returns what scripts/aws_proof.py prints about those states.
     */
    private String destroyAndProveGone(String workspace) throws Exception {
        Path clone = atlantis.clone(workspace);
        Path states = Files.createDirectories(scenario.work.resolve("states-" + workspace));
        TreeMap<Integer, List<String>> byGroup = new TreeMap<>(Comparator.reverseOrder());
        atlantis.projects(workspace).forEach((name, group) -> byGroup.computeIfAbsent(group, g -> new ArrayList<>())
                .add(name.substring(0, name.length() - workspace.length() - 1)));
        long started = System.nanoTime();
        for (List<String> stacks : byGroup.values()) {
            EmulatorScenario.inParallel(stacks.stream().<Callable<Void>>map(stack -> () -> {
                Terraform terraform = scenario.terraform(clone.resolve("cdktf.out/stacks").resolve(stack));
                Files.writeString(states.resolve(stack + ".json"),
                        terraform.run(workspace, "state", "pull").orFail("state pull " + stack).output());
                terraform.run(workspace, "destroy", "-auto-approve", "-no-color").orFail("destroy " + stack + "-" + workspace);
                EmulatorScenario.deleteWorkspace(terraform, workspace);
                return null;
            }).toList());
        }
        EmulatorScenario.reportDuration("atlantis: destroyed the " + atlantis.projects(workspace).size() + " projects of " + workspace, started);
        scenario.aws.script("emulator/existing_ecs.py", "delete", workspace);
        scenario.aws.script("emulator/isolated_ecs.py", "delete", workspace);
        List<String> proof = new ArrayList<>(List.of(workspace));
        try (var files = Files.list(states)) {
            files.sorted().forEach(file -> proof.add(file.toString()));
        }
        // The proof reads and reports: Terraform only deregistered the revision it registered (INACTIVE, still tagged).
        IllegalStateException readOnly = assertThrows(IllegalStateException.class,
                () -> scenario.aws.script("aws_proof.py", proof.toArray(String[]::new)));
        assertTrue(readOnly.getMessage().matches("(?s).*" + workspace + " is not gone; still there:\n.*    tagged Environment="
                + workspace + ": arn:aws:ecs:us-east-1:123456789012:task-definition/task-web-" + workspace + ":\\d+\n.*"),
                readOnly.getMessage());
        proof.add(1, "--clean");
        return scenario.aws.script("aws_proof.py", proof.toArray(String[]::new));
    }
}
