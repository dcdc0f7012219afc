package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.blueprint.isolatedecs.IsolatedEcsBlueprint;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.core.SynthResult.Resource;
import io.bluegreen.core.SynthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cross-cutting rules (X1-X6) checked over every stack of every profile, so any module a
 * later change adds is held to them without a test of its own.
 */
class PolicyTest {
    private static final String STATE_BUCKET = BackendSettings.load(SynthesizedEnvironments.ROOT.resolve(BackendSettings.FILE)).bucket();
    /** Attributes that carry a resource's name, by resource type; tags.Name for the rest. */
    private static final Map<String, String> NAME_ATTRIBUTE = Map.of(
            "aws_s3_bucket", "bucket",
            "aws_cloudwatch_metric_alarm", "alarm_name",
            "aws_codedeploy_deployment_config", "deployment_config_name",
            // An alias's name is scoped to its function, whose name carries the suffix: check the function.
            "aws_lambda_alias", "function_name");
    private static final List<String> POLICY_ATTRIBUTES = List.of("policy", "assume_role_policy");
    /** Names whose shape AWS fixes; the suffix is in them (the cluster's name), not at their end. */
    private static final java.util.regex.Pattern AWS_FIXED = java.util.regex.Pattern.compile(
            "/aws/ecs/containerinsights/[a-z0-9-]+/performance");
    /** Where each resource that runs as a role names it. */
    private static final Map<String, String> ROLE_ATTRIBUTE = Map.of(
            "aws_codepipeline", "role_arn",
            "aws_codebuild_project", "service_role",
            "aws_codedeploy_deployment_group", "service_role_arn",
            "aws_cloudwatch_event_target", "role_arn",
            "aws_sfn_state_machine", "role_arn",
            "aws_flow_log", "iam_role_arn");
    private static final java.util.regex.Pattern ROLE_REFERENCE = java.util.regex.Pattern.compile("\\$\\{aws_iam_role\\.([^.]+)\\.arn}");

    static Stream<Arguments> stacks() {
        List<Arguments> all = new ArrayList<>();
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            SynthesizedEnvironments.stacks(suffix).forEach((name, synth) -> all.add(Arguments.of(suffix + "/" + name, suffix, synth)));
        }
        return all.stream();
    }

    /**
     * The policies below loop over one resource type per stack, and most stacks have none of a
     * given type, so a policy could pass on nothing at all. Every type they check is synthesized
     * somewhere in dev, pr-1 and prod, and this fails when one vanishes (renamed, or no longer made).
     */
    @Test
    void everyResourceTypeThePoliciesCheckIsSynthesizedSomewhere() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String type : List.of("aws_s3_bucket", "aws_cloudwatch_log_group", "aws_sns_topic", "aws_kms_key", "aws_sqs_queue",
                "aws_dynamodb_table", "aws_iam_role_policy_attachment", "aws_iam_policy", "aws_iam_role")) {
            counts.put(type, SynthesizedEnvironments.SUFFIXES.stream().flatMap(suffix -> SynthesizedEnvironments.stacks(suffix).values()
                    .stream()).mapToInt(synth -> synth.resources(type).size()).sum());
        }
        counts.forEach((type, count) -> assertTrue(count > 0, type + " is checked by a policy here but no stack makes one: " + counts));
        ROLE_ATTRIBUTE.keySet().forEach(type -> assertTrue(SynthesizedEnvironments.SUFFIXES.stream()
                .anyMatch(suffix -> SynthesizedEnvironments.stacks(suffix).values().stream().anyMatch(s -> !s.resources(type).isEmpty())),
                type + " has a role argument checked below but no stack makes one"));
    }

    private static boolean isBootstrap(String stack) {
        return stack.endsWith("/" + BootstrapStack.NAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void everyNameEndsWithTheSuffix(String stack, String suffix, SynthResult synth) {
        // The bootstrap serves all environments; its one fixed name is the bucket from backend.tf.json.
        String expected = isBootstrap(stack) ? BootstrapStack.SHARED : suffix;
        int named = 0;
        for (Resource r : synth.allResources()) {
            String attribute = NAME_ATTRIBUTE.getOrDefault(r.type(), "name");
            JsonNode name = r.body().has(attribute) ? r.body().get(attribute) : r.body().path("tags").path("Name");
            // Skipped: names that are one reference, and the state bucket backend.tf.json names.
            if (name.isMissingNode() || name.asText().matches("\\$\\{[^}]*}") || name.asText().equals(STATE_BUCKET)) {
                continue;
            }
            assertTrue(name.asText().endsWith("-" + expected)
                    || AWS_FIXED.matcher(name.asText()).matches() && name.asText().contains("-" + expected + "/"),
                    r.address() + " is named '" + name.asText() + "'");
            named++;
        }
        // An isolated network whose endpoints are adopted creates nothing: it only checks.
        assertTrue(named > 0 || synth.allResources().isEmpty(), "every stack that creates something names it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void bucketNamesAreOnesNoOtherAccountHoldsFirst(String stack, String suffix, SynthResult synth) {
        for (Map.Entry<String, JsonNode> bucket : synth.resources("aws_s3_bucket").entrySet()) {
            String name = bucket.getValue().path("bucket").asText();
            // Fixed by the user (backend.tf.json) or by seed 001 (B2); everything else starts with the account id.
            if (name.equals(STATE_BUCKET) || name.equals("pipeline-artifacts-" + suffix)) {
                continue;
            }
            assertTrue(name.matches("\\$\\{data\\.aws_caller_identity\\.[^.]+\\.account_id}-s3-[a-z0-9-]+"), bucket.getKey() + ": " + name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void everyBucketAbortsIncompleteUploads(String stack, String suffix, SynthResult synth) {
        for (String bucket : synth.resources("aws_s3_bucket").keySet()) {
            JsonNode rule = onlyFor(synth, "aws_s3_bucket_lifecycle_configuration", "${aws_s3_bucket." + bucket + ".id}").path("rule").get(0);
            assertEquals(1, rule.path("abort_incomplete_multipart_upload").path("days_after_initiation").asInt(), bucket);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void providerSetsTheDefaultTags(String stack, String suffix, SynthResult synth) {
        JsonNode tags = synth.root().path("provider").path("aws").get(0).path("default_tags").get(0).path("tags");
        assertEquals(isBootstrap(stack) ? BootstrapStack.SHARED : suffix, tags.path("Environment").asText());
        assertEquals("bluegreen", tags.path("Project").asText());
        assertEquals("cdktf", tags.path("ManagedBy").asText());
        assertEquals("platform-engineering", tags.path("CostCenter").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void bucketsArePrivateEncryptedVersionedTlsOnlyAndDeletable(String stack, String suffix, SynthResult synth) {
        for (Map.Entry<String, JsonNode> bucket : synth.resources("aws_s3_bucket").entrySet()) {
            String id = "${aws_s3_bucket." + bucket.getKey() + ".id}";
            assertTrue(bucket.getValue().path("force_destroy").asBoolean(), bucket.getKey() + " force_destroy");
            JsonNode block = onlyFor(synth, "aws_s3_bucket_public_access_block", id);
            for (String flag : List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")) {
                assertTrue(block.path(flag).asBoolean(), bucket.getKey() + " " + flag);
            }
            assertFalse(onlyFor(synth, "aws_s3_bucket_server_side_encryption_configuration", id).path("rule").get(0)
                    .path("apply_server_side_encryption_by_default").path("sse_algorithm").asText().isEmpty());
            assertEquals("Enabled", onlyFor(synth, "aws_s3_bucket_versioning", id).path("versioning_configuration")
                    .path("status").asText());
            JsonNode policy = SynthResult.embedded(onlyFor(synth, "aws_s3_bucket_policy", id).path("policy"));
            boolean tlsOnly = false;
            for (JsonNode statement : policy.path("Statement")) {
                tlsOnly |= statement.path("Effect").asText().equals("Deny")
                        && statement.path("Condition").path("Bool").path("aws:SecureTransport").asText().equals("false");
            }
            assertTrue(tlsOnly, bucket.getKey() + " must deny requests without TLS");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void logGroupsKeep30DaysAndUseAKey(String stack, String suffix, SynthResult synth) {
        synth.resources("aws_cloudwatch_log_group").forEach((id, group) -> {
            assertEquals(30, group.path("retention_in_days").asInt(), id);
            assertTrue(group.path("kms_key_id").asText().startsWith("${aws_kms_key."), id + " must use a CMK");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void topicsUseACustomerManagedKeyAndKeysRotate(String stack, String suffix, SynthResult synth) {
        synth.resources("aws_sns_topic").forEach((id, topic) ->
                assertTrue(topic.path("kms_master_key_id").asText().startsWith("${aws_kms_key."), id + " must use a CMK"));
        synth.resources("aws_kms_key").forEach((id, key) -> assertTrue(key.path("enable_key_rotation").asBoolean(), id));
    }

    /** Queues and tables hold event payloads and history: a customer-managed key, never the AWS-owned default (X4). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void queuesAndTablesUseACustomerManagedKeyAndTablesRecover(String stack, String suffix, SynthResult synth) {
        synth.resources("aws_sqs_queue").forEach((id, queue) ->
                assertTrue(queue.path("kms_master_key_id").asText().startsWith("${aws_kms_key."), id + " must use a CMK"));
        synth.resources("aws_dynamodb_table").forEach((id, table) -> {
            assertTrue(table.path("server_side_encryption").path("enabled").asBoolean(), id);
            assertTrue(table.path("server_side_encryption").path("kms_key_arn").asText().startsWith("${aws_kms_key."), id + " must use a CMK");
            assertTrue(table.path("point_in_time_recovery").path("enabled").asBoolean(), id + " point-in-time recovery");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noPolicyGrantsWildcardActionsOrPassRoleOnEverything(String stack, String suffix, SynthResult synth) {
        int policies = 0;
        for (Resource r : synth.allResources()) {
            for (String attribute : POLICY_ATTRIBUTES) {
                if (!r.body().has(attribute)) {
                    continue;
                }
                policies++;
                for (JsonNode statement : SynthResult.embedded(r.body().get(attribute)).path("Statement")) {
                    if (!statement.path("Effect").asText().equals("Allow")) {
                        continue;
                    }
                    List<String> actions = texts(statement.path("Action"));
                    List<String> resources = texts(statement.path("Resource"));
                    for (String action : actions) {
                        // Prefixes such as kms:GenerateDataKey* too: seed 004 forbids wildcards outright (E6).
                        if (action.contains("*")) {
                            fail(r.address() + " grants the wildcard action " + action);
                        }
                        if (action.equals("iam:PassRole") && resources.contains("*")) {
                            fail(r.address() + " grants iam:PassRole on *");
                        }
                    }
                }
            }
        }
        // The isolated network holds endpoints and a security group, nothing with a policy.
        assertTrue(policies > 0 || stack.endsWith("/" + IsolatedNetworkStack.NAME), "every stack has at least one policy to check");
    }

    /** Actions AWS authorizes on no resource at all: only these may name {@code *} in an isolated stack. */
    private static final java.util.Set<String> ACTIONS_WITHOUT_RESOURCES = java.util.Set.of("ecr:GetAuthorizationToken",
            "ecs:DescribeTaskDefinition", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs");

    /** Blueprint E's stacks: its instances, their network, and the production accounts' stacks. */
    static Stream<Arguments> isolatedStacks() {
        List<Arguments> all = new ArrayList<>();
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            List<String> instances = Blueprints.DEFAULT.load(SynthesizedEnvironments.ROOT.resolve(PlatformConfig.FILE),
                    new io.bluegreen.core.EnvironmentSuffix(suffix)).services().stream()
                    .filter(IsolatedEcsBlueprint.IsolatedEcs.class::isInstance).map(ServiceConfig::name).toList();
            SynthesizedEnvironments.stacks(suffix).forEach((name, synth) -> {
                if (instances.contains(name) || name.equals(IsolatedNetworkStack.NAME) || name.startsWith("production-")) {
                    all.add(Arguments.of(suffix + "/" + name, synth));
                }
            });
        }
        assertTrue(all.size() >= 10, "two instances and their network in every environment, and prod's production account");
        return all.stream();
    }

    /**
     * Seed 004 asks more than X5 (E6): besides no wildcard action granted anywhere, key policies
     * included (a Deny may use one: it only takes away), a statement names {@code *} as its resource only when every action in it has no
     * resource to name (a key policy's {@code *} is the key itself), no principal is {@code *},
     * and the only AWS managed policy is CodeDeploy's service role policy for ECS.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("isolatedStacks")
    void isolatedStacksNameTheirResourcesAndNoAnonymousPrincipal(String stack, SynthResult synth) {
        int statements = 0;
        for (Resource r : synth.allResources()) {
            for (JsonNode statement : statements(r)) {
                statements++;
                List<String> actions = texts(statement.path("Action"));
                // A Deny may be broad (no S3 call over plain HTTP): a wildcard there takes away, never grants.
                if (statement.path("Effect").asText().equals("Allow")) {
                    actions.forEach(action -> assertFalse(action.contains("*"), r.address() + " grants " + action));
                }
                if (!statement.path("Effect").asText().equals("Allow")) {
                    continue;
                }
                JsonNode principal = statement.path("Principal");
                assertFalse(principal.isTextual() && principal.asText().equals("*")
                        || texts(principal.path("AWS")).contains("*"), r.address() + " admits anyone: " + statement);
                if (r.type().equals("aws_kms_key") || !texts(statement.path("Resource")).contains("*")) {
                    continue;
                }
                assertTrue(ACTIONS_WITHOUT_RESOURCES.containsAll(actions), r.address() + " grants " + actions + " on *");
            }
        }
        assertTrue(statements > 0 || stack.endsWith("/" + IsolatedNetworkStack.NAME), stack + " has policies to check");
        synth.resources("aws_iam_role_policy_attachment").forEach((id, attachment) -> {
            String arn = attachment.path("policy_arn").asText();
            assertTrue(arn.startsWith("${aws_iam_policy.") || arn.endsWith(":iam::aws:policy/AWSCodeDeployRoleForECS"), id + ": " + arn);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void taskDefinitionsAreRegisteredForTheServicesFamilyOnly(String stack, String suffix, SynthResult synth) {
        for (Resource r : synth.allResources()) {
            for (JsonNode statement : statements(r)) {
                if (texts(statement.path("Action")).contains("ecs:RegisterTaskDefinition")) {
                    for (String resource : texts(statement.path("Resource"))) {
                        assertTrue(resource.matches("arn:.*:ecs:.*:task-definition/.+:\\*"), r.address() + " registers " + resource);
                    }
                }
            }
        }
    }

    /**
     * A service principal in a key, topic, queue or repository policy acts for this account only:
     * {@code aws:SourceAccount} where the service sends it; for services that send none to KMS
     * (CloudWatch Logs, EventBridge through SNS), an encryption context naming this account's log
     * group or topic; for Lambda pulling an image, the one function's ARN in this account.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void servicePrincipalsInKeyAndTopicPoliciesActForThisAccountOnly(String stack, String suffix, SynthResult synth) {
        for (Resource r : synth.allResources()) {
            if (!List.of("aws_kms_key", "aws_sns_topic_policy", "aws_sqs_queue", "aws_ecr_repository_policy").contains(r.type())) {
                continue;
            }
            for (JsonNode statement : statements(r)) {
                if (!statement.path("Principal").has("Service") || !statement.path("Effect").asText().equals("Allow")) {
                    continue;
                }
                JsonNode conditions = statement.path("Condition");
                boolean sourceAccount = conditions.path("StringEquals").path("aws:SourceAccount").asText().contains(".account_id}");
                boolean context = false;
                for (JsonNode pairs : conditions) {
                    var keys = pairs.fieldNames();
                    while (keys.hasNext()) {
                        String key = keys.next();
                        context |= key.startsWith("kms:EncryptionContext:") && pairs.get(key).toString().contains(".account_id}");
                    }
                }
                // Lambda pulls images for a function, which it names: its ARN carries this account.
                boolean sourceFunction = conditions.path("StringLike").path("aws:SourceArn").asText()
                        .matches("arn:.*:lambda:.*\\.account_id}:function:[^*]+");
                assertTrue(sourceAccount || context && r.type().equals("aws_kms_key")
                                || sourceFunction && r.type().equals("aws_ecr_repository_policy"),
                        r.address() + " admits " + statement.path("Principal") + " without limiting it to this account: " + statement);
            }
        }
    }

    /** The first run of a pipeline, build, deployment, trigger or flow log must not race IAM. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void everythingThatRunsAsARoleWaitsForTheRolesAttachments(String stack, String suffix, SynthResult synth) {
        for (Resource r : synth.allResources()) {
            String attribute = ROLE_ATTRIBUTE.get(r.type());
            if (attribute == null || !r.body().has(attribute)) {
                continue;
            }
            java.util.regex.Matcher role = ROLE_REFERENCE.matcher(r.body().get(attribute).asText());
            if (!role.matches()) {
                continue;
            }
            List<String> attachments = synth.resources("aws_iam_role_policy_attachment").entrySet().stream()
                    .filter(a -> a.getValue().path("role").asText().equals("${aws_iam_role." + role.group(1) + ".name}"))
                    .map(a -> "aws_iam_role_policy_attachment." + a.getKey()).toList();
            List<String> dependsOn = texts(r.body().path("depends_on"));
            assertFalse(attachments.isEmpty(), r.address() + ": role " + role.group(1) + " has no attachment");
            assertTrue(dependsOn.containsAll(attachments), r.address() + " depends on " + dependsOn + ", not on " + attachments);
        }
    }

    /** An adopted task definition may have no task role: its empty ARN must never reach a policy. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void noPolicyNamesAResourceThatMayBeEmpty(String stack, String suffix, SynthResult synth) {
        for (Resource r : synth.allResources()) {
            for (JsonNode statement : statements(r)) {
                for (String resource : texts(statement.path("Resource"))) {
                    assertFalse(resource.isEmpty() || resource.matches("\\$\\{data\\.aws_ecs_task_definition\\.[^.]+\\.task_role_arn}"),
                            r.address() + " names '" + resource + "'");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void nothingIsProtectedFromDestroy(String stack, String suffix, SynthResult synth) {
        for (Resource r : synth.allResources()) {
            assertFalse(r.body().path("lifecycle").path("prevent_destroy").asBoolean(), r.address());
            for (String flag : List.of("deletion_protection", "enable_deletion_protection", "deletion_protection_enabled")) {
                assertFalse(r.body().path(flag).asBoolean(), r.address() + " " + flag);
            }
        }
    }

    private static List<JsonNode> statements(Resource r) {
        List<JsonNode> found = new ArrayList<>();
        for (String attribute : POLICY_ATTRIBUTES) {
            if (r.body().has(attribute)) {
                SynthResult.embedded(r.body().get(attribute)).path("Statement").forEach(found::add);
            }
        }
        return found;
    }

    private static JsonNode onlyFor(SynthResult synth, String type, String bucketRef) {
        List<JsonNode> found = synth.resources(type).values().stream()
                .filter(r -> r.path("bucket").asText().equals(bucketRef)).toList();
        assertEquals(1, found.size(), type + " for " + bucketRef);
        return found.get(0);
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }
}
