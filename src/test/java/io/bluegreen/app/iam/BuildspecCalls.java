package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS calls a CodeBuild project's buildspec makes, taken from the buildspec itself: its
 * phases run in bash as CodeBuild runs them, with the project's variables and stand-ins for
 * {@code aws} and {@code docker} first on the PATH that record their arguments (and answer so
 * that every branch that calls AWS is taken: the image is new, the service has no tasks yet).
 * Each recorded command becomes the IAM requests it makes ({@link CliCalls}); a command the
 * catalogue does not know, or an {@code aws} command in the text that no run reached, fails.
 */
public final class BuildspecCalls {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> PHASES = List.of("install", "pre_build", "build", "post_build");
    /** {@code aws <service> <command>} as a buildspec line writes it. */
    private static final Pattern AWS_COMMAND = Pattern.compile("(?<![\\w$-])aws\\s+([a-z0-9-]+)\\s+([a-z0-9-]+)");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    /** A buildspec named by its path in the source, as CodeBuild reads it from the checkout. */
    private static final Pattern BUILDSPEC_FILE = Pattern.compile("buildspecs/[a-z0-9-]+\\.yml");

    private final Path root;
    private final Path work;
    private final Path bin;

    /**
     * Writes the stand-ins once, before any build runs: an executable written while another
     * thread starts a process cannot be run ("Text file busy"). Each run names its own record
     * of calls in {@code STANDIN_CALLS}.
     *
     * @param root the repository, for {@code buildspecs/isolated-image-build.yml}: the default
     *             a project without an inline buildspec (blueprint E) runs from its source
     * @param work a scratch directory
     */
    public BuildspecCalls(Path root, Path work) {
        this.root = root;
        this.work = work;
        try {
            this.bin = Files.createDirectories(work.resolve("stand-ins"));
            stub(bin, "aws", record("aws") + """
                    case "$1 $2" in
                      "ecr get-login-password") echo password ;;
                      "ecr describe-images") echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2; exit 254 ;;
                      "secretsmanager get-secret-value") echo "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation" >&2; exit 254 ;;
                      "ecs describe-task-definition") echo '{"family":"stand-in","containerDefinitions":[{"name":"app","image":"stand-in"}]}' ;;
                      "lambda update-function-code") echo 2 ;;
                      "lambda get-alias") echo 1 ;;
                      "deploy create-deployment") echo d-STANDIN01 ;;
                      "deploy get-deployment") echo Succeeded ;;
                      "ecs describe-services") echo 0 ;;
                      *) echo '{}' ;;
                    esac
                    """);
            // A BuildKit export leaves its cache directory behind, which the buildspec then moves.
            stub(bin, "docker", record("docker") + "[ \"$1 $2\" != \"buildx build\" ] || mkdir -p .docker-cache-new\n");
            // The drift check's install phase (terraform, boto3); its python3 runs scripts/preview, which DriftCalls maps.
            stub(bin, "python3", record("python3"));
            for (String tool : List.of("make", "npm", "zip", "curl", "pip3", "terraform")) {
                stub(bin, tool, "exit 0\n");
            }
            stub(bin, "unzip", "echo '  10  2 files'\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The buildspec a project runs: its inline one, the file of this repository it names (the drift
     * check's checkout), or the documented default its repository holds.
     */
    public String buildspec(TerraformModel model, Block project) {
        String inline = project.body().path("source").path("buildspec").asText("");
        if (inline.isEmpty() || BUILDSPEC_FILE.matcher(inline).matches()) {
            try {
                return Files.readString(root.resolve(inline.isEmpty() ? "buildspecs/isolated-image-build.yml" : inline));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model.resolve(project.stack(), inline.replace("$${", "\u0000{").replace("%%{", "%{")).replace("\u0000{", "${");
    }

    /** The requests the project's buildspec makes as the project's role. */
    public List<Call> calls(Policies policies, Block project) {
        TerraformModel model = policies.model();
        String buildspec = buildspec(model, project);
        String name = model.argument(project, "name");
        return requests(policies, model.argument(project, "service_role"), project.account(), "buildspec of " + name,
                buildspec, run(model, project, buildspec));
    }

    /**
     * The requests a resource's {@code local-exec} provisioner makes (the Lambda rollout), run with
     * its environment and the stand-ins, as {@code role}: whoever applies. The version Terraform
     * publishes is only known after the apply: the run takes the stand-in's next one.
     */
    public List<Call> provisionerCalls(Policies policies, Block resource, String role) {
        TerraformModel model = policies.model();
        JsonNode exec = resource.body().path("provisioner").get(0).path("local-exec");
        String script = exec.path("command").asText();
        Map<String, String> variables = new TreeMap<>();
        exec.path("environment").fields().forEachRemaining(v -> variables.put(v.getKey(),
                v.getKey().equals("TARGET_VERSION") ? "2" : model.resolve(resource.stack(), v.getValue().asText())));
        try {
            Path dir = Files.createTempDirectory(work, resource.name());
            return requests(policies, role, resource.account(), "local-exec of " + resource.address(), script,
                    recordCalls(script, variables, dir, "the local-exec of " + resource.address()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The IAM requests of the recorded commands; fails when a command the text names was not reached. */
    private static List<Call> requests(Policies policies, String role, String account, String where, String text,
                                       List<List<String>> recorded) {
        String region = policies.model().region();
        List<Call> calls = new ArrayList<>();
        Set<String> reached = new LinkedHashSet<>();
        String deploymentGroup = null;
        for (List<String> command : recorded) {
            if (command.get(0).equals("aws")) {
                reached.add(command.get(1) + " " + command.get(2));
            }
            if (command.get(0).equals("python3")) {
                calls.addAll(DriftCalls.of(policies, role, command, where));
                continue;
            }
            for (Call call : CliCalls.of(command, role, account, region, where)) {
                if (call.action().equals("codedeploy:CreateDeployment")) {
                    deploymentGroup = call.resource();
                }
                // A deployment is authorized on its group: the one this build created it in.
                calls.add(CliCalls.namesADeployment(call) ? call.on(deploymentGroup) : call);
            }
        }
        for (String command : awsCommands(text)) {
            if (!reached.contains(command)) {
                throw new IllegalStateException("the " + where + " calls `aws " + command
                        + "` on a path the run did not take: make BuildspecCalls' stand-in answer so that it does");
            }
        }
        return List.copyOf(calls);
    }

    /** Every {@code aws <service> <command>} the buildspec's commands name, comments left out. */
    public static Set<String> awsCommands(String buildspec) {
        Set<String> commands = new LinkedHashSet<>();
        for (String line : buildspec.split("\n")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher matcher = AWS_COMMAND.matcher(line);
            while (matcher.find()) {
                commands.add(matcher.group(1) + " " + matcher.group(2));
            }
        }
        return commands;
    }

    private List<List<String>> run(TerraformModel model, Block project, String buildspec) {
        try {
            Path dir = Files.createTempDirectory(work, model.argument(project, "name"));
            Path src = Files.createDirectories(dir.resolve("src"));
            // What the earlier stages hand on: the function's build, the published version, the image.
            Files.createDirectories(src.resolve("dist"));
            for (String file : List.of("package.json", "package-lock.json", "function.zip", "Dockerfile")) {
                Files.writeString(src.resolve(file), "{}");
            }
            Files.writeString(src.resolve("version.json"), "{\"functionName\":\"stand-in\",\"version\":\"2\"}");
            Files.writeString(src.resolve("imageDetail.json"), "{\"ImageURI\":\"stand-in:" + COMMIT.substring(0, 12) + "\"}");

            Map<String, String> variables = new TreeMap<>();
            for (JsonNode variable : project.body().path("environment").path("environment_variable")) {
                variables.put(variable.path("name").asText(), model.resolve(project.stack(), variable.path("value").asText()));
            }
            JsonNode spec = YAML.readTree(buildspec);
            spec.path("env").path("variables").fields().forEachRemaining(v -> variables.putIfAbsent(v.getKey(), v.getValue().asText()));
            for (String section : List.of("secrets-manager", "parameter-store", "exported-variables")) {
                if (spec.path("env").has(section)) {
                    throw new IllegalStateException("the buildspec of " + model.argument(project, "name") + " has an env." + section
                            + " section, whose reads the IAM catalogue does not know: add them to BuildCalls");
                }
            }
            variables.put("AWS_REGION", model.region());
            variables.put("AWS_DEFAULT_REGION", model.region());
            variables.put("CODEBUILD_RESOLVED_SOURCE_VERSION", COMMIT);
            variables.put("POLL_SECONDS", "0");

            List<String> script = new ArrayList<>(List.of("set -eu"));
            for (String phase : PHASES) {
                spec.path("phases").path(phase).path("commands").forEach(command -> script.add(command.asText()));
            }
            return recordCalls(String.join("\n", script), variables, src, "the buildspec of " + model.argument(project, "name"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code script} in bash in {@code dir} with the stand-ins first on the PATH; returns the commands they recorded. */
    private List<List<String>> recordCalls(String script, Map<String, String> variables, Path dir, String what) throws IOException {
        Path calls = Files.createTempFile(work, "calls", "");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        bash.environment().putAll(variables);
        bash.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        bash.environment().put("STANDIN_CALLS", calls.toString());
        Process process = bash.start();
        String log = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with the stand-ins:\n" + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<List<String>> commands = new ArrayList<>();
        for (String line : Files.readAllLines(calls)) {
            commands.add(List.of(line.split("\u001f", -1)));
        }
        return commands;
    }

    /** Appends the command line in one write: both sides of a pipe ({@code aws ... | docker login}) record at once. */
    private static String record(String tool) {
        return "line='" + tool + "'; for a in \"$@\"; do line=\"$line$(printf '\\037')$a\"; done; printf '%s\\n' \"$line\" >> \"$STANDIN_CALLS\"\n";
    }

    private static void stub(Path bin, String command, String body) throws IOException {
        Path file = bin.resolve(command);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
