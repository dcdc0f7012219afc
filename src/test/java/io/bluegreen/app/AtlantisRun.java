package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the checked-in atlantis.yaml's workflow the way Atlantis does, without Atlantis (no Atlantis
 * binary is reachable on this machine): one clone per workspace, shared by the projects of that
 * workspace; each project's plan and apply steps run as {@code sh -c <run>} in the project's dir of
 * the clone with the variables Atlantis sets for run steps: WORKSPACE, PROJECT_NAME, PLANFILE,
 * SHOWFILE (both in that dir), DIR, REPO_REL_DIR, HEAD_COMMIT, PULL_NUM, BASE_BRANCH_NAME...
 * The projects given to one {@link #plan} call run concurrently, as with {@code parallel_plan},
 * under Atlantis's working-directory lock as servers before runatlantis/atlantis#6086 key it (pull
 * request, workspace, dir; no project name): a second command on a held key fails as Atlantis's does.
 */
final class AtlantisRun {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The simulated pull request's head commit. Not git's: CI may test a checkout that is no git repository. */
    static final String HEAD_COMMIT = "5f1d0c3a9b7e4d2c8a6f0e1b3d5c7a9e2f4b6d80";
    /** What a clone of the repository does not hold: build output and local state, as .gitignore lists them. */
    private static final Set<String> NOT_IN_A_CLONE = Set.of(".git", "target", "cdktf.out", "node_modules", ".terraform", ".gen",
            ".local", ".preview", ".atlantis-synth.lock");
    private final Path root;
    private final Path clones;
    private final Map<String, String> server;
    private final JsonNode config;
    private final Map<String, Path> cloneOf = new HashMap<>();
    private final Set<String> lockedDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    record Step(String project, int exitCode, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** {@code server}: the environment of the Atlantis server process (credentials, endpoint, CLI config). */
    AtlantisRun(Path root, Path clones, Map<String, String> server) throws IOException, InterruptedException {
        this.root = root;
        this.clones = clones;
        this.server = Map.copyOf(server);
        this.config = YAML.readTree(root.resolve(AtlantisConfig.FILE).toFile());
    }

    JsonNode project(String name) {
        for (JsonNode project : config.path("projects")) {
            if (project.path("name").asText().equals(name)) {
                return project;
            }
        }
        throw new AssertionError("atlantis.yaml has no project " + name);
    }

    /** The projects of {@code workspace} in the file, by name, with their execution_order_group. */
    Map<String, Integer> projects(String workspace) {
        Map<String, Integer> projects = new TreeMap<>();
        config.path("projects").forEach(p -> {
            if (p.path("workspace").asText().equals(workspace)) {
                projects.put(p.path("name").asText(), p.path("execution_order_group").asInt());
            }
        });
        return projects;
    }

    /** Plans the projects concurrently; results by project name. */
    Map<String, Step> plan(List<String> projects) throws Exception {
        return run(projects, "plan");
    }

    /** Applies the saved plans of the projects concurrently (one execution_order_group at a time is the caller's order). */
    Map<String, Step> apply(List<String> projects) throws Exception {
        return run(projects, "apply");
    }

    /** Applies the saved plans as {@code atlantis apply} does: one execution_order_group after the other, a group at once. */
    void applyGroupByGroup(List<String> projects) throws Exception {
        TreeMap<Integer, List<String>> groups = new TreeMap<>();
        projects.forEach(name -> groups.computeIfAbsent(project(name).path("execution_order_group").asInt(), g -> new ArrayList<>())
                .add(name));
        for (List<String> group : groups.values()) {
            apply(group).forEach((name, apply) -> {
                assertEquals(0, apply.exitCode(), name + ":\n" + apply.output());
                assertTrue(apply.output().contains("Apply complete!"), name + ":\n" + apply.output());
            });
        }
    }

    /** Each plan's outcome: "no changes", "planned" (a saved plan), or the last line it printed when it failed. */
    Map<String, String> outcomes(Map<String, Step> plans) {
        Map<String, String> outcome = new TreeMap<>();
        plans.forEach((name, plan) -> outcome.put(name, plan.exitCode() == 0
                ? (plan.output().contains("No changes.") ? "no changes" : Files.exists(planfile(name)) ? "planned" : plan.output())
                : plan.lastLine()));
        return outcome;
    }

    /**
     * Each plan ended as {@code expected} says (see {@link #outcomes}); when one did not, the message holds what every such
     * plan printed, not only its last line.
     */
    void assertOutcomes(Map<String, String> expected, Map<String, Step> plans) {
        Map<String, String> actual = outcomes(plans);
        StringBuilder unexpected = new StringBuilder();
        actual.forEach((name, outcome) -> {
            if (!outcome.equals(expected.get(name))) {
                unexpected.append("\n==> ").append(name).append(" (exit ").append(plans.get(name).exitCode()).append("):\n")
                        .append(plans.get(name).output());
            }
        });
        assertEquals(expected, actual, unexpected.toString());
    }

    /** The one line plan.sh prints when a stack the project reads has no state in the workspace yet. */
    static String waitingFor(String project, String dependency) {
        return project + ": " + dependency + " is not applied yet; apply it first (atlantis apply -p " + dependency + "), then plan "
                + project + " again";
    }

    /** Where a project's plan step saves its plan (PLANFILE). */
    Path planfile(String project) {
        String workspace = project(project).path("workspace").asText();
        return cloneOf.get(workspace).resolve(project(project).path("dir").asText()).resolve(project + "-" + workspace + ".tfplan");
    }

    Path clone(String workspace) {
        return cloneOf.get(workspace);
    }

    private Map<String, Step> run(List<String> projects, String command) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(projects.size());
        try {
            Map<String, Future<Step>> running = new TreeMap<>();
            for (String name : projects) {
                JsonNode project = project(name);
                Path clone = cloneFor(project.path("workspace").asText());
                running.put(name, pool.submit(() -> steps(project, clone, command)));
            }
            Map<String, Step> results = new TreeMap<>();
            for (var entry : running.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get(30, TimeUnit.MINUTES));
            }
            // The benchmark's figures for a round (docs/benchmarks.md), printed to the console of mvn verify.
            System.out.printf("atlantis %s of %d projects %s: %d s%n", command, projects.size(), projects,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Step steps(JsonNode project, Path clone, String command) throws IOException, InterruptedException {
        String name = project.path("name").asText();
        String workspace = project.path("workspace").asText();
        String dir = project.path("dir").asText();
        String lock = workspace + "/" + dir;
        if (!lockedDirs.add(lock)) {
            return new Step(name, 1, "The " + workspace + " workspace at path " + dir + " is currently locked by another command that "
                    + "is running for this pull request.\nWait until the previous command is complete and try again.");
        }
        try {
            return runSteps(project, clone.resolve(dir), name, workspace, dir, command);
        } finally {
            lockedDirs.remove(lock);
        }
    }

    private Step runSteps(JsonNode project, Path dir, String name, String workspace, String relativeDir, String command)
            throws IOException, InterruptedException {
        StringBuilder output = new StringBuilder();
        JsonNode workflow = config.path("workflows").path(project.path("workflow").asText()).path(command).path("steps");
        for (JsonNode step : workflow) {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", step.path("run").asText()).directory(dir.toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("TF_"));
            env.putAll(server);
            env.putAll(Map.of("WORKSPACE", workspace, "PROJECT_NAME", name, "DIR", dir.toString(), "REPO_REL_DIR", relativeDir,
                    "PLANFILE", dir.resolve(name + "-" + workspace + ".tfplan").toString(),
                    "SHOWFILE", dir.resolve(name + "-" + workspace + ".json").toString(),
                    "HEAD_COMMIT", HEAD_COMMIT, "PULL_NUM", "1", "BASE_BRANCH_NAME", "main", "HEAD_BRANCH_NAME", "feature"));
            env.putAll(Map.of("BASE_REPO_OWNER", "acme", "BASE_REPO_NAME", "bluegreen-platform", "USER_NAME", "reviewer",
                    "COMMENT_ARGS", "", "ATLANTIS_TERRAFORM_VERSION", "1.11.4"));
            Process process = builder.start();
            process.getOutputStream().close();
            output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(name + ": " + step + " did not finish");
            }
            if (process.exitValue() != 0) {
                return new Step(name, process.exitValue(), output.toString());
            }
        }
        return new Step(name, 0, output.toString());
    }

    /** Atlantis's clone of the pull request for one workspace: here a copy of the working tree without build output. */
    private synchronized Path cloneFor(String workspace) throws IOException {
        Path existing = cloneOf.get(workspace);
        if (existing != null) {
            return existing;
        }
        Path clone = clones.resolve(workspace);
        copyWorkingTree(root, clone);
        cloneOf.put(workspace, clone);
        return clone;
    }

    /** A fresh checkout's files: the working tree at {@code root} without build output and local state. */
    static void copyWorkingTree(Path root, Path to) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(root) && NOT_IN_A_CLONE.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(root.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String name = file.getFileName().toString();
                if (attributes.isRegularFile() && !NOT_IN_A_CLONE.contains(name) && !name.contains(".tfstate")) {
                    Files.copy(file, to.resolve(root.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
