package io.bluegreen.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.core.SynthResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Blueprint C's buildspecs as CodeBuild runs them, against stand-in {@code aws} and
 * {@code docker}: the image is built once per commit with the layer cache, pushed under the
 * commit's tag and named in imageDetail.json; the publish step turns that image into a version.
 */
class LambdaImageBuildspecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-catalog-dev";
    private static final String BUILDKIT = "123456789012.dkr.ecr.us-east-1.amazonaws.com/buildkit@sha256:"
            + "a3f1c0de5b7e9d2c4f6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e";
    private static SynthResult synth;
    private static Map<String, String> standIns;

    @BeforeAll
    static void synthBlueprintCInSmall() {
        synth = SynthResult.of(PipelineFixtures.container());
        standIns = Map.of(
                synth.ref("aws_ecr_repository", "repository_url"), REPOSITORY,
                synth.ref("aws_lambda_function", "function_name"), "fn-catalog-dev",
                variable(project("cb-web-build-dev"), "BUILDKIT_IMAGE"), BUILDKIT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "new commit    | ImageNotFoundException | 0 | buildx create --use --name cached --driver-opt image=" + BUILDKIT + ";buildx build --provenance=false --load --cache-from type=local,src=.docker-cache --cache-to type=local,dest=.docker-cache-new,mode=max --tag " + REPOSITORY + ":0123456789ab .;push " + REPOSITORY + ":0123456789ab",
        "retried run   | exists                 | 0 | ",
        "access denied | AccessDeniedException  | 1 | ",
    })
    void imageIsBuiltWithTheLayerCacheAndPushedOnceUnderItsCommitTag(String why, String registry, int exitCode, String dockerCalls,
                                                                      @TempDir Path work) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        BuildspecRunner.stub(bin, "aws", "[ \"$1 $2\" = \"ecr describe-images\" ] || exit 9\n"
                + "[ \"$4\" = \"ecr-catalog-dev\" ] && [ \"$6\" = \"imageTag=0123456789ab\" ] || exit 8\n"
                + ("exists".equals(registry) ? "echo '{}'\n" : "echo 'An error occurred (" + registry + ")' >&2; exit 254\n"));
        BuildspecRunner.stub(bin, "docker", "echo \"$*\" >> \"" + work.resolve("docker.calls") + "\"\n"
                + "case \"$*\" in *--cache-to*) mkdir -p .docker-cache-new/blobs;; esac\n");
        Files.createDirectories(work.resolve(".docker-cache/blobs"));
        BuildspecRunner.Result result = BuildspecRunner.run(project("cb-web-build-dev"), "build", work, bin, standIns,
                Map.of("IMAGE_TAG", "0123456789ab"), 60);
        assertEquals(exitCode, result.exitCode(), why + ": " + result.log());
        List<String> calls = Files.exists(work.resolve("docker.calls")) ? Files.readAllLines(work.resolve("docker.calls")) : List.of();
        assertEquals(dockerCalls == null ? List.of() : List.of(dockerCalls.split(";")), calls, why);
        assertTrue(Files.isDirectory(work.resolve(".docker-cache")), "the cache CodeBuild saves to the bucket is in place");

        BuildspecRunner.Result post = BuildspecRunner.run(project("cb-web-build-dev"), "post_build", work, bin, standIns,
                Map.of("IMAGE_TAG", "0123456789ab"), 60);
        assertEquals(0, post.exitCode(), post.log());
        assertEquals(REPOSITORY + ":0123456789ab", JSON.readTree(work.resolve("imageDetail.json").toFile()).path("ImageURI").asText());
    }

    @Test
    void theCacheCodeBuildKeepsIsTheBuildspecsLayerDirectory() throws Exception {
        JsonNode project = project("cb-web-build-dev");
        assertEquals("S3", project.path("cache").path("type").asText());
        assertEquals("cache-dev/docker-layers", project.path("cache").path("location").asText());
        JsonNode spec = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(
                project.path("source").path("buildspec").asText().replace("$${", "${"));
        assertEquals("[\".docker-cache/**/*\"]", spec.path("cache").path("paths").toString());
        assertTrue(project.path("environment").path("privileged_mode").asBoolean(), "Docker needs it");
    }

    @Test
    void publishTurnsTheBuiltImageIntoANewVersion(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("imageDetail.json"), "{\"ImageURI\":\"" + REPOSITORY + ":0123456789ab\"}");
        Path bin = Files.createDirectories(work.resolve("bin"));
        BuildspecRunner.stub(bin, "aws", "case \"$1 $2\" in\n"
                + "  'lambda update-function-code') [ \"$*\" = 'lambda update-function-code --function-name fn-catalog-dev --image-uri "
                + REPOSITORY + ":0123456789ab --publish --query Version --output text' ] || exit 8; echo 4;;\n"
                + "  'lambda wait') [ \"$*\" = 'lambda wait function-updated-v2 --function-name fn-catalog-dev --qualifier 4' ] || exit 7;;\n"
                + "  *) exit 9;;\nesac\n");
        BuildspecRunner.Result result = BuildspecRunner.run(project("cb-web-publish-dev"), "build", work, bin, standIns, Map.of(), 60);
        assertEquals(0, result.exitCode(), result.log());
        assertEquals(JSON.readTree("{\"functionName\":\"fn-catalog-dev\",\"version\":\"4\"}"), JSON.readTree(work.resolve("version.json").toFile()));
    }

    @Test
    void underTheAwsManagedKeyThePipelineKeyAdmitsNoRoleAsCBuildsReadNoSecret() {
        JsonNode policy = SynthResult.embedded(synth.resources("aws_kms_key").get("pipeline_key_9778BF5E").path("policy"));
        List<String> sids = new java.util.ArrayList<>();
        policy.path("Statement").forEach(statement -> sids.add(statement.path("Sid").asText()));
        // Artifacts are under aws/s3 (S3 admits the account's roles), and no build logs in to Docker Hub: only logs use the key.
        assertEquals(List.of("AccountAdministers", "CloudWatchLogsEncrypt"), sids);
    }

    /**
     * The builder runs the account's BuildKit, read at plan time and pinned by its digest, never
     * Docker Hub's; the build role pulls it from that repository and nowhere else.
     */
    @Test
    void theBuilderRunsTheAccountsBuildKitPinnedByDigest() {
        String repository = "data.aws_ecr_repository." + synth.dataSources("aws_ecr_repository").keySet().iterator().next();
        String image = "data.aws_ecr_image." + synth.dataSources("aws_ecr_image").keySet().iterator().next();
        assertEquals("${" + repository + ".repository_url}@${" + image + ".image_digest}",
                variable(project("cb-web-build-dev"), "BUILDKIT_IMAGE"));
        assertEquals("buildkit", synth.dataSources("aws_ecr_repository").values().iterator().next().path("name").asText());
        assertEquals("v0.16.0", synth.dataSources("aws_ecr_image").values().iterator().next().path("image_tag").asText());
        List<JsonNode> pulls = synth.resources("aws_iam_policy").values().stream()
                .flatMap(p -> StreamSupport.stream(SynthResult.embedded(p.path("policy")).path("Statement").spliterator(), false))
                .filter(s -> s.path("Sid").asText().equals("PullPinnedImage")).toList();
        assertEquals(1, pulls.size(), "only the image build pulls BuildKit");
        JsonNode pull = pulls.get(0);
        assertEquals("[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]", pull.path("Action").toString());
        assertEquals("${" + repository + ".arn}", pull.path("Resource").asText());
    }

    private static String variable(JsonNode project, String name) {
        return StreamSupport.stream(project.path("environment").path("environment_variable").spliterator(), false)
                .filter(v -> v.path("name").asText().equals(name)).findFirst().orElseThrow().path("value").asText();
    }

    private static JsonNode project(String name) {
        return synth.resources("aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
