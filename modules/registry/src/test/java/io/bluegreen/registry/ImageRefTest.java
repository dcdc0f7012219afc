package io.bluegreen.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformOutputConfig;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ContainerRegistry#pinImage}: an image of the account's registry, read at plan time and named by its digest. */
class ImageRefTest {
    @Test
    void theRepositoryIsCheckedTheTagReadAndTheImageNamedByItsDigest() {
        TerraformStack stack = TestStacks.withAwsProvider();
        ImageRef buildkit = ContainerRegistry.pinImage(stack, "buildkit", "buildkitImage", "tools/buildkit:v0.16.0");
        new TerraformOutput(stack, "uri", TerraformOutputConfig.builder().value(buildkit.uri()).build());
        new TerraformOutput(stack, "repository", TerraformOutputConfig.builder().value(buildkit.grantPull().resources().get(0)).build());
        SynthResult synth = SynthResult.of(stack);

        Map<String, JsonNode> listings = synth.dataSources("aws_ecr_repositories");
        assertEquals(1, listings.size());
        String listing = "data.aws_ecr_repositories." + listings.keySet().iterator().next();
        JsonNode postcondition = listings.values().iterator().next().path("lifecycle").path("postcondition").get(0);
        assertEquals("${contains(self.names == null ? [] : tolist(self.names), \"tools/buildkit\")}", postcondition.path("condition").asText());
        assertEquals("The ECR repository tools/buildkit that buildkitImage names does not exist in this account and region. Create it "
                + "and push the image tagged v0.16.0 into it (aws ecr create-repository --repository-name tools/buildkit "
                + "--image-tag-mutability IMMUTABLE; docker push <account>.dkr.ecr.<region>.amazonaws.com/tools/buildkit:v0.16.0), "
                + "then plan again.", postcondition.path("error_message").asText());

        Map<String, JsonNode> repositories = synth.dataSources("aws_ecr_repository");
        String repository = "data.aws_ecr_repository." + repositories.keySet().iterator().next();
        assertEquals("tools/buildkit", repositories.values().iterator().next().path("name").asText());
        assertEquals("[\"" + listing + "\"]", repositories.values().iterator().next().path("depends_on").toString(),
                "read once the listing has the repository");
        Map<String, JsonNode> images = synth.dataSources("aws_ecr_image");
        JsonNode image = images.values().iterator().next();
        assertEquals("${" + repository + ".name}", image.path("repository_name").asText());
        assertEquals("v0.16.0", image.path("image_tag").asText());
        String digest = "${data.aws_ecr_image." + images.keySet().iterator().next() + ".image_digest}";
        assertEquals("${" + repository + ".repository_url}@" + digest, synth.outputs().get("uri").path("value").asText());
        assertEquals(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"), buildkit.grantPull().actions());
        assertEquals("${" + repository + ".arn}", synth.outputs().get("repository").path("value").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"buildkit", "moby/buildkit:", "Buildkit:v1", "buildkit:v0.16.0:amd64", "buildkit@sha256:abc"})
    void aNameThatIsNotRepositoryColonTagIsRefusedNamingTheSetting(String name) {
        SettingException error = assertThrows(SettingException.class,
                () -> ContainerRegistry.pinImage(TestStacks.withAwsProvider(), "buildkit", "settings.buildkitImage", name));
        assertEquals("settings.buildkitImage is not <repository>:<tag> of an image in this account's ECR registry, got '" + name
                + "'; use e.g. 'buildkit:v0.16.0' (a repository name in lowercase letters, digits and . _ - /, a colon, a tag)",
                error.getMessage());
    }
}
