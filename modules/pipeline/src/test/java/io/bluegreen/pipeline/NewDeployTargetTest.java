package io.bluegreen.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline knows the DeployTarget contract and no target: a target it has never seen (here CodePipeline's S3 deploy
 * of a static site, one class in this test) becomes a stage, and the pipeline's role gets what the target asks for, the
 * way aws-codepipeline's IAction binds itself. The ECS and Lambda targets live in modules/pipeline-actions.
 */
class NewDeployTargetTest {
    private static final String SITE_BUCKET = "arn:aws:s3:::site-web-dev";
    private static SynthResult synth;

    /** A target that exists only in this test. */
    record StaticSite(String bucketArn, Artifact site) implements DeployTarget {
        @Override
        public List<CodepipelineStageAction> actions() {
            return List.of(CodepipelineStageAction.builder().name("Sync").category("Deploy").owner("AWS").provider("S3").version("1")
                    .inputArtifacts(List.of(site.name()))
                    .configuration(new TreeMap<>(Map.of("BucketName", bucketArn.substring("arn:aws:s3:::".length()), "Extract", "true")))
                    .build());
        }

        @Override
        public List<Artifact> inputs() {
            return List.of(site);
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            return List.of(Statement.allow("PublishTheSite").actions("s3:PutObject").resources(bucketArn + "/*").build());
        }

        @Override
        public Optional<BuildKind> followUp() {
            return Optional.empty();
        }

        @Override
        public Map<String, String> parameters() {
            return Map.of("site-bucket", bucketArn);
        }
    }

    @BeforeAll
    static void synthAPipelineOntoTheNewTarget() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BuildAction tests = new BuildAction("Unit-Tests", "cb-web-unit-tests-dev", "/aws/codebuild/web-unit-tests-dev",
                new BuildKind.Tests(Buildspec.UNIT_TEST), ComputeType.SMALL);
        new DeliveryPipeline(stack, "pipeline", DeliveryPipelineProps.builder(Naming.of("dev"), "web",
                new Source.GitHub("arn:aws:codestar-connections:us-east-1:123456789012:connection/6f0b8e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                        "acme/web", "main"),
                List.of(new Stage.SourceStage("Source"), Stage.BuildStage.of("Test", tests),
                        new Stage.DeployStage("Publish", new StaticSite(SITE_BUCKET, Artifact.SOURCE))))
                .rules(StageRules.CONTINUOUS)
                .build());
        synth = SynthResult.of(stack);
    }

    @Test
    void theTargetsActionIsTheDeployStage() {
        JsonNode stage = synth.only("aws_codepipeline").path("stage").get(2);
        assertEquals("Publish", stage.path("name").asText());
        JsonNode action = stage.path("action").get(0);
        assertEquals("Sync Deploy S3 [\"SourceOutput\"]", action.path("name").asText() + " " + action.path("category").asText() + " "
                + action.path("provider").asText() + " " + action.path("input_artifacts"));
        assertEquals("{\"BucketName\":\"site-web-dev\",\"Extract\":\"true\"}", action.path("configuration").toString());
    }

    @Test
    void thePipelinesRoleGetsWhatTheTargetAsksForAndNoMore() {
        JsonNode policy = synth.resources("aws_iam_policy").values().stream()
                .filter(p -> p.path("name").asText().equals("role-web-pipeline-dev"))
                .map(p -> SynthResult.embedded(p.path("policy"))).findFirst().orElseThrow();
        JsonNode publish = null;
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Sid").asText().equals("PublishTheSite")) {
                publish = statement;
            }
            assertTrue(!statement.toString().contains("codedeploy") && !statement.toString().contains("ecs:"), statement.toString());
        }
        assertEquals("{\"Sid\":\"PublishTheSite\",\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"" + SITE_BUCKET + "/*\"}",
                String.valueOf(publish));
    }

    @Test
    void itsParametersArePublishedLikeAnyTargets() {
        Map<String, String> parameters = new TreeMap<>();
        synth.resources("aws_ssm_parameter").values().forEach(p -> parameters.put(p.path("name").asText(), p.path("value").asText()));
        assertEquals(Map.of("/web/pipeline-name-dev", "pipeline-web-dev", "/web/site-bucket-dev", SITE_BUCKET), parameters);
    }
}
