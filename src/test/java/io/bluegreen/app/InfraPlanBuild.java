package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs buildspecs/infra-plan.yml's build phase as CodeBuild would, on a fresh copy of the repository: the buildspec's
 * variables, one command after the other. Its install phase only downloads terraform, which this machine has (and
 * releases.hashicorp.com is not reachable here).
 */
final class InfraPlanBuild {
    private InfraPlanBuild() {
    }

    /** Copies {@code root}'s working tree to {@code checkout} and runs the build phase there; returns the log, fails when a command fails. */
    static String run(Path root, Path checkout, String environment, Map<String, String> server) throws Exception {
        AtlantisRun.copyWorkingTree(root, checkout);
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("buildspecs/infra-plan.yml").toFile());
        StringBuilder log = new StringBuilder();
        for (JsonNode command : spec.path("phases").path("build").path("commands")) {
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", command.asText()).directory(checkout.toFile()).redirectErrorStream(true);
            bash.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
            bash.environment().putAll(server);
            spec.path("env").path("variables").fields().forEachRemaining(v -> bash.environment().put(v.getKey(), v.getValue().asText()));
            bash.environment().put("ENVIRONMENT", environment);
            bash.environment().put("CODEBUILD_RESOLVED_SOURCE_VERSION", AtlantisRun.HEAD_COMMIT);
            Process process = bash.start();
            process.getOutputStream().close();
            log.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("infra-plan did not finish:\n" + log);
            }
            assertEquals(0, process.exitValue(), "infra-plan: " + command.asText() + "\n" + log);
        }
        return log.toString();
    }
}
