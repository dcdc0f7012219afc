package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.core.EnvironmentSuffix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One scenario of the emulator tests: a local AWS API of its own (scripts/emulator/emulator.py via {@link LocalAws}), a work
 * directory under src/target/e2e, and what every scenario does with them. Each scenario class runs in a JVM of its own
 * beside the others (failsafe forks), so each has its own account: an inventory taken in one scenario sees only what
 * that scenario made, which is what lets it prove a destroy left exactly nothing while the others keep deploying.
 */
final class EmulatorScenario implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    final Path work;
    final LocalAws aws;

    private EmulatorScenario(Path work, LocalAws aws) {
        this.work = work;
        this.aws = aws;
    }

    /** A fresh work directory src/target/e2e/NAME and an emulator that logs there. */
    static EmulatorScenario start(String name) throws IOException, InterruptedException {
        Path work = ROOT.resolve("src/target/e2e").resolve(name);
        deleteRecursively(work);
        Files.createDirectories(work);
        return new EmulatorScenario(work, LocalAws.start(ROOT, work.resolve("emulator.log")));
    }

    /**
     * Synthesizes the app for {@code suffix} exactly as {@code cdktf synth} does, with {@code overlay} (may be null) as
     * PLATFORM_CONFIG_OVERLAY; returns the stacks directory.
     */
    Path synthesize(String suffix, Path overlay) {
        return synthesize(suffix, overlay, suffix);
    }

    /** The stacks of environment {@code suffix} with {@code overlay}, written to {@code directory} of the work directory. */
    Path synthesize(String suffix, Path overlay, String directory) {
        Path outdir = work.resolve(directory);
        App app = new App(AppConfig.builder().outdir(outdir.toString()).build());
        Map<String, String> settings = new HashMap<>(Map.of(EnvironmentSuffix.SETTING, suffix));
        if (overlay != null) {
            settings.put(PlatformApp.CONFIG_OVERLAY, overlay.toString());
        }
        PlatformApp.define(app, ROOT, settings);
        app.synth();
        return outdir.resolve("stacks");
    }

    Terraform terraform(Path stackDir) {
        return new Terraform(stackDir, ROOT, aws.environment());
    }

    /** Creates the state bucket (the bootstrap stack of {@code stacks}) as a user does once per account; returns the stack. */
    Terraform bootstrap(Path stacks) throws Exception {
        Terraform bootstrap = terraform(stacks.resolve(BootstrapStack.NAME));
        bootstrap.run(null, "init", "-no-color").orFail("init bootstrap");
        bootstrap.run(null, "apply", "-auto-approve", "-no-color").orFail("apply bootstrap");
        return bootstrap;
    }

    record Preview(int exitCode, String output) {
    }

    /** {@code scripts/preview ARGS} against this emulator, as a user runs it, with {@code overlay} (may be null). */
    Preview preview(Path overlay, String... args) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(aws.environment());
        environment.put("PREVIEW_DIR", previews().toString());
        if (overlay != null) {
            environment.put(PlatformApp.CONFIG_OVERLAY, overlay.toString());
        }
        environment.put("TF_CLI_CONFIG_FILE", ROOT.resolve("scripts/terraform.rc").toString());
        return preview(environment, args);
    }

    /** {@code scripts/preview ARGS} with {@code environment} and no AWS_ or TF_ variable of this JVM's. */
    static Preview preview(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", ROOT.resolve("scripts/preview").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/preview " + String.join(" ", args) + " did not finish:\n" + output);
        }
        return new Preview(process.exitValue(), output);
    }

    /** Where {@code scripts/preview} keeps its environments' stacks and logs here (PREVIEW_DIR). */
    Path previews() {
        return work.resolve("previews");
    }

    static JsonNode outputs(Terraform stack, String workspace) throws Exception {
        JsonNode raw = JSON.readTree(stack.run(workspace, "output", "-json").orFail("output").output());
        var values = JSON.createObjectNode();
        raw.fields().forEachRemaining(e -> values.set(e.getKey(), e.getValue().path("value")));
        return values;
    }

    /** {@code terraform plan -detailed-exitcode} exits 0: nothing to change. */
    static void assertPlanIsEmpty(Terraform stack, String workspace) throws Exception {
        Terraform.Result plan = stack.run(workspace, "plan", "-detailed-exitcode", "-no-color");
        assertEquals(0, plan.exitCode(), plan.output());
    }

    /** Each stack's {@code terraform plan -detailed-exitcode} exits 0; the plans run at once. */
    static void assertPlansAreEmpty(String workspace, List<Terraform> stacks) throws Exception {
        inParallel(stacks.stream().<Callable<Void>>map(stack -> () -> {
            assertPlanIsEmpty(stack, workspace);
            return null;
        }).toList());
    }

    /** What the README's teardown does after a destroy: leave the workspace, then delete it with its state object. */
    static void deleteWorkspace(Terraform stack, String workspace) throws Exception {
        stack.run(null, "workspace", "select", "default", "-no-color").orFail("leave " + workspace);
        stack.run(null, "workspace", "delete", workspace, "-no-color").orFail("workspace delete " + workspace);
    }

    /**
     * What {@code after} lists that {@code before} does not: names where they are readable (they carry an environment or
     * are the shared state bucket's), else a count.
     */
    static Map<String, Object> added(Map<String, List<String>> before, Map<String, List<String>> after) {
        Map<String, Object> added = new TreeMap<>();
        after.forEach((kind, ids) -> {
            List<String> fresh = new ArrayList<>(ids);
            fresh.removeAll(before.getOrDefault(kind, List.of()));
            if (!fresh.isEmpty()) {
                boolean readable = fresh.stream().allMatch(id -> id.contains("-dev") || id.contains("-pr-1") || id.contains("-staging")
                        || id.contains("shared") || id.contains("tfstate") || id.startsWith("arn:aws:sns"));
                added.put(kind, readable && !kind.equals("sns:subscription") ? List.copyOf(fresh) : fresh.size());
            }
        });
        return added;
    }

    /** The CIDR blocks a security group admits on a port, sorted. */
    List<String> ingressCidrs(String groupName, int port) throws Exception {
        JsonNode group = JSON.readTree(aws.aws("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=" + groupName))
                .path("SecurityGroups").get(0);
        List<String> cidrs = new ArrayList<>();
        for (JsonNode permission : group.path("IpPermissions")) {
            if (permission.path("FromPort").asInt() == port) {
                permission.path("IpRanges").forEach(range -> cidrs.add(range.path("CidrIp").asText()));
            }
        }
        return cidrs.stream().sorted().toList();
    }

    static List<String> sorted(JsonNode texts) {
        List<String> values = new ArrayList<>();
        texts.forEach(text -> values.add(text.asText()));
        return values.stream().sorted().toList();
    }

    /** Copies a process's output into {@code into} as it comes, for commands that wait at a prompt. */
    static Thread pump(InputStream in, StringBuffer into) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException closed) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void awaitText(StringBuffer output, String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!output.toString().contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("'" + text + "' did not appear within " + timeout + ":\n" + output);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Runs the tasks at once (independent terraform commands mostly wait on their provider) and returns their results in
     * order; the first failure is rethrown once all have ended.
     */
    static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, tasks.size()));
        try {
            List<Future<T>> running = new ArrayList<>();
            tasks.forEach(task -> running.add(pool.submit(task)));
            List<T> results = new ArrayList<>();
            Throwable failure = null;
            for (Future<T> result : running) {
                try {
                    results.add(result.get(30, TimeUnit.MINUTES));
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                }
            }
            if (failure instanceof Exception exception) {
                throw exception;
            }
            if (failure != null) {
                throw (Error) failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Prints how long a step took, to the console of {@code mvn verify}: the figures of docs/benchmarks.md. */
    static void reportDuration(String what, long startedNanos) {
        System.out.printf("%s: %d s%n", what, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        aws.close();
    }
}
