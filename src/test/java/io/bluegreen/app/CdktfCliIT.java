package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.core.EnvironmentSuffix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code npx cdktf synth} from the repository root runs the built app through cdktf.json, and a preview deployed and
 * torn down with the cdktf CLI as docs/deploying.md tells a user leaves nothing behind.
 */
class CdktfCliIT {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final Path OUT = ROOT.resolve("src/target/cdktf-cli");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, String output) {
    }

    private static Run cdktfSynth(String suffix, Path outdir) throws Exception {
        Files.createDirectories(outdir.getParent());
        ProcessBuilder builder = new ProcessBuilder("npx", "--no-install", "cdktf", "synth", "--no-color", "--output", outdir.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().put(EnvironmentSuffix.SETTING, suffix);
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        // cdktf runs `terraform version` first; it must see the project's CLI config, not a user's.
        builder.environment().put("TF_CLI_CONFIG_FILE", ROOT.resolve("scripts/terraform.rc").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "cdktf synth did not finish");
        return new Run(process.exitValue(), output);
    }

    @Test
    void synthStopsOnBadInputWithTheSettingsMessage() throws Exception {
        Path outdir = OUT.resolve("bad");
        Run run = cdktfSynth("Pr_7", outdir);
        assertEquals(1, run.exitCode(), run.output());
        String message = "ENVIRONMENT_SUFFIX must be lowercase letters, digits and single hyphens between them, "
                + "got 'Pr_7'; use for example 'pr-7'";
        assertTrue(run.output().contains(message), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("\tat "), "no stack trace: " + run.output());
        // The app itself says it once and nothing else (the CLI then repeats what the app wrote to stderr).
        ProcessBuilder appAlone = new ProcessBuilder("sh", "scripts/app.sh").directory(ROOT.toFile()).redirectErrorStream(true);
        appAlone.environment().put(EnvironmentSuffix.SETTING, "Pr_7");
        Process app = appAlone.start();
        String appOutput = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(app.waitFor(2, TimeUnit.MINUTES), "the app did not finish");
        assertEquals(1, app.exitValue(), appOutput);
        assertEquals(message + "\n", appOutput);
        assertFalse(Files.exists(outdir.resolve("stacks/platform/cdk.tf.json")), "no stack is written");
    }

    /**
     * The two command blocks of docs/deploying.md, run as written against the emulator (the synthesized directory moved
     * under this test's work directory with {@code --output}, so a developer's cdktf.out and bootstrap state stay
     * untouched; the build and npm ci are Maven's): synth, the bootstrap, the one-time workspace step,
     * {@code TF_WORKSPACE=pr-42 npx cdktf deploy $STACKS}, then {@code npx cdktf destroy $STACKS} and
     * {@code scripts/preview forget 42}. The synth writes what the app writes in process, stack by stack. The preview is
     * of the platform alone (an overlay leaves every service out: one more full preview would cost the CI budget
     * what {@code preview up} costs), and a task definition revision a deployment registered stands for what
     * {@code forget} must delete. Afterwards the proof {@code preview down} runs finds nothing of pr-42, and once the
     * bootstrap goes the account is as it was.
     */
    @Test
    void aPreviewDeployedAndDestroyedWithTheCdktfCliAsTheDocsSayLeavesNothing() throws Exception {
        try (EmulatorScenario scenario = EmulatorScenario.start("cdktf-cli")) {
            LocalAws aws = scenario.aws;
            Map<String, List<String>> before = aws.inventory();
            Path out = scenario.work.resolve("synthesized");
            Path overlay = scenario.work.resolve("web-only.json");
            // prod's own setting for invoices goes with the service: every environment's overrides are checked on every synth.
            Files.writeString(overlay, "{\"services\": {\"web\": null, \"payment-service\": null, \"payments-api\": null, "
                    + "\"catalog-api\": null, \"orders\": null, \"invoices\": null}, "
                    + "\"environments\": {\"prod\": {\"services\": {\"web\": null, \"invoices\": null}}}}");
            Map<String, String> user = new java.util.HashMap<>(aws.environment());
            // What the exports scripts/local-deploy.sh prints add to the emulator's endpoint and credentials.
            user.put("TF_CLI_CONFIG_FILE", ROOT.resolve("scripts/terraform.rc").toString());
            user.put("CHECKPOINT_DISABLE", "1");
            user.put(PlatformApp.CONFIG_OVERLAY, overlay.toString());
            user.put("PREVIEW_DIR", scenario.work.resolve("previews").toString());
            List<String> blocks = DocsTest.bashBlocks(ROOT.resolve("docs/deploying.md"));

            String deploying = blocks.get(0);
            Run deploy = bash(asRunHere(deploying, out), user);
            assertEquals(0, deploy.exitCode(), deploy.output());
            assertTrue(deploy.output().contains("Generated Terraform code for the stacks: bootstrap, platform"), deploy.output());
            assertTheSameJsonAsInProcess(out, overlay);
            Map<String, Object> deployed = EmulatorScenario.added(before, aws.inventory());
            // The platform's network, topic and ledger.
            assertEquals(List.of(1, 1, 1), List.of(deployed.get("ec2:vpc"), deployed.get("dynamodb:table"), deployed.get("states:state-machine")),
                    deployed.toString());
            assertTrue(deployed.get("sns:topic").toString().contains("sns-notifications-pr-42"), deployed.toString());
            assertTrue(EmulatorScenario.preview(user, "list").output().startsWith("pr-42\t"), "the preview's workspace");
            // A revision a deployment registered (CodeDeploy does, for a service's task definition): in no state.
            String revision = JSON.readTree(aws.aws("ecs", "register-task-definition", "--family", "task-web-pr-42", "--container-definitions",
                    "[{\"name\":\"web\",\"image\":\"public.ecr.aws/nginx/nginx:1.27\",\"memory\":128}]",
                    "--tags", "key=Environment,value=pr-42")).path("taskDefinition").path("taskDefinitionArn").asText();

            // The teardown block uses the deploy block's exports and $STACKS.
            String exports = deploying.lines().filter(line -> line.startsWith("export ") || line.startsWith("STACKS="))
                    .reduce("", (all, line) -> all + line + "\n");
            Run destroy = bash(asRunHere(exports + blocks.get(1), out), user);
            assertEquals(0, destroy.exitCode(), destroy.output());
            assertTrue(destroy.output().contains("==> forgot pr-42: deleted 1 empty state object(s) (pr-42/bluegreen/platform.tfstate)\n"
                    + "    deregistered " + revision + ", which a deployment registered outside Terraform\n"
                    + "    deleted every revision of the task definition family task-web-pr-42\n"), destroy.output());
            assertEquals("", EmulatorScenario.preview(user, "list").output().strip(), "no pr-42 workspace is left");
            Run proof = bash("python3 scripts/aws_proof.py pr-42", user);
            assertEquals(0, proof.exitCode(), proof.output());
            assertTrue(proof.output().contains("pr-42 is gone"), proof.output());

            Run bootstrap = bash("npx cdktf destroy bootstrap --output " + out + " --skip-synth --auto-approve", user);
            assertEquals(0, bootstrap.exitCode(), bootstrap.output());
            assertEquals(before, aws.inventory(), "nothing of pr-42 or the bootstrap is left");
        }
    }

    /** The CLI's synth (in {@code out}) is what the app writes in process for pr-42 with {@code overlay}, stack by stack. */
    private static void assertTheSameJsonAsInProcess(Path out, Path overlay) throws Exception {
        Path inProcess = OUT.resolve("in-process");
        App app = new App(AppConfig.builder().outdir(inProcess.toString()).build());
        PlatformApp.define(app, ROOT, Map.of(EnvironmentSuffix.SETTING, "pr-42", PlatformApp.CONFIG_OVERLAY, overlay.toString()));
        app.synth();
        List<String> stacks;
        try (var dirs = Files.list(inProcess.resolve("stacks"))) {
            stacks = dirs.map(dir -> dir.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of(BootstrapStack.NAME, PlatformStack.NAME), stacks);
        for (String stack : stacks) {
            JsonNode cli = JSON.readTree(out.resolve("stacks/" + stack + "/cdk.tf.json").toFile());
            JsonNode written = JSON.readTree(inProcess.resolve("stacks/" + stack + "/cdk.tf.json").toFile());
            for (String part : List.of("resource", "terraform", "output", "data")) {
                assertEquals(written.path(part), cli.path(part), stack + " " + part);
            }
        }
    }

    /**
     * A block of the docs as it runs here: without the build (Maven's, before this test), every cdktf.out is {@code out},
     * and the cdktf commands write and read there.
     */
    private static String asRunHere(String block, Path out) {
        return block.lines().filter(line -> !line.startsWith("mvn ")).reduce("", (all, line) -> all + line + "\n")
                .replaceAll("(\\./)?cdktf\\.out/", java.util.regex.Matcher.quoteReplacement(out + "/"))
                .replaceAll("npx cdktf (synth|deploy|destroy)", "npx cdktf $1 --output " + out);
    }

    /** {@code script} in bash from the repository root, with {@code environment} and no AWS_ or TF_ variable of this JVM's. */
    private static Run bash(String script, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_") || k.equals(EnvironmentSuffix.SETTING));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.MINUTES), "did not finish: " + script);
        return new Run(process.exitValue(), output);
    }
}
