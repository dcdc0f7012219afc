package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.iam.Account;
import io.bluegreen.app.iam.BuildspecCalls;
import io.bluegreen.app.iam.Call;
import io.bluegreen.app.iam.Catalogue;
import io.bluegreen.app.iam.Negatives.Probe;
import io.bluegreen.app.iam.Negatives;
import io.bluegreen.app.iam.Policies;
import io.bluegreen.app.iam.PolicyEvaluator.Decision;
import io.bluegreen.app.iam.PolicyEvaluator;
import io.bluegreen.app.iam.TerraformModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every permission of every stack of {@code dev}, a preview and {@code prod}, proven by a policy
 * evaluator with AWS's evaluation logic (src/test/node/iam-evaluate.mjs): each call a principal
 * makes (the catalogue in {@code io.bluegreen.app.iam}, the buildspecs' own commands included)
 * is allowed by the synthesized policies, and the calls that must not be are denied. The report
 * of every decision is written to {@code src/target/iam/<suffix>/report.txt}.
 */
class IamEvaluationTest {
    private static final Path ROOT = SynthesizedEnvironments.ROOT;
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator(ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Calls that cannot be evaluated here, each with its reason in the report: the base image a
     * Dockerfile names (its registry is the service team's) and blueprint C's initialImage (a
     * repository the user brings). A new one needs its reason, and this count raised with it.
     */
    private static final Map<String, Integer> UNEVALUATED = Map.of("dev", 4, "pr-1", 4, "prod", 4);
    private static final Map<String, Evaluation> EVALUATIONS = new ConcurrentHashMap<>();
    private static final String STRANGER = "a stranger account";
    private static final String UNTRUSTED = "a service the trust does not name, a role passed to another service";
    private static final String PREVIEW = "pr-1's roles";
    private static final String PREVIEW_WITHOUT_MANAGED = "pr-1's roles without AWS managed policies";
    private static final String PRODUCTION = "the production account's roles beyond their grants";
    private static final String FINDINGS = "the findings as they were";
    private static final String DRIFT = "the drift check beyond reading and reporting";

    /** An environment's policies, its catalogued calls, and what the evaluator decided on them and on the probes, by kind. */
    record Evaluation(String suffix, Policies policies, List<Call> calls, List<Decision> decisions, Map<String, List<Decision>> probes) {
        List<Call> allowed() {
            return decisions.stream().filter(Decision::allowed).map(Decision::call).toList();
        }
    }

    static Evaluation evaluation(String suffix) {
        evaluateAll();
        return EVALUATIONS.get(suffix);
    }

    /**
     * The three environments at once: synthesized one after the other (jsii is one process per
     * JVM), then each catalogued and evaluated with all its probes in one batch, side by side.
     */
    private static synchronized void evaluateAll() {
        if (!EVALUATIONS.isEmpty()) {
            return;
        }
        Map<String, Policies> policies = new LinkedHashMap<>();
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            Map<String, JsonNode> stacks = new LinkedHashMap<>();
            SynthesizedEnvironments.stacks(suffix).forEach((name, synth) -> stacks.put(name, synth.root()));
            policies.put(suffix, new Policies(new TerraformModel(stacks, suffix, Account.DEFAULT)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(policies.size());
        try {
            BuildspecCalls buildspecs = new BuildspecCalls(ROOT, Files.createDirectories(ROOT.resolve("src/target/iam")));
            List<Future<Evaluation>> running = new ArrayList<>();
            for (String suffix : policies.keySet()) {
                running.add(pool.submit(() -> evaluate(suffix, policies, buildspecs)));
            }
            Map<String, Evaluation> done = new LinkedHashMap<>();
            for (Future<Evaluation> evaluation : running) {
                done.put(evaluation.get().suffix(), evaluation.get());
            }
            EVALUATIONS.putAll(done);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static Evaluation evaluate(String suffix, Map<String, Policies> all, BuildspecCalls buildspecs) throws IOException {
        Path work = Files.createDirectories(ROOT.resolve("src/target/iam/" + suffix));
        Policies own = all.get(suffix);
        List<Call> calls = Catalogue.of(own, buildspecs);
        List<Call> evaluable = calls.stream().filter(c -> c.unevaluated().isEmpty()).toList();
        Map<String, List<Call>> probes = new LinkedHashMap<>();
        probes.put(STRANGER, calls(Negatives.fromAStranger(evaluable, own, Account.DEFAULT)));
        List<Call> untrusted = new ArrayList<>(calls(Negatives.fromAnUntrustedService(evaluable)));
        untrusted.addAll(calls(Negatives.passedToAnotherService(evaluable)));
        probes.put(UNTRUSTED, untrusted);
        Policies policies = own;
        if (suffix.equals("dev")) {
            Policies preview = all.get("pr-1");
            policies = own.withRolesOf(preview);
            probes.put(PREVIEW, calls(Negatives.fromAnotherEnvironment(evaluable, own, "dev", preview, "pr-1")));
            probes.put(DRIFT, driftCheckBeyondItsGrants(evaluable));
        }
        if (suffix.equals("prod")) {
            probes.put(PRODUCTION, calls(Negatives.beyondCrossAccountGrants(evaluable, Account.DEFAULT)));
            probes.put(FINDINGS, findingsAsTheyWere(own, evaluable));
        }
        PolicyEvaluator.Batch batch = EVALUATOR.batch(policies);
        int catalogue = batch.add(calls);
        Map<String, Integer> groups = new LinkedHashMap<>();
        probes.forEach((kind, probed) -> groups.put(kind, batch.add(probed)));
        if (probes.containsKey(PREVIEW)) {
            groups.put(PREVIEW_WITHOUT_MANAGED, batch.add(probes.get(PREVIEW), id -> !id.startsWith(PolicyEvaluator.AWS_MANAGED)));
        }
        batch.run();
        List<Decision> decisions = batch.decisions(catalogue);
        Map<String, List<Decision>> probed = new LinkedHashMap<>();
        groups.forEach((kind, group) -> probed.put(kind, batch.decisions(group)));
        List<String> report = new ArrayList<>(decisions.stream().map(Decision::toString).toList());
        calls.stream().filter(c -> c.unevaluated().isPresent())
                .forEach(c -> report.add("Unevaluated (" + c.unevaluated().get() + "): " + c + " (" + c.source() + ")"));
        Files.write(work.resolve("report.txt"), report);
        return new Evaluation(suffix, own, calls, decisions, probed);
    }

    /**
     * The two findings that started the evaluator, as they were: {@code lambda:GetAlias} granted
     * on the alias's ARN only, and blueprint E's production tasks pulling from a repository with
     * no policy for them (orders', beside invoices' that now has one).
     */
    private static List<Call> findingsAsTheyWere(Policies prod, List<Call> calls) {
        Call getAlias = calls.stream().filter(c -> c.action().equals("lambda:GetAlias") && c.source().contains("buildspec of"))
                .findFirst().orElseThrow();
        String aliasOnly = prod.register("finding: GetAlias on the alias only", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:GetAlias","Resource":"%s:live"}]}""".formatted(getAlias.resource()));
        Call pull = calls.stream().filter(c -> c.action().equals("ecr:BatchGetImage") && !c.principalAccount().equals(c.resourceAccount()))
                .findFirst().orElseThrow();
        return List.of(getAlias.by("arn:aws:iam::" + Account.DEFAULT.pipeline() + ":role/shift-role-before").assuming(List.of(aliasOnly)),
                pull.on(pull.resource().replace("invoices", "orders")));
    }

    /**
     * What the scheduled drift check of dev must not do: write or delete a state, decrypt through S3
     * for another bucket, change what it reports on (the flow logs' retention, the hand-made change
     * PlatformIT reports), publish to another environment's topic, or (its schedule) start another build.
     */
    private static List<Call> driftCheckBeyondItsGrants(List<Call> calls) {
        String role = "arn:aws:iam::" + Account.DEFAULT.pipeline() + ":role/role-drift-check-dev";
        Call read = find(calls, role, "s3:GetObject");
        Call decrypt = calls.stream().filter(c -> c.principal().equals(role) && c.action().equals("kms:Decrypt")
                && c.context().containsKey("kms:EncryptionContext:aws:s3:arn")).findFirst().orElseThrow();
        Call publish = find(calls, role, "sns:Publish");
        Call start = find(calls, role.replace("drift-check", "drift-schedule"), "codebuild:StartBuild");
        String account = Account.DEFAULT.pipeline();
        return List.of(Call.of(role, "s3:PutObject", read.resource(), account, "probe: overwrite a state"),
                Call.of(role, "s3:DeleteObject", read.resource(), account, "probe: delete a state"),
                Call.of(role, "s3:PutObject", read.resource() + ".tflock", account, "probe: take the lock"),
                decrypt.with("kms:EncryptionContext:aws:s3:arn", "arn:aws:s3:::" + account + "-s3-web-artifacts-dev"),
                Call.of(role, "logs:PutRetentionPolicy", "arn:aws:logs:us-east-1:" + account + ":log-group:/aws/vpc/flow-logs-dev", account,
                        "probe: change what it reports on"),
                publish.on(publish.resource().replace("-dev", "-pr-1")),
                start.on(start.resource().replace("cb-drift-check-dev", "cb-web-image-build-dev")));
    }

    private static Call find(List<Call> calls, String principal, String action) {
        return calls.stream().filter(c -> c.principal().equals(principal) && c.action().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no catalogued " + action + " by " + principal));
    }

    private static List<Call> calls(List<Probe> probes) {
        return probes.stream().map(Probe::call).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "pr-1", "prod"})
    void everyCatalogedCallIsAllowed(String suffix) {
        Evaluation evaluation = evaluation(suffix);
        List<String> refused = evaluation.decisions().stream().filter(d -> !d.allowed()).map(Decision::toString).toList();
        assertEquals(List.of(), refused, "calls the stacks' principals make that AWS would refuse");
        // Every role the stacks create makes at least one call: none is left out of the catalogue.
        Set<String> calling = new LinkedHashSet<>();
        evaluation.decisions().forEach(d -> calling.add(d.call().principal()));
        evaluation.calls().forEach(c -> {
            if (c.action().equals("sts:AssumeRole")) {
                calling.add(c.resource());
            }
        });
        List<String> silent = evaluation.policies().roles().keySet().stream().filter(role -> !calling.contains(role)).toList();
        assertEquals(List.of(), silent, "roles whose calls the catalogue does not list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "pr-1", "prod"})
    void noCallGoesUnevaluatedWithoutAStatedReason(String suffix) {
        List<Call> unevaluated = evaluation(suffix).calls().stream().filter(c -> c.unevaluated().isPresent()).toList();
        assertEquals(UNEVALUATED.get(suffix), unevaluated.size(), "calls not evaluated in " + suffix + ": " + unevaluated);
        assertTrue(evaluation(suffix).decisions().size() > 600, "the catalogue of " + suffix + " lost its calls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "pr-1", "prod"})
    void aStrangerAccountIsRefusedEverything(String suffix) {
        assertRefused(evaluation(suffix).probes().get(STRANGER), 300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "pr-1", "prod"})
    void rolesAreAssumedOnlyByTheirServiceAndPassedOnlyToTheirs(String suffix) {
        assertRefused(evaluation(suffix).probes().get(UNTRUSTED), 60);
    }

    /**
     * pr-1's roles on dev's resources (both in one account) are refused, except where an AWS
     * managed policy grants {@code *} (A11: those AWS provides): CodeDeploy's roles and the task
     * execution role. What keeps a preview's CodeDeploy role off dev is its trust (CodeDeploy of
     * this account only, for the groups that name it), not its policy; a new exception fails.
     */
    @Test
    void aPreviewsRolesCannotTouchDevsResources() {
        Evaluation dev = evaluation("dev");
        List<Decision> probes = dev.probes().get(PREVIEW);
        Set<String> kinds = new LinkedHashSet<>();
        probes.forEach(p -> kinds.add(p.call().resource().split(":")[2]));
        // pr-1's build role on dev's repository, key and bucket among them.
        assertTrue(kinds.containsAll(List.of("ecr", "kms", "s3", "codedeploy", "lambda", "logs")), "kinds probed: " + kinds);
        List<Decision> withoutManaged = dev.probes().get(PREVIEW_WITHOUT_MANAGED);
        List<String> beyondManaged = new ArrayList<>();
        Set<String> managed = new java.util.TreeSet<>();
        Policies both = dev.policies().withRolesOf(evaluation("pr-1").policies());
        for (int i = 0; i < probes.size(); i++) {
            if (!probes.get(i).denied()) {
                if (!withoutManaged.get(i).denied()) {
                    beyondManaged.add(probes.get(i).toString());
                }
                both.role(probes.get(i).call().principal()).orElseThrow().policies().stream()
                        .filter(id -> id.startsWith(PolicyEvaluator.AWS_MANAGED)).forEach(managed::add);
            }
        }
        assertEquals(List.of(), beyondManaged, "pr-1's roles allowed on dev's resources by the stacks' own policies");
        assertEquals(Set.of(PolicyEvaluator.AWS_MANAGED + "AWSCodeDeployRoleForECS",
                PolicyEvaluator.AWS_MANAGED + "service-role/AWSCodeDeployRoleForLambdaLimited",
                PolicyEvaluator.AWS_MANAGED + "service-role/AmazonECSTaskExecutionRolePolicy"), managed);
    }

    @Test
    void theDriftCheckReadsAndReportsAndNothingElse() {
        Evaluation dev = evaluation("dev");
        String role = "arn:aws:iam::" + Account.DEFAULT.pipeline() + ":role/role-drift-check-dev";
        List<Call> checks = dev.allowed().stream().filter(c -> c.principal().equals(role)).toList();
        // Every stack of dev with state: its listing, init's, the state and its key, and a refresh of each block.
        assertEquals(SynthesizedEnvironments.stacks("dev").keySet().stream().filter(s -> !s.equals(BootstrapStack.NAME)).count(),
                checks.stream().filter(c -> c.action().equals("s3:GetObject")).count(), "states read: " + checks.size() + " calls");
        assertEquals(1, checks.stream().filter(c -> c.action().equals("sns:Publish")).count());
        assertTrue(checks.stream().noneMatch(c -> c.action().startsWith("s3:Put") || c.action().startsWith("s3:Delete")), checks.toString());
        assertRefused(dev.probes().get(DRIFT), 7);
        // prod's check leaves out the production account's stack (--this-account-only): it holds no role there.
        List<String> prodStates = evaluation("prod").allowed().stream()
                .filter(c -> c.principal().endsWith(":role/role-drift-check-prod") && c.action().equals("s3:GetObject"))
                .map(Call::resource).toList();
        assertTrue(prodStates.stream().anyMatch(r -> r.endsWith("/platform.tfstate")), prodStates.toString());
        assertTrue(prodStates.stream().noneMatch(r -> r.contains("/production-")), prodStates.toString());
    }

    @Test
    void theProductionAccountsRolesStayWithinWhatBlueprintEGrantsThem() {
        List<Decision> probes = evaluation("prod").probes().get(PRODUCTION);
        Set<String> actions = new LinkedHashSet<>();
        probes.forEach(p -> actions.add(p.call().action()));
        assertTrue(actions.containsAll(List.of("s3:GetObject", "s3:PutObject", "kms:Decrypt", "ecr:BatchGetImage", "ecr:PutImage")),
                "actions probed: " + actions);
        assertRefused(probes, 10);
    }

    /**
     * Production's deployment events reach the pipeline account's bus: the forwarding role's
     * PutEvents there is catalogued and allowed (its own policy and the bus's statement for the
     * production account), and the same role name in a stranger account, administrator there, is refused.
     */
    @Test
    void onlyTheProductionAccountsForwardingRolePutsOnThePipelineAccountsBus() {
        Evaluation prod = evaluation("prod");
        String bus = "arn:aws:events:" + Account.DEFAULT.region() + ":" + Account.DEFAULT.pipeline() + ":event-bus/default";
        List<String> forwarded = prod.decisions().stream().filter(d -> d.call().action().equals("events:PutEvents")
                && d.call().resource().equals(bus) && !d.call().byService())
                .map(d -> d.call().principal() + " " + d.decision()).toList();
        assertEquals(List.of("arn:aws:iam::210987654321:role/role-deployment-events-prod Allowed"), forwarded);
        List<String> strangers = prod.probes().get(STRANGER).stream().filter(d -> d.call().action().equals("events:PutEvents")
                && d.call().resource().equals(bus)).map(Decision::decision).toList();
        assertEquals(List.of("ImplicitlyDenied"), strangers);
    }

    /** GetAlias on the alias ARN only, and a cross-account pull without the repository's policy: both refused, as AWS would. */
    @Test
    void theFindingsAsTheyWereAreRefused() {
        assertEquals(List.of("ImplicitlyDenied", "ImplicitlyDenied"),
                evaluation("prod").probes().get(FINDINGS).stream().map(Decision::decision).toList(),
                evaluation("prod").probes().get(FINDINGS).toString());
    }

    @Test
    void anAwsCommandTheCatalogueDoesNotKnowFailsTheEvaluation(@org.junit.jupiter.api.io.TempDir Path work) {
        Evaluation dev = evaluation("dev");
        TerraformModel model = dev.policies().model();
        TerraformModel.Block unitTests = model.resources("aws_codebuild_project").stream()
                .filter(p -> model.argument(p, "name").equals("cb-web-unit-tests-dev")).findFirst().orElseThrow();
        BuildspecCalls buildspecs = new BuildspecCalls(ROOT, work);
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> buildspecs.calls(dev.policies(), withCommand(unitTests, "aws s3 cp reports s3://somewhere/ --recursive")));
        assertTrue(unknown.getMessage().contains("runs `aws s3 cp reports s3://somewhere/ --recursive`, which the IAM catalogue does not know"),
                unknown.getMessage());
        IllegalStateException untaken = assertThrows(IllegalStateException.class,
                () -> buildspecs.calls(dev.policies(), withCommand(unitTests, "if false; then aws ssm get-parameter --name x; fi")));
        assertTrue(untaken.getMessage().contains("calls `aws ssm get-parameter` on a path the run did not take"), untaken.getMessage());
    }

    /** Every {@code aws} command of every file in buildspecs/ is one a project's build ran and the catalogue mapped. */
    @Test
    void everyAwsCommandOfEveryBuildspecIsCatalogued() throws IOException {
        Set<String> catalogued = new LinkedHashSet<>();
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            evaluation(suffix).calls().forEach(c -> {
                int at = c.source().indexOf(": aws ");
                if (at >= 0) {
                    String[] words = c.source().substring(at + 6).split(" ");
                    catalogued.add(words[0] + " " + words[1]);
                }
            });
        }
        Set<String> inFiles = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("buildspecs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                inFiles.addAll(BuildspecCalls.awsCommands(Files.readString(file)));
            }
        }
        assertTrue(inFiles.size() >= 9, "aws commands found in buildspecs/: " + inFiles);
        assertEquals(Set.of(), difference(inFiles, catalogued), "aws commands in buildspecs/ that no catalogued build made");
    }

    private static void assertRefused(List<Decision> probes, int atLeast) {
        assertTrue(probes.size() >= atLeast, "too few probes: " + probes.size());
        assertEquals(List.of(), probes.stream().filter(d -> !d.denied()).map(Decision::toString).toList(), "calls that must be refused");
    }

    private static TerraformModel.Block withCommand(TerraformModel.Block project, String command) {
        ObjectNode body = project.body().deepCopy();
        ObjectNode source = (ObjectNode) body.path("source");
        source.put("buildspec", "version: 0.2\nphases:\n  build:\n    commands:\n      - " + JSON.valueToTree(command) + "\n");
        return new TerraformModel.Block(project.stack(), false, project.type(), project.name(), body, project.account());
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }
}
