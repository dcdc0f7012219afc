package io.bluegreen.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs a phase of a synthesized project's buildspec in bash as CodeBuild would, with stand-ins first on the PATH. */
final class BuildspecRunner {
    private static final YAMLMapper YAML = new YAMLMapper();

    private BuildspecRunner() {
    }

    record Result(int exitCode, String log) {
    }

    /**
     * The project's variables (references replaced by {@code standIns}) plus {@code extra}; all of
     * the phase's commands in one shell, as buildspec version 0.2 runs them.
     */
    static Result run(JsonNode project, String phase, Path work, Path bin, Map<String, String> standIns,
                      Map<String, String> extra, int timeoutSeconds) throws Exception {
        Map<String, String> variables = new TreeMap<>();
        project.path("environment").path("environment_variable")
                .forEach(v -> variables.put(v.path("name").asText(), standIns.getOrDefault(v.path("value").asText(), v.path("value").asText())));
        variables.putAll(extra);
        List<String> script = new ArrayList<>(List.of("set -eu"));
        YAML.readTree(project.path("source").path("buildspec").asText().replace("$${", "${").replace("%%{", "%{"))
                .path("phases").path(phase).path("commands").forEach(command -> script.add(command.asText()));
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", String.join("\n", script)).directory(work.toFile()).redirectErrorStream(true);
        bash.environment().putAll(variables);
        bash.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = bash.start();
        String log = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), phase + " did not finish: " + log);
        return new Result(process.exitValue(), log);
    }

    static void stub(Path bin, String command, String body) throws IOException {
        Path file = bin.resolve(command);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
