package io.bluegreen.app.iam;

import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code scripts/preview drift ENV [--notify] [--this-account-only]} asks of AWS as the
 * role that runs it (the scheduled drift check, buildspecs/drift-check.yml): it lists the
 * workspace's states, then for every stack with state initializes (finding the workspaces),
 * plans without the lock (reading the state, refreshing every resource and data source) and, on
 * drift, reads the platform stack's state for its topic and publishes one message there.
 */
final class DriftCalls {
    static final String LIST_STATES = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html#API_ListObjectsV2_RequestSyntax";
    static final String PUBLISH = "https://docs.aws.amazon.com/sns/latest/api/API_Publish.html";
    private static final String PLATFORM = "platform";

    private DriftCalls() {
    }

    /**
     * @param command the recorded command: {@code python3 scripts/preview drift ENV} and its flags
     * @param where   what ran it, for the calls' source
     */
    static List<Call> of(Policies policies, String role, List<String> command, String where) {
        TerraformModel model = policies.model();
        String line = String.join(" ", command);
        if (command.size() < 4 || !command.get(1).equals("scripts/preview") || !command.get(2).equals("drift")) {
            throw new IllegalStateException(where + " runs `" + line + "`, which the IAM catalogue does not know: "
                    + "add it to DriftCalls or BuildspecCalls with the calls it makes");
        }
        if (!command.get(3).equals(model.suffix())) {
            throw new IllegalStateException(where + " checks " + command.get(3) + ", not its own environment " + model.suffix());
        }
        boolean thisAccountOnly = command.contains("--this-account-only");
        String account = role.split(":")[4];
        String source = where + ": " + line;
        List<Call> calls = new ArrayList<>();
        for (String stack : model.stackNames()) {
            if (model.backend(stack).isMissingNode()) {
                continue;
            }
            List<Block> blocks = model.blocks(stack);
            List<String> elsewhere = blocks.stream().map(Block::account).filter(a -> !a.equals(account)).distinct().toList();
            if (!elsewhere.isEmpty()) {
                if (thisAccountOnly) {
                    continue;
                }
                throw new IllegalStateException(where + " plans " + stack + " in account " + elsewhere + ", where " + role
                        + " holds nothing: run it with --this-account-only");
            }
            StateCalls.StateObject state = StateCalls.StateObject.of(policies, stack);
            calls.add(Call.of(role, "s3:ListBucket", "arn:aws:s3:::" + state.bucket(), account, LIST_STATES + " (" + source + ")")
                    .with("s3:prefix", state.workspaces() + model.suffix() + "/"));
            calls.addAll(state.read(role, model.region()));
            for (Block block : blocks) {
                calls.addAll(RefreshCalls.reads(model, block, role));
            }
        }
        if (command.contains("--notify")) {
            Block topic = model.find("aws_sns_topic", t -> t.stack().equals(PLATFORM))
                    .orElseThrow(() -> new IllegalStateException(where + " notifies the topic of the " + PLATFORM + " stack, which has none"));
            String topicArn = model.attribute(topic, List.of("arn"));
            calls.addAll(EventCalls.publishToEncryptedTopic(policies, role, topicArn, PUBLISH + " (" + source + ")"));
            calls.add(Call.of(role, "sns:Publish", topicArn, account, PUBLISH + " (" + source + ")"));
        }
        return List.copyOf(calls);
    }
}
