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

/** {@code npx cdktf synth} from the repository root runs the built app through cdktf.json. */
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
    void synthWritesTheSameJsonAsTheAppDoesInProcess() throws Exception {
        Run run = cdktfSynth("pr-7", OUT.resolve("cli"));
        assertEquals(0, run.exitCode(), run.output());
        // The CLI wraps this line at its terminal width; the JSON comparison below covers every stack.
        assertTrue(run.output().contains("Generated Terraform code for the stacks: bootstrap, platform"), run.output());

        App app = new App(AppConfig.builder().outdir(OUT.resolve("in-process").toString()).build());
        PlatformApp.define(app, ROOT, Map.of(EnvironmentSuffix.SETTING, "pr-7"));
        app.synth();
        List<String> stacks;
        try (var dirs = Files.list(OUT.resolve("in-process/stacks"))) {
            stacks = dirs.map(dir -> dir.getFileName().toString()).sorted().toList();
        }
        assertTrue(stacks.containsAll(List.of(BootstrapStack.NAME, PlatformStack.NAME, "web", "payment-service", "payments-api",
                "catalog-api", IsolatedNetworkStack.NAME, "orders", "invoices")), stacks.toString());
        for (String stack : stacks) {
            JsonNode cli = JSON.readTree(OUT.resolve("cli/stacks/" + stack + "/cdk.tf.json").toFile());
            JsonNode inProcess = JSON.readTree(OUT.resolve("in-process/stacks/" + stack + "/cdk.tf.json").toFile());
            assertEquals(inProcess.path("resource"), cli.path("resource"), stack);
            assertEquals(inProcess.path("terraform"), cli.path("terraform"), stack);
            assertEquals(inProcess.path("output"), cli.path("output"), stack);
            assertEquals(inProcess.path("data"), cli.path("data"), stack);
        }
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
}
