package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static io.bluegreen.app.EmulatorScenario.added;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.EmulatorScenario.Preview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Steps of {@link PreviewIT}: the sweeper and {@code scripts/preview down} leave nothing of pr-1 and prove it, stacks
 * the checkout no longer synthesizes included; {@code forget} deletes only a workspace's empty states; then the state
 * bucket goes and the account is as it was.
 */
interface PreviewTeardownSteps {
    PreviewPr1 pr1();

    /**
     * The sweeper lists pr-1 only once it is older than asked and touches nothing in a dry run; its
     * real run tears pr-1 down and, with a resource planted under pr-1's tag, fails naming it; once
     * that is gone {@code preview down 1} finds no state object, synthesizes nothing and proves pr-1
     * gone. Stacks the checkout no longer synthesizes are found by their state: one in this account
     * goes with the rest, one that needs another account's provider stops the teardown before
     * anything is destroyed.
     */
    @Test
    @Order(14)
    default void theSweeperAndPreviewDownLeaveNothingOfPr1AndProveIt() throws Exception {
        LocalAws aws = pr1().aws;
        Map<String, List<String>> up = aws.inventory();
        Preview young = pr1().preview("sweep", "--older-than", "1");
        assertEquals(0, young.exitCode(), young.output());
        assertTrue(young.output().contains("previews unchanged for more than 1 day(s)"), young.output());
        assertTrue(young.output().contains("): none"), "pr-1 changed minutes ago: " + young.output());
        Preview dryRun = pr1().preview("sweep", "--older-than", "0");
        assertEquals(0, dryRun.exitCode(), dryRun.output());
        assertTrue(dryRun.output().contains("): pr-1\n"), dryRun.output());
        assertTrue(dryRun.output().contains("dry run: nothing was destroyed"), dryRun.output());
        assertEquals(up, aws.inventory(), "a dry run changes nothing");

        JsonNode platformConfig = JSON.readTree(Files.readString(
                pr1().scenario.previews().resolve("pr-1/cdktf.out/stacks").resolve(PlatformStack.NAME).resolve("cdk.tf.json")));
        JsonNode backend = platformConfig.path("terraform").path("backend").path("s3");
        assertRetiredStackOfAnotherAccountStopsTheTeardown(backend);
        // A stack removed from the configuration after pr-1 came up: its resources live on in its state alone.
        ObjectNode reports = JSON.createObjectNode();
        ObjectNode terraform = reports.putObject("terraform");
        terraform.putObject("backend").set("s3", ((ObjectNode) backend.deepCopy()).put("key", "bluegreen/reports.tfstate"));
        terraform.set("required_providers", platformConfig.path("terraform").path("required_providers"));
        reports.set("provider", platformConfig.path("provider"));
        reports.putObject("resource").putObject("aws_ssm_parameter").putObject("marker")
                .put("name", "/bluegreen/pr-1/reports").put("type", "String").put("value", "removed from the configuration");
        Path reportsDir = Files.createDirectories(pr1().work.resolve("reports"));
        Files.writeString(reportsDir.resolve("main.tf.json"), JSON.writeValueAsString(reports));
        Terraform reportsStack = pr1().scenario.terraform(reportsDir);
        reportsStack.run(null, "init", "-no-color").orFail("init reports");
        reportsStack.run(null, "workspace", "select", "-or-create", "pr-1", "-no-color").orFail("workspace reports");
        reportsStack.run("pr-1", "apply", "-auto-approve", "-no-color").orFail("apply reports");
        assertEquals(Map.of("ssm:parameter", 1), added(up, aws.inventory()), "the removed stack's parameter");

        // forget deletes only empty states: with pr-1 up it refuses and deletes nothing.
        Preview refusedToForget = pr1().preview("forget", "1");
        assertEquals(1, refusedToForget.exitCode(), refusedToForget.output());
        assertTrue(refusedToForget.output().contains("preview: nothing of pr-1 was forgotten: 9 state(s) still hold resources"),
                refusedToForget.output());
        assertTrue(refusedToForget.output().contains("/env/pr-1/bluegreen/reports.tfstate holds 1 resource(s), e.g. "),
                refusedToForget.output());

        String planted = JSON.readTree(aws.aws("sns", "create-topic", "--name", "planted-pr-1", "--tags",
                "Key=Environment,Value=pr-1")).path("TopicArn").asText();
        Preview sweep = pr1().preview("sweep", "--older-than", "0", "--apply");
        assertEquals(1, sweep.exitCode(), sweep.output());
        assertTrue(sweep.output().contains("pr-1 is not gone; still there:\n    tagged Environment=pr-1: " + planted + "\n"), sweep.output());
        assertTrue(sweep.output().contains("could not sweep: pr-1"), sweep.output());
        assertTrue(sweep.output().contains("==> pr-1 has state of stacks this checkout no longer synthesizes: bluegreen/reports "
                + "(destroyed from their state, first)\n"), sweep.output());
        assertTrue(sweep.output().contains("==> destroying pr-1: bluegreen/reports "), sweep.output());
        assertTrue(sweep.output().contains("    bluegreen/reports: destroyed, workspace deleted ("), sweep.output());
        // Terraform deregisters the revision it registered; the one CodeDeploy registered (step 3) goes too.
        assertTrue(sweep.output().contains("deployments registered outside Terraform:\n    " + pr1().revisionsCodeDeployRegistered.get(0)),
                sweep.output());
        aws.aws("sns", "delete-topic", "--topic-arn", planted);

        Preview down = pr1().preview("down", "1");
        assertEquals(0, down.exitCode(), down.output());
        assertTrue(down.output().startsWith("==> destroying pr-1: no stack has state\n"), "no synth, no init: " + down.output());
        assertTrue(down.output().contains("==> pr-1 is gone ("), down.output());
        assertEquals("", pr1().preview("list").output().strip(), "no preview workspace is left in the state bucket");
        // What `cdktf destroy` leaves instead: the workspace with each stack's emptied state. forget removes it.
        pr1().platform.run(null, "workspace", "new", "pr-1", "-no-color").orFail("workspace new pr-1");
        pr1().platform.run(null, "workspace", "select", "default", "-no-color").orFail("leave pr-1");
        assertTrue(pr1().preview("list").output().startsWith("pr-1\t"), "an empty state lists the preview");
        Preview forget = pr1().preview("forget", "1");
        assertEquals(0, forget.exitCode(), forget.output());
        assertEquals("==> forgot pr-1: deleted 1 empty state object(s) (pr-1/bluegreen/platform.tfstate)\n", forget.output());
        assertEquals("", pr1().preview("list").output().strip(), "forgotten");
        // B's adopted service belongs to another team: its revision from step 3 goes with it.
        aws.script("emulator/existing_ecs.py", "delete", "pr-1");
        assertEquals(pr1().afterBootstrap, aws.inventory(), "after pr-1 exactly the state bucket (and E's inputs) remain");
        String workspaces = pr1().platform.run(null, "workspace", "list", "-no-color").orFail("workspace list").output();
        assertFalse(workspaces.contains("pr-1"), workspaces);
    }

    @Test
    @Order(15)
    default void withNoWorkspaceLeftTheStateBucketGoesAndNothingRemains() throws Exception {
        pr1().bootstrap.run(null, "destroy", "-auto-approve", "-no-color").orFail("destroy bootstrap");
        pr1().aws.script("emulator/isolated_ecs.py", "delete", "pr-1");
        assertEquals(pr1().beforeAnything, pr1().aws.inventory(), "nothing at all remains once blueprint E's inputs go too");
    }

    /**
     * The state of a removed stack that deployed into the production account through a provider alias:
     * the checkout's default provider cannot reach what it holds, so {@code preview down} destroys
     * nothing and says what the stack holds and the two ways to remove it.
     */
    private void assertRetiredStackOfAnotherAccountStopsTheTeardown(JsonNode backend) throws Exception {
        LocalAws aws = pr1().aws;
        String key = "env/pr-1/bluegreen/reports-production.tfstate";
        String arn = "arn:aws:ssm:us-east-1:210987654321:parameter/bluegreen/pr-1/reports";
        Path state = pr1().work.resolve("reports-production.tfstate");
        Files.writeString(state, """
                {"version": 4, "terraform_version": "1.11.4", "serial": 2, "lineage": "planted-by-PreviewIT", "outputs": {},
                 "resources": [{"mode": "managed", "type": "aws_ssm_parameter", "name": "marker",
                   "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"].production",
                   "instances": [{"schema_version": 0, "attributes": {"id": "/bluegreen/pr-1/reports",
                     "name": "/bluegreen/pr-1/reports", "arn": "%s"}}]}]}""".formatted(arn));
        String bucket = backend.path("bucket").asText();
        aws.aws("--endpoint-url", aws.endpoint(), "s3api", "put-object", "--bucket", bucket, "--key", key, "--body", state.toString(),
                "--server-side-encryption", "aws:kms", "--ssekms-key-id", backend.path("kms_key_id").asText());
        Map<String, List<String>> before = aws.inventory();
        Preview refused = pr1().preview("down", "1");
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("✗ bluegreen/reports-production cannot be destroyed from this checkout: its resources "
                + "use provider[\"registry.terraform.io/hashicorp/aws\"].production, which only the configuration that created them "
                + "sets up; it holds resources in account 210987654321, and the checkout's credentials reach 123456789012.\n"
                + "    It holds: " + arn + ".\n"
                + "    Destroy it from a commit whose configuration still has it (`scripts/preview down 1` there), or, if what it "
                + "holds is gone, delete its state s3://" + bucket + "/" + key + "\n"), refused.output());
        assertTrue(refused.output().endsWith("preview: nothing of pr-1 was destroyed: 1 retired stack(s) need the configuration "
                + "that created them\n"), refused.output());
        assertEquals(before, aws.inventory(), "nothing was destroyed");
        aws.aws("--endpoint-url", aws.endpoint(), "s3api", "delete-object", "--bucket", bucket, "--key", key);
    }
}
