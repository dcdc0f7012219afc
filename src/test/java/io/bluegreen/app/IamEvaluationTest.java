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
import io.bluegreen.app.iam.Negatives;
import io.bluegreen.app.iam.Negatives.Probe;
import io.bluegreen.app.iam.Policies;
import io.bluegreen.app.iam.PolicyEvaluator;
import io.bluegreen.app.iam.PolicyEvaluator.Decision;
import io.bluegreen.app.iam.TerraformModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /** An environment's policies, its catalogued calls and what the evaluator decided on them. */
    record Evaluation(String suffix, Policies policies, List<Call> calls, List<Decision> decisions) {
        List<Call> allowed() {
            return decisions.stream().filter(Decision::allowed).map(Decision::call).toList();
        }
    }

    static Evaluation evaluation(String suffix) {
        return EVALUATIONS.computeIfAbsent(suffix, s -> {
            Map<String, JsonNode> stacks = new LinkedHashMap<>();
            SynthesizedEnvironments.stacks(s).forEach((name, synth) -> stacks.put(name, synth.root()));
            Policies policies = new Policies(new TerraformModel(stacks, s, Account.DEFAULT));
            try {
                Path work = Files.createDirectories(ROOT.resolve("src/target/iam/" + s));
                List<Call> calls = Catalogue.of(policies, new BuildspecCalls(ROOT, work));
                List<Decision> decisions = EVALUATOR.decide(policies, calls);
                List<String> report = new ArrayList<>(decisions.stream().map(Decision::toString).toList());
                calls.stream().filter(c -> c.unevaluated().isPresent())
                        .forEach(c -> report.add("Unevaluated (" + c.unevaluated().get() + "): " + c + " (" + c.source() + ")"));
                Files.write(work.resolve("report.txt"), report);
                return new Evaluation(s, policies, calls, decisions);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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
        Evaluation evaluation = evaluation(suffix);
        assertRefused(evaluation.policies(), Negatives.fromAStranger(evaluation.allowed(), Account.DEFAULT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "pr-1", "prod"})
    void rolesAreAssumedOnlyByTheirServiceAndPassedOnlyToTheirs(String suffix) {
        Evaluation evaluation = evaluation(suffix);
        List<Probe> probes = new ArrayList<>(Negatives.fromAnUntrustedService(evaluation.allowed()));
        probes.addAll(Negatives.passedToAnotherService(evaluation.allowed()));
        assertTrue(probes.size() > 60, "too few probes: " + probes.size());
        assertRefused(evaluation.policies(), probes);
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
        Evaluation preview = evaluation("pr-1");
        Policies both = dev.policies().withRolesOf(preview.policies());
        List<Probe> probes = Negatives.fromAnotherEnvironment(dev.allowed(), dev.policies(), "dev", preview.policies(), "pr-1");
        Set<String> kinds = new LinkedHashSet<>();
        probes.forEach(p -> kinds.add(p.call().resource().split(":")[2]));
        // pr-1's build role on dev's repository, key and bucket among them.
        assertTrue(kinds.containsAll(List.of("ecr", "kms", "s3", "codedeploy", "lambda", "logs")), "kinds probed: " + kinds);
        List<Call> calls = probes.stream().map(Probe::call).toList();
        List<Call> allowed = EVALUATOR.decide(both, calls).stream().filter(d -> !d.denied()).map(Decision::call).toList();
        List<String> beyondManaged = EVALUATOR.decide(both, allowed, id -> !id.startsWith(PolicyEvaluator.AWS_MANAGED)).stream()
                .filter(d -> !d.denied()).map(Decision::toString).toList();
        assertEquals(List.of(), beyondManaged, "pr-1's roles allowed on dev's resources by the stacks' own policies");
        Set<String> managed = new java.util.TreeSet<>();
        allowed.forEach(c -> both.role(c.principal()).orElseThrow().policies().stream()
                .filter(id -> id.startsWith(PolicyEvaluator.AWS_MANAGED)).forEach(managed::add));
        assertEquals(Set.of(PolicyEvaluator.AWS_MANAGED + "AWSCodeDeployRoleForECS",
                PolicyEvaluator.AWS_MANAGED + "service-role/AWSCodeDeployRoleForLambdaLimited",
                PolicyEvaluator.AWS_MANAGED + "service-role/AmazonECSTaskExecutionRolePolicy"), managed);
    }

    @Test
    void theProductionAccountsRolesStayWithinWhatBlueprintEGrantsThem() {
        Evaluation prod = evaluation("prod");
        List<Probe> probes = Negatives.beyondCrossAccountGrants(prod.allowed(), Account.DEFAULT);
        Set<String> actions = new LinkedHashSet<>();
        probes.forEach(p -> actions.add(p.call().action()));
        assertTrue(actions.containsAll(List.of("s3:GetObject", "s3:PutObject", "kms:Decrypt", "ecr:BatchGetImage", "ecr:PutImage")),
                "actions probed: " + actions);
        assertRefused(prod.policies(), probes);
    }

    /**
     * The two findings that started the evaluator, as they were: {@code lambda:GetAlias} granted on
     * the alias's ARN only is refused on the function, where Lambda authorizes it; blueprint E's
     * production tasks are refused the pipeline account's images without the repository's policy.
     */
    @Test
    void theFindingsAsTheyWereAreRefused() {
        Evaluation prod = evaluation("prod");
        Call getAlias = prod.allowed().stream().filter(c -> c.action().equals("lambda:GetAlias") && c.source().contains("buildspec of"))
                .findFirst().orElseThrow();
        String aliasOnly = prod.policies().register("finding: GetAlias on the alias only", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:GetAlias","Resource":"%s:live"}]}""".formatted(getAlias.resource()));
        Call before = getAlias.by("arn:aws:iam::" + Account.DEFAULT.pipeline() + ":role/shift-role-before").assuming(List.of(aliasOnly));
        Call pull = prod.allowed().stream().filter(c -> c.action().equals("ecr:BatchGetImage") && !c.principalAccount().equals(c.resourceAccount()))
                .findFirst().orElseThrow();
        Call pullFromARepositoryWithoutPolicy = pull.on(pull.resource().replace("invoices", "orders"));
        List<Decision> decisions = EVALUATOR.decide(prod.policies(), List.of(before, pullFromARepositoryWithoutPolicy));
        assertEquals(List.of("ImplicitlyDenied", "ImplicitlyDenied"), decisions.stream().map(Decision::decision).toList(), decisions.toString());
    }

    @Test
    void anAwsCommandTheCatalogueDoesNotKnowFailsTheEvaluation(@org.junit.jupiter.api.io.TempDir Path work) {
        Evaluation dev = evaluation("dev");
        TerraformModel model = dev.policies().model();
        TerraformModel.Block unitTests = model.resources("aws_codebuild_project").stream()
                .filter(p -> model.argument(p, "name").equals("cb-web-unit-tests-dev")).findFirst().orElseThrow();
        BuildspecCalls buildspecs = new BuildspecCalls(ROOT, work);
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> buildspecs.calls(model, withCommand(unitTests, "aws s3 cp reports s3://somewhere/ --recursive")));
        assertTrue(unknown.getMessage().contains("runs `aws s3 cp reports s3://somewhere/ --recursive`, which the IAM catalogue does not know"),
                unknown.getMessage());
        IllegalStateException untaken = assertThrows(IllegalStateException.class,
                () -> buildspecs.calls(model, withCommand(unitTests, "if false; then aws ssm get-parameter --name x; fi")));
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

    private static void assertRefused(Policies policies, List<Probe> probes) {
        List<Call> calls = probes.stream().map(Probe::call).filter(c -> c.unevaluated().isEmpty()).toList();
        List<Decision> decisions = EVALUATOR.decide(policies, calls);
        assertEquals(calls.size(), decisions.size());
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (!decisions.get(i).denied()) {
                allowed.add(probes.get(i).kind() + ": " + decisions.get(i));
            }
        }
        assertEquals(List.of(), allowed, "calls that must be refused");
        assertTrue(decisions.size() > 0, "no probes");
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
