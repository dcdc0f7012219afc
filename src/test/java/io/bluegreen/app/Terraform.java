package io.bluegreen.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the terraform CLI in one synthesized stack directory with the project's CLI config
 * (scripts/terraform.rc: the provider from the machine's mirror) and a given workspace.
 */
final class Terraform {
    private static final long TIMEOUT_MINUTES = 10;
    private final Path dir;
    private final Map<String, String> environment;

    Terraform(Path dir, Path root, Map<String, String> aws) {
        this.dir = dir;
        Map<String, String> env = new HashMap<>(aws);
        env.put("TF_CLI_CONFIG_FILE", root.resolve("scripts/terraform.rc").toAbsolutePath().toString());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        // As the product's scripts run terraform (scripts/preview, the Atlantis steps): ~15 % less CPU per command.
        env.put("GOGC", "400");
        this.environment = Map.copyOf(env);
    }

    record Result(int exitCode, String output) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    /** {@code terraform <args>} in {@code workspace} (null: the default workspace). */
    Result run(String workspace, String... args) throws IOException, InterruptedException {
        Process process = start(workspace, args);
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("terraform " + String.join(" ", args) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The workspaces the stack's backend holds; none when the directory was never initialised. */
    List<String> workspaces() throws IOException, InterruptedException {
        if (!Files.isDirectory(dir.resolve(".terraform"))) {
            return List.of();
        }
        return run(null, "workspace", "list", "-no-color").orFail("workspace list").output().lines()
                .map(line -> line.replace("*", "").strip()).filter(name -> !name.isEmpty()).toList();
    }

    /** Starts terraform and leaves stdin open, for commands that wait at a prompt. */
    Process start(String workspace, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("terraform");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
        builder.environment().putAll(environment);
        if (workspace != null) {
            builder.environment().put("TF_WORKSPACE", workspace);
        }
        return builder.start();
    }
}
