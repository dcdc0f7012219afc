package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import io.bluegreen.app.blueprint.StackBasics;
import io.bluegreen.core.SynthResult;
import io.bluegreen.lambda.LambdaRuntime;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS provider floor: the 18.0.3 bindings were generated from provider 5.23.1, and every
 * argument the stacks set beyond them (by override), every type they lack (written as a plain block)
 * and every value the provider validates that
 * 5.23.1 did not know (Lambda runtimes) is listed in {@link #NEWER} with the provider release
 * that introduced it. The floor in {@code required_providers} is the highest of those, so a new
 * override or runtime without its row fails here instead of at a user's {@code terraform plan}.
 */
class ProviderFloorTest {
    /** Where a row's release comes from. */
    private static final String CHANGELOG = "https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md";
    /** The release the project's tests run (the machine image's mirror); used where no changelog entry could be read. */
    private static final String TESTED = "5.100.0";

    /** What the stacks use that the bindings' provider (5.23.1) does not have, with the release that brought it. */
    private static final Map<String, Newer> NEWER = Map.of(
            "aws_codecommit_repository.kms_key_id", new Newer("5.34.0",
                    "CHANGELOG 5.34.0, resource/aws_codecommit_repository: Add kms_key_id argument (#35095)"),
            "data.aws_ecr_repositories", new Newer("5.30.0", "CHANGELOG 5.30.0, New Data Source: aws_ecr_repositories (#34446)"),
            "runtime nodejs20.x", new Newer("5.26.0", "CHANGELOG 5.26.0 (#34401, 'released in v5.26.0')"),
            "runtime nodejs22.x", new Newer(TESTED,
                    "documented in the CHANGELOG by #40277 (2024-11-22); its release could not be read offline, so the tested one"),
            "runtime python3.12", new Newer(TESTED, "after 5.23.1 (absent from its runtime list); release not confirmed offline"),
            "runtime python3.13", new Newer(TESTED, "documented by #40277 with nodejs22.x; release not confirmed offline"),
            "runtime java21", new Newer(TESTED, "after 5.23.1 (absent from its runtime list, #35613); release not confirmed offline"),
            "aws_codebuild_project.source.auth", new Newer(TESTED,
                    "removed in 5.0.0, back for CODECONNECTIONS after 5.23.1 (absent from its source block); release not confirmed offline"));

    /** Meta-arguments Terraform handles, not the provider. */
    private static final Set<String> META = Set.of("count", "depends_on", "for_each", "lifecycle", "provider", "provisioner", "connection", "//");
    private static final Pattern ATTRIBUTES = Pattern.compile("synthesizeAttributes\\(\\) \\{\\s*return \\{(.*?)\\n\\s*\\};", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("^\\s*(\\w+):", Pattern.MULTILINE);

    private static final Map<String, Set<String>> BOUND = new TreeMap<>();
    private static final Map<String, Set<String>> USED = new TreeMap<>();
    /** {@code type.block} of every nested block the stacks write, with the arguments written in it, and what the bindings set there. */
    private static final Map<String, Set<String>> USED_NESTED = new TreeMap<>();
    private static final Map<String, Set<String>> BOUND_NESTED = new TreeMap<>();
    private static final Set<String> ABSENT = new TreeSet<>();

    record Newer(String version, String source) {
    }

    /** Every block the stacks of dev, pr-1 and prod synthesize, and the top-level arguments the bindings can set on it. */
    @BeforeAll
    static void readTheBindingsOfEveryTypeTheStacksUse(@TempDir Path dir) throws Exception {
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            for (SynthResult stack : SynthesizedEnvironments.stacks(suffix).values()) {
                collect(stack.root().path("resource"), "");
                collect(stack.root().path("data"), "data.");
            }
        }
        Path archive = dir.resolve("bindings.tgz");
        try (InputStream bindings = AwsProvider.class.getResourceAsStream("/com/hashicorp/cdktf/providers/aws/provider-aws@18.0.3.jsii.tgz")) {
            Files.copy(bindings, archive);
        }
        Set<String> inArchive = Set.copyOf(tar(List.of("tar", "-tzf", archive.toString())).lines().toList());
        // A type the bindings lack altogether is written as a plain block; its row names the type.
        USED.keySet().stream().filter(type -> !inArchive.contains(bindingFile(type))).forEach(ABSENT::add);
        List<String> files = USED.keySet().stream().filter(type -> !ABSENT.contains(type)).map(ProviderFloorTest::bindingFile).toList();
        List<String> command = new ArrayList<>(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()));
        command.addAll(files);
        tar(command);
        for (String type : USED.keySet()) {
            if (!ABSENT.contains(type)) {
                String javascript = Files.readString(dir.resolve(bindingFile(type)));
                BOUND.put(type, arguments(javascript));
                USED_NESTED.keySet().stream().filter(nested -> nested.startsWith(type + ".")).forEach(nested ->
                        nestedArguments(javascript, type, nested.substring(type.length() + 1)).ifPresent(keys -> BOUND_NESTED.put(nested, keys)));
            }
        }
    }

    private static String tar(List<String> command) throws Exception {
        Process tar = new ProcessBuilder(command).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new AssertionError("tar could not read the bindings: " + output);
        }
        return output;
    }

    /** The AWS provider's blocks (terraform_data is Terraform's own). */
    private static void collect(JsonNode blocks, String prefix) {
        blocks.fields().forEachRemaining(type -> {
            if (type.getKey().startsWith("aws_")) {
                type.getValue().elements().forEachRemaining(block -> block.fields().forEachRemaining(argument -> {
                    USED.computeIfAbsent(prefix + type.getKey(), t -> new TreeSet<>()).add(argument.getKey());
                    JsonNode nested = argument.getValue().isArray() && argument.getValue().size() > 0 ? argument.getValue().get(0) : argument.getValue();
                    if (nested.isObject()) {
                        nested.fieldNames().forEachRemaining(key -> USED_NESTED
                                .computeIfAbsent(prefix + type.getKey() + "." + argument.getKey(), t -> new TreeSet<>()).add(key));
                    }
                }));
            }
        });
    }

    /** {@code aws_codecommit_repository} is {@code lib/codecommit-repository}, a data source's directory starts with {@code data-aws-}. */
    private static String bindingFile(String type) {
        String directory = type.startsWith("data.") ? "data-" + type.substring(5).replace('_', '-')
                : type.substring("aws_".length()).replace('_', '-');
        return "package/lib/" + directory + "/index.js";
    }

    /**
     * What the bindings write in a nested block: {@code aws_codebuild_project}'s {@code source} is
     * {@code codebuildProjectSourceToTerraform}. None for an argument that is a map, not a block.
     */
    private static java.util.Optional<Set<String>> nestedArguments(String javascript, String type, String block) {
        String function = camel(type.replaceFirst("^(data\\.)?aws_", type.startsWith("data.") ? "data_aws_" : "") + "_" + block);
        Matcher body = Pattern.compile("function " + function + "ToTerraform\\(struct\\) \\{.*?return \\{(.*?)\\n\\s*\\};", Pattern.DOTALL)
                .matcher(javascript);
        return body.find() ? java.util.Optional.of(keys(body.group(1))) : java.util.Optional.empty();
    }

    private static String camel(String snake) {
        StringBuilder camel = new StringBuilder();
        for (String word : snake.split("_")) {
            camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return camel.toString();
    }

    private static Set<String> arguments(String javascript) {
        Matcher body = ATTRIBUTES.matcher(javascript);
        if (!body.find()) {
            throw new AssertionError("no synthesizeAttributes in the binding");
        }
        return keys(body.group(1));
    }

    private static Set<String> keys(String body) {
        Set<String> keys = new TreeSet<>();
        Matcher key = KEY.matcher(body);
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    @Test
    void everyArgumentBeyondTheBindingsHasARowWithTheReleaseThatBroughtIt() {
        Set<String> beyond = new TreeSet<>();
        beyond.addAll(ABSENT);
        BOUND.forEach((type, bound) -> USED.get(type).stream().filter(key -> !META.contains(key) && !bound.contains(key))
                .forEach(key -> beyond.add(type + "." + key)));
        BOUND_NESTED.forEach((block, bound) -> USED_NESTED.get(block).stream().filter(key -> !bound.contains(key))
                .forEach(key -> beyond.add(block + "." + key)));
        assertTrue(BOUND_NESTED.size() > 20, "nested blocks whose bindings were read: " + BOUND_NESTED.keySet());
        Set<String> listed = new TreeSet<>(NEWER.keySet().stream().filter(k -> !k.startsWith("runtime ")).toList());
        assertEquals(listed, beyond, "an override the bindings cannot express needs its row in NEWER (the provider release from the CHANGELOG)");
    }

    @Test
    void everyLambdaRuntimeTheStacksOfferHasARow() {
        Set<String> offered = new TreeSet<>(Arrays.stream(LambdaRuntime.values()).map(r -> "runtime " + r.lambdaName()).toList());
        Set<String> listed = new TreeSet<>(NEWER.keySet().stream().filter(k -> k.startsWith("runtime ")).toList());
        assertEquals(offered, listed, "the provider validates runtimes against the SDK it was built with: a new one needs its row");
    }

    @Test
    void theFloorIsTheNewestRowAndTheCeilingTheNextMajor() {
        String floor = NEWER.values().stream().map(Newer::version).max(Comparator.comparing(ProviderFloorTest::numeric)).orElseThrow();
        assertEquals(">= " + floor + ", < 6.0.0", StackBasics.AWS_PROVIDER_VERSION, CHANGELOG);
        assertEquals(">= " + floor + ", < 6.0.0", SynthesizedEnvironments.stacks("dev").get("platform").root().path("terraform")
                .path("required_providers").path("aws").path("version").asText());
    }

    private static String numeric(String version) {
        return String.join(".", Arrays.stream(version.split("\\.")).map(part -> String.format("%05d", Integer.parseInt(part))).toList());
    }
}
