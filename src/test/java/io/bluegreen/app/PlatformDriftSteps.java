package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.outputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A step of {@link PlatformIT}: the scheduled drift check's build ({@code buildspecs/drift-check.yml}'s build phase, as
 * dev's {@code cb-drift-check-dev} runs it: {@code scripts/preview drift dev --notify --this-account-only}) plans every
 * stack of dev that has state and names exactly the resource someone changed by hand, in its log and in one message on
 * dev's topic, and the build succeeds; once the change is undone it finds none and publishes nothing.
 */
interface PlatformDriftSteps {
    EmulatorScenario scenario();

    /** dev's platform stack, deployed by the steps before. */
    Terraform devPlatform();

    @Test
    @Order(9)
    default void aHandMadeChangeIsReportedAsDriftByNameAndOnTheTopicAndNothingOnceUndone() throws Exception {
        LocalAws aws = scenario().aws;
        JsonNode platform = outputs(devPlatform(), "dev");
        String queueUrl = JSON.readTree(aws.aws("--endpoint-url", aws.endpoint(), "sqs", "create-queue", "--queue-name", "drift-reader"))
                .path("QueueUrl").asText();
        String queueArn = JSON.readTree(aws.aws("--endpoint-url", aws.endpoint(), "sqs", "get-queue-attributes", "--queue-url", queueUrl,
                "--attribute-names", "QueueArn")).path("Attributes").path("QueueArn").asText();
        String subscription = JSON.readTree(aws.aws("sns", "subscribe", "--topic-arn", platform.path("notificationsTopicArn").asText(),
                "--protocol", "sqs", "--notification-endpoint", queueArn)).path("SubscriptionArn").asText();
        String logGroup = platform.path("flowLogGroupName").asText();
        try {
            // Someone shortens the flow logs' retention in the console.
            aws.aws("logs", "put-retention-policy", "--log-group-name", logGroup, "--retention-in-days", "7");
            BuildPhase.Result drifted = scheduledCheck(aws);
            assertEquals(0, drifted.exitCode(), "a reported drift is not a failed build: " + drifted.log());
            assertTrue(drifted.log().matches("(?s).*==> drift in dev: 1 resource\\(s\\) in 1 stack\\(s\\)\n"
                    + "    platform: aws_cloudwatch_log_group\\.[\\w-]+ \\(update: retention_in_days\\)\n==> published to .*"),
                    drifted.log());
            JsonNode messages = aws.receive(queueUrl, 5);
            assertEquals(1, messages.size(), "one message for the whole environment: " + messages);
            JsonNode message = JSON.readTree(messages.get(0).path("Body").asText());
            assertEquals("Drift in dev: 1 resource(s) in 1 stack(s)", message.path("Subject").asText());
            assertTrue(message.path("Message").asText().contains("platform: aws_cloudwatch_log_group."), message.toString());
            aws.aws("--endpoint-url", aws.endpoint(), "sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle",
                    messages.get(0).path("ReceiptHandle").asText());

            aws.aws("logs", "put-retention-policy", "--log-group-name", logGroup, "--retention-in-days", "30");
            BuildPhase.Result clean = scheduledCheck(aws);
            assertEquals(0, clean.exitCode(), clean.log());
            assertTrue(clean.log().contains("==> no drift in dev (1 stack(s) planned"), clean.log());
            assertEquals(0, aws.receive(queueUrl, 2).size(), "no drift, no message");
        } finally {
            aws.aws("sns", "unsubscribe", "--subscription-arn", subscription);
            aws.aws("--endpoint-url", aws.endpoint(), "sqs", "delete-queue", "--queue-url", queueUrl);
        }
    }

    /** The drift check's build phase on this checkout, with the emulator's credentials as the project's role. */
    private BuildPhase.Result scheduledCheck(LocalAws aws) throws Exception {
        Map<String, String> project = new HashMap<>(aws.environment());
        project.put("PREVIEW_DIR", scenario().previews().toString());
        project.put("TF_CLI_CONFIG_FILE", EmulatorScenario.ROOT.resolve("scripts/terraform.rc").toString());
        return BuildPhase.run(EmulatorScenario.ROOT.resolve(DriftCheck.BUILDSPEC), EmulatorScenario.ROOT, "dev", project);
    }
}
