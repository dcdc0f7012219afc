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
 * Runs a buildspec's build phase as CodeBuild would (buildspecs/infra-plan.yml, buildspecs/drift-check.yml): the
 * buildspec's variables, one command after the other, stopping at the first that fails. Their install phases only
 * download terraform and boto3, which this machine has (and releases.hashicorp.com is not reachable here).
 */
final class BuildPhase {
    private BuildPhase() {
    }

    /** The build phase's output, and the exit code of its last command (the first that failed, or 0). */
    record Result(int exitCode, String log) {
    }

    /**
     * Runs buildspecs/infra-plan.yml's build phase in {@code checkout} (a clone of the repository, whose app may be
     * built already: the buildspec's synth builds only what is out of date); returns the log, fails when a command fails.
     */
    static String infraPlan(Path root, Path checkout, String environment, Map<String, String> server) throws Exception {
        Result result = run(root.resolve("buildspecs/infra-plan.yml"), checkout, environment, server);
        assertEquals(0, result.exitCode(), "infra-plan:\n" + result.log());
        return result.log();
    }

    /** Runs {@code buildspec}'s build phase in {@code checkout} with {@code server}'s environment (no AWS_ or TF_ variable of this JVM's). */
    static Result run(Path buildspec, Path checkout, String environment, Map<String, String> server) throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(buildspec.toFile());
        StringBuilder log = new StringBuilder();
        for (JsonNode command : spec.path("phases").path("build").path("commands")) {
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", command.asText()).directory(checkout.toFile()).redirectErrorStream(true);
            bash.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
            spec.path("env").path("variables").fields().forEachRemaining(v -> bash.environment().put(v.getKey(), v.getValue().asText()));
            bash.environment().putAll(server);
            bash.environment().put("ENVIRONMENT", environment);
            bash.environment().put("CODEBUILD_RESOLVED_SOURCE_VERSION", AtlantisRun.HEAD_COMMIT);
            Process process = bash.start();
            process.getOutputStream().close();
            log.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(buildspec.getFileName() + " did not finish:\n" + log);
            }
            if (process.exitValue() != 0) {
                return new Result(process.exitValue(), log.toString());
            }
        }
        return new Result(0, log.toString());
    }
}
