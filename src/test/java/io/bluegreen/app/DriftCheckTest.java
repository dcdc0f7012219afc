package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.DriftCheck.DriftCheckProps;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import io.bluegreen.core.TestStacks;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.Source;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scheduled drift check: what dev's platform stack synthesizes for it, that previews have none, and its settings. */
class DriftCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTION = "arn:aws:codestar-connections:us-east-1:123456789012:connection/6f0b8e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    private final SynthResult dev = SynthesizedEnvironments.stacks("dev").get(PlatformStack.NAME);

    @Test
    void devsPlatformStackStartsTheCheckOnWeekdayMorningsFromThisRepository() {
        JsonNode project = dev.only("aws_codebuild_project");
        assertEquals("cb-drift-check-dev", project.path("name").asText());
        JsonNode source = project.path("source");
        assertEquals("GITHUB", source.path("type").asText());
        assertEquals("https://github.com/acme/bluegreen-platform.git", source.path("location").asText());
        assertEquals(DriftCheck.BUILDSPEC, source.path("buildspec").asText());
        assertEquals(1, source.path("git_clone_depth").asInt());
        assertEquals(Map.of("type", "CODECONNECTIONS", "resource", CONNECTION), JSON.convertValue(source.path("auth"), Map.class));
        assertEquals("main", project.path("source_version").asText());
        assertEquals("NO_ARTIFACTS", project.path("artifacts").path("type").asText());
        assertEquals(60, project.path("build_timeout").asInt());
        JsonNode environment = project.path("environment");
        assertEquals("BUILD_GENERAL1_SMALL", environment.path("compute_type").asText());
        assertEquals(List.of(Map.of("name", "ENVIRONMENT", "value", "dev", "type", "PLAINTEXT")),
                JSON.convertValue(environment.path("environment_variable"), List.class));
        assertEquals("/aws/codebuild/drift-check-dev", project.path("logs_config").path("cloudwatch_logs").path("group_name").asText());

        JsonNode logs = dev.resources("aws_cloudwatch_log_group").entrySet().stream().filter(e -> e.getKey().startsWith("drift-check_"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertEquals("/aws/codebuild/drift-check-dev", logs.path("name").asText());
        assertEquals(30, logs.path("retention_in_days").asInt());
        assertTrue(logs.path("kms_key_id").asText().startsWith("${aws_kms_key.drift-check_key_"), logs.toString());

        JsonNode rule = dev.resources("aws_cloudwatch_event_rule").entrySet().stream().filter(e -> e.getKey().startsWith("drift-check_"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertEquals("rule-drift-check-dev", rule.path("name").asText());
        assertEquals(DriftCheck.DEFAULT_SCHEDULE, rule.path("schedule_expression").asText());
        JsonNode target = dev.resources("aws_cloudwatch_event_target").entrySet().stream().filter(e -> e.getKey().startsWith("drift-check_"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertEquals(dev.ref("aws_codebuild_project", "drift-check_", "arn"), target.path("arn").asText());
        assertEquals("${aws_cloudwatch_event_rule." + dev.resources("aws_cloudwatch_event_rule").keySet().stream()
                .filter(k -> k.startsWith("drift-check_")).findFirst().orElseThrow() + ".name}", target.path("rule").asText());
        assertEquals(dev.ref("aws_codebuild_project", "drift-check_", "name"), dev.outputs().get("driftCheckProject").path("value").asText());
    }

    @Test
    void theChecksRoleReadsThroughReadOnlyAccessAndMayOnlyDecryptTheStateBucketAndPublishToItsTopic() {
        List<String> managed = new ArrayList<>();
        dev.resources("aws_iam_role_policy_attachment").forEach((id, attachment) -> {
            if (id.startsWith("drift-check_role_managed")) {
                managed.add(attachment.path("policy_arn").asText());
            }
        });
        assertEquals(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), managed);
        JsonNode policy = dev.resources("aws_iam_policy").entrySet().stream().filter(e -> e.getKey().startsWith("drift-check_role_"))
                .map(e -> SynthResult.embedded(e.getValue().path("policy"))).findFirst().orElseThrow();
        List<String> sids = new ArrayList<>();
        policy.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
        assertEquals(List.of("WriteBuildLogs", "ReadStatesThroughTheStateKey", "PublishDrift", "EncryptTheMessage",
                "CheckOutThroughTheConnection"), sids);
        JsonNode state = policy.path("Statement").get(1);
        assertEquals("kms:Decrypt", state.path("Action").isArray() ? state.path("Action").get(0).asText() : state.path("Action").asText());
        assertTrue(state.path("Condition").path("StringEquals").path("kms:EncryptionContext:aws:s3:arn").asText()
                .endsWith(":s3:::bluegreen-platform-tfstate"), state.toString());
        JsonNode checkout = policy.path("Statement").get(4);
        assertEquals(CONNECTION, checkout.path("Resource").isArray() ? checkout.path("Resource").get(0).asText() : checkout.path("Resource").asText());
        assertTrue(checkout.path("Action").toString().contains("codestar-connections:GetConnectionToken"), checkout.toString());
    }

    @Test
    void previewsHaveNoScheduledCheck() {
        SynthResult preview = SynthesizedEnvironments.stacks("pr-1").get(PlatformStack.NAME);
        assertEquals(Map.of(), preview.resources("aws_codebuild_project"));
        assertTrue(!preview.outputs().containsKey("driftCheckProject"));
    }

    @Test
    void aCodeCommitRepositoryIsCheckedOutWithGitPullOnItAlone() {
        var stack = TestStacks.withAwsProvider();
        new DriftCheck(stack, "drift-check", new DriftCheckProps(Naming.of("staging"), "staging", new Source.CodeCommit("platform", "release"),
                "rate(12 hours)", new NotificationsRef("arn:aws:sns:us-east-1:123456789012:sns-notifications-staging", "sns-notifications-staging",
                "arn:aws:kms:us-east-1:123456789012:key/1234"), new BackendSettings("acme-tfstate", "us-east-1", "env")));
        SynthResult synth = SynthResult.of(stack);
        JsonNode source = synth.only("aws_codebuild_project").path("source");
        assertEquals("CODECOMMIT", source.path("type").asText());
        assertTrue(source.path("location").asText().endsWith(".amazonaws.com/v1/repos/platform"), source.toString());
        assertTrue(source.path("auth").isMissingNode(), "CodeCommit needs no connection");
        assertEquals("refs/heads/release", synth.only("aws_codebuild_project").path("source_version").asText());
        assertEquals("rate(12 hours)", synth.only("aws_cloudwatch_event_rule").path("schedule_expression").asText());
        JsonNode checkout = SynthResult.embedded(synth.resources("aws_iam_policy").values().stream()
                .filter(p -> p.path("name").asText().equals("role-drift-check-staging")).findFirst().orElseThrow().path("policy"))
                .path("Statement").get(4);
        assertEquals("CheckOutTheRepository", checkout.path("Sid").asText());
        assertTrue(checkout.toString().contains("codecommit:GitPull") && checkout.toString().contains(":platform"), checkout.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "every five minutes | {\"source\":{\"codeCommitRepository\":\"platform\"},\"schedule\":\"rate(5 minutes)\"} "
            + "| driftCheck.schedule runs more often than once an hour, got 'rate(5 minutes)'; use rate(1 hour) or longer, e.g. rate(1 day)",
        "not a schedule     | {\"source\":{\"codeCommitRepository\":\"platform\"},\"schedule\":\"daily\"} "
            + "| driftCheck.schedule is not an EventBridge schedule expression, got 'daily'",
        "no source          | {\"schedule\":\"rate(1 day)\"} | driftCheck.source is required, got ''",
        "unknown key        | {\"source\":{\"codeCommitRepository\":\"platform\"},\"branch\":\"main\"} | driftCheck.branch",
    })
    void aBadDriftCheckSettingStopsSynthNamingTheSetting(String why, String driftCheck, String message) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE)));
        config.set("driftCheck", JSON.readTree(driftCheck));
        // A preview has no check, and still refuses a broken one: every synth does.
        for (String suffix : List.of("dev", "pr-7")) {
            SettingException e = assertThrows(SettingException.class,
                    () -> PlatformConfig.resolve(config, new EnvironmentSuffix(suffix), Blueprints.DEFAULT.kinds()), why);
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
        }
    }

    @Test
    void withoutTheSettingNoEnvironmentHasACheck() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE)));
        config.remove("driftCheck");
        EnvironmentConfig dev = PlatformConfig.resolve(config, new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds());
        assertTrue(dev.driftCheck().isEmpty());
        assertTrue(PlatformConfig.resolve((ObjectNode) JSON.readTree(Files.readString(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE))),
                new EnvironmentSuffix("prod"), Blueprints.DEFAULT.kinds()).driftCheck().isPresent());
    }
}
