package io.bluegreen.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The local AWS API (scripts/emulator/emulator.py: moto on 127.0.0.1, a free port) for one test class.
 * Stopped by its PID when closed. {@link #environment()} is all Terraform needs to reach it:
 * the synthesized JSON holds no emulator settings.
 */
final class LocalAws implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path root;

    private LocalAws(Process process, int port, Path root) {
        this.process = process;
        this.port = port;
        this.root = root;
    }

    static LocalAws start(Path root, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // The configuration's connections count as authorized, as the README asks of a real account.
        Process process = new ProcessBuilder("python3", root.resolve("scripts/emulator/emulator.py").toString(), String.valueOf(port),
                root.resolve("config/platform.json").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LocalAws aws = new LocalAws(process, port, root);
        aws.awaitReady(Duration.ofSeconds(60), log);
        return aws;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Dummy credentials and the endpoint; AWS_MAX_ATTEMPTS=3 makes a call moto lacks fail in seconds. */
    Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint(),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_REGION", "us-east-1",
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_MAX_ATTEMPTS", "3");
    }

    /** Live resources by kind, listed through the services' own APIs (scripts/inventory.py). */
    Map<String, List<String>> inventory() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("python3", root.resolve("scripts/inventory.py").toString());
        builder.environment().putAll(environment());
        Process inventory = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = inventory.getInputStream().readAllBytes();
        if (!inventory.waitFor(120, TimeUnit.SECONDS) || inventory.exitValue() != 0) {
            throw new IllegalStateException("inventory failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new TreeMap<>(new ObjectMapper().readValue(out, new TypeReference<Map<String, List<String>>>() { }));
    }

    /** Runs one of the project's scripts ({@code scripts/PATH}, e.g. {@code emulator/isolated_ecs.py}) against this emulator; returns its output. */
    String script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3", root.resolve("scripts").resolve(name).toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The AWS CLI against this emulator, as the bootstrap's destroy guard runs it; returns its output. */
    String aws(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        return run(command);
    }

    /**
     * The messages a queue holds, waiting up to {@code waitSeconds} for the first; none is an empty array. The AWS CLI
     * v1 sends SQS calls to its legacy queue.amazonaws.com whatever AWS_ENDPOINT_URL says, so the endpoint is given.
     */
    com.fasterxml.jackson.databind.JsonNode receive(String queueUrl, int waitSeconds) throws IOException, InterruptedException {
        String out = aws("--endpoint-url", endpoint(), "sqs", "receive-message", "--queue-url", queueUrl,
                "--max-number-of-messages", "10", "--wait-time-seconds", String.valueOf(waitSeconds));
        ObjectMapper json = new ObjectMapper();
        return out.isBlank() ? json.createArrayNode() : json.readTree(out).path("Messages");
    }

    /**
     * The AWS CLI as {@code roleArn}, another account's role: its temporary credentials make the
     * emulator answer in that account, as AWS does.
     */
    String awsAs(String roleArn, String... args) throws IOException, InterruptedException {
        Map<String, String> credentials = new ObjectMapper().readValue(aws("sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "local-aws", "--query", "Credentials"), new TypeReference<>() { });
        List<String> command = new java.util.ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        return run(command, Map.of("AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId"),
                "AWS_SECRET_ACCESS_KEY", credentials.get("SecretAccessKey"), "AWS_SESSION_TOKEN", credentials.get("SessionToken")));
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    private String run(List<String> command, Map<String, String> credentials) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment());
        builder.environment().putAll(credentials);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private void awaitReady(Duration timeout, Path log) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the emulator exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the emulator did not answer on " + endpoint() + " within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.descendants().forEach(ProcessHandle::destroy);
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
