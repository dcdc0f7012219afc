package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every policy of an environment with its values resolved: each role's trust and attached
 * policies (customer managed by document, AWS managed by ARN, the evaluator holding their real
 * documents), and the resource policies of buckets, keys, topics, queues, repositories,
 * functions and event buses, each under the ARN it governs.
 */
public final class Policies {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A role the stacks create. */
    public record Role(String arn, String name, String account, JsonNode trust, List<String> policies, String stack) {
    }

    private final TerraformModel model;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    /** Concurrent: another environment's evaluation copies these (withRolesOf) while this one's registers more. */
    private final Map<String, JsonNode> documents = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> resourcePolicies = new LinkedHashMap<>();
    private final java.util.Set<String> keys = new java.util.LinkedHashSet<>();

    public Policies(TerraformModel model) {
        this.model = model;
        Map<String, String> customerPolicies = new LinkedHashMap<>();
        for (Block policy : model.resources("aws_iam_policy")) {
            String arn = model.attribute(policy, List.of("arn"));
            customerPolicies.put(arn, register(arn, model.argument(policy, "policy")));
        }
        Map<String, List<String>> attached = new LinkedHashMap<>();
        for (Block attachment : model.resources("aws_iam_role_policy_attachment")) {
            String policyArn = model.argument(attachment, "policy_arn");
            String roleArn = "arn:aws:iam::" + attachment.account() + ":role/" + model.argument(attachment, "role");
            attached.computeIfAbsent(roleArn, k -> new ArrayList<>()).add(customerPolicies.getOrDefault(policyArn, policyArn));
        }
        for (Block inline : model.resources("aws_iam_role_policy")) {
            String roleArn = "arn:aws:iam::" + inline.account() + ":role/" + model.argument(inline, "role");
            attached.computeIfAbsent(roleArn, k -> new ArrayList<>())
                    .add(register(roleArn + "#" + inline.name(), model.argument(inline, "policy")));
        }
        for (Block role : model.resources("aws_iam_role")) {
            String arn = model.attribute(role, List.of("arn"));
            roles.put(arn, new Role(arn, model.argument(role, "name"), role.account(), parse(model.argument(role, "assume_role_policy")),
                    List.copyOf(attached.getOrDefault(arn, List.of())), role.stack()));
            resourcePolicies.put(arn, register(arn + "#trust", model.argument(role, "assume_role_policy")));
        }
        for (Block bucketPolicy : model.resources("aws_s3_bucket_policy")) {
            String bucket = "arn:aws:s3:::" + model.argument(bucketPolicy, "bucket");
            resourcePolicies.put(bucket, register(bucket, model.argument(bucketPolicy, "policy")));
        }
        for (Block key : model.resources("aws_kms_key")) {
            String arn = model.attribute(key, List.of("arn"));
            keys.add(arn);
            resourcePolicies.put(arn, register(arn, model.argument(key, "policy")));
        }
        for (Block topicPolicy : model.resources("aws_sns_topic_policy")) {
            String arn = model.argument(topicPolicy, "arn");
            resourcePolicies.put(arn, register(arn, model.argument(topicPolicy, "policy")));
        }
        for (Block queue : model.resources("aws_sqs_queue")) {
            if (queue.body().has("policy")) {
                String arn = model.attribute(queue, List.of("arn"));
                resourcePolicies.put(arn, register(arn, model.argument(queue, "policy")));
            }
        }
        for (Block repositoryPolicy : model.resources("aws_ecr_repository_policy")) {
            String arn = model.arn(repositoryPolicy, "ecr", "repository/" + model.argument(repositoryPolicy, "repository"));
            resourcePolicies.put(arn, register(arn, model.argument(repositoryPolicy, "policy")));
        }
        for (Block busPolicy : model.resources("aws_cloudwatch_event_bus_policy")) {
            String bus = model.argument(busPolicy, "event_bus_name");
            String arn = model.arn(busPolicy, "events", "event-bus/" + (bus.isEmpty() ? "default" : bus));
            resourcePolicies.put(arn, register(arn, model.argument(busPolicy, "policy")));
        }
        functionPermissions();
        busPermissions();
        if (!model.resources("aws_secretsmanager_secret_policy").isEmpty()) {
            throw new IllegalStateException("secret policies are not modelled yet: add them to Policies");
        }
    }

    private Policies(Policies base, Policies other) {
        this.model = base.model;
        roles.putAll(base.roles);
        roles.putAll(other.roles);
        documents.putAll(other.documents);
        // Both hold the bootstrap's shared policy, each with its own stand-in key: this environment's wins.
        documents.putAll(base.documents);
        resourcePolicies.putAll(base.resourcePolicies);
        keys.addAll(base.keys);
    }

    /** These resource policies, with the roles of {@code other} (another environment) beside this one's. */
    public Policies withRolesOf(Policies other) {
        return new Policies(this, other);
    }

    public TerraformModel model() {
        return model;
    }

    public Map<String, Role> roles() {
        return roles;
    }

    public Optional<Role> role(String arn) {
        return Optional.ofNullable(roles.get(arn));
    }

    /** Every document by id, as the evaluator receives them. */
    public Map<String, JsonNode> documents() {
        return documents;
    }

    /** The id of the resource policy that governs {@code resourceArn}, if the stacks write one. */
    public Optional<String> resourcePolicy(String resourceArn) {
        return Optional.ofNullable(resourcePolicies.get(governing(resourceArn)));
    }

    /** Whether the stacks create the key {@code keyArn} (not an AWS managed key, not another team's). */
    public boolean createsKey(String keyArn) {
        return keys.contains(keyArn);
    }

    /** Adds a document the evaluation needs beside the stacks' own (an AWS managed key's policy); returns its id. */
    public String register(String id, String json) {
        documents.put(id, parse(json));
        return id;
    }

    /** Makes {@code policyId} the resource policy of {@code resourceArn}. */
    public void governs(String resourceArn, String policyId) {
        resourcePolicies.put(resourceArn, policyId);
    }

    /** S3 objects fall under their bucket's policy, a function's versions and aliases under the function's. */
    private static String governing(String arn) {
        if (arn.startsWith("arn:aws:s3:::")) {
            int slash = arn.indexOf('/');
            return slash < 0 ? arn : arn.substring(0, slash);
        }
        if (arn.startsWith("arn:aws:lambda:") && arn.split(":").length > 7) {
            return arn.substring(0, arn.lastIndexOf(':'));
        }
        return arn;
    }

    /** Lambda keeps one resource policy per function, a statement per permission. */
    private void functionPermissions() {
        Map<String, List<JsonNode>> statements = new LinkedHashMap<>();
        for (Block permission : model.resources("aws_lambda_permission")) {
            String function = model.argument(permission, "function_name");
            String arn = function.startsWith("arn:") ? function : model.arn(permission, "lambda", "function:" + function);
            ObjectNode statement = JSON.createObjectNode().put("Sid", permission.name()).put("Effect", "Allow")
                    .put("Action", model.argument(permission, "action")).put("Resource", arn);
            statement.putObject("Principal").put(model.argument(permission, "principal").contains(".") ? "Service" : "AWS",
                    model.argument(permission, "principal"));
            if (permission.body().has("source_arn")) {
                statement.putObject("Condition").putObject("ArnLike").put("AWS:SourceArn", model.argument(permission, "source_arn"));
            }
            statements.computeIfAbsent(arn, k -> new ArrayList<>()).add(statement);
        }
        statements.forEach((arn, list) -> {
            ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
            policy.putArray("Statement").addAll(list);
            resourcePolicies.put(arn, register(arn, policy.toString()));
        });
    }

    /** Each aws_cloudwatch_event_permission is one statement of its bus's policy, beside the others'. */
    private void busPermissions() {
        Map<String, List<JsonNode>> statements = new LinkedHashMap<>();
        for (Block permission : model.resources("aws_cloudwatch_event_permission")) {
            String arn = bus(model, permission);
            String principal = model.argument(permission, "principal");
            if (permission.body().has("condition") || principal.equals("*")) {
                throw new IllegalStateException(permission.address() + ": event permissions with conditions are not modelled yet: add them to Policies");
            }
            ObjectNode statement = JSON.createObjectNode().put("Sid", model.argument(permission, "statement_id")).put("Effect", "Allow")
                    .put("Action", model.argument(permission, "action")).put("Resource", arn);
            statement.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
            statements.computeIfAbsent(arn, k -> new ArrayList<>()).add(statement);
        }
        statements.forEach((arn, list) -> {
            if (resourcePolicies.containsKey(arn)) {
                throw new IllegalStateException(arn + " has a bus policy and event permissions: merge them in Policies");
            }
            ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
            policy.putArray("Statement").addAll(list);
            resourcePolicies.put(arn, register(arn, policy.toString()));
        });
    }

    /** The ARN of the bus an aws_cloudwatch_event_permission adds its statement to. */
    static String bus(TerraformModel model, Block permission) {
        String bus = model.argument(permission, "event_bus_name");
        return model.arn(permission, "events", "event-bus/" + (bus.isEmpty() ? "default" : bus));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a policy document: " + json, e);
        }
    }
}
