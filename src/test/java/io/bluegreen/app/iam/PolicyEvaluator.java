package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Evaluates calls against an environment's policies with AWS's evaluation logic, in one Node.js
 * process per batch running {@code src/test/node/iam-evaluate.mjs} (@cloud-copilot/iam-simulate).
 * A batch holds groups of calls (a group may leave some of the principals' policies out); calls
 * that are the same request are evaluated once.
 */
public final class PolicyEvaluator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How AWS managed policies' ARNs begin. */
    public static final String AWS_MANAGED = "arn:aws:iam::aws:policy/";

    /** What AWS decides: {@code Allowed}, {@code ImplicitlyDenied}, {@code ExplicitlyDenied}, or {@code Error} with the reason. */
    public record Decision(Call call, String decision, List<String> resourceTypes, List<String> errors) {
        public boolean allowed() {
            return decision.equals("Allowed");
        }

        public boolean denied() {
            return decision.endsWith("Denied");
        }

        @Override
        public String toString() {
            return decision + (errors.isEmpty() ? "" : " " + errors) + ": " + call + " (" + call.source() + ")";
        }
    }

    /** Calls to evaluate together against one set of policies. */
    public final class Batch {
        private final Policies policies;
        private final ObjectNode requests = JSON.createObjectNode();
        private final List<List<Call>> groups = new ArrayList<>();
        private final List<List<String>> keys = new ArrayList<>();
        private Map<String, JsonNode> results;

        private Batch(Policies policies) {
            this.policies = policies;
        }

        /** Adds the calls that can be evaluated (unevaluated ones are the caller's to count); returns the group's index. */
        public int add(List<Call> calls) {
            return add(calls, id -> true);
        }

        /** As {@link #add(List)}, each principal with only the identity policies {@code identity} accepts. */
        public int add(List<Call> calls, Predicate<String> identity) {
            List<Call> evaluated = calls.stream().filter(call -> call.unevaluated().isEmpty()).toList();
            List<String> groupKeys = new ArrayList<>();
            for (Call call : evaluated) {
                ObjectNode request = JSON.createObjectNode();
                request.put("principal", sessionOf(call));
                request.put("action", call.action());
                request.put("resource", call.resource());
                request.put("resourceAccount", call.resourceAccount());
                request.set("context", JSON.valueToTree(context(call)));
                ArrayNode identities = request.putArray("identityPolicies");
                identityPolicies(policies, call).stream().filter(identity).forEach(identities::add);
                policies.resourcePolicy(call.resource()).ifPresentOrElse(id -> request.put("resourcePolicy", id),
                        () -> request.putNull("resourcePolicy"));
                String key = request.toString();
                requests.set(key, request);
                groupKeys.add(key);
            }
            groups.add(evaluated);
            keys.add(groupKeys);
            return groups.size() - 1;
        }

        /** Evaluates every request of the batch once. */
        public Batch run() {
            ObjectNode input = JSON.createObjectNode();
            ObjectNode documents = input.putObject("policies");
            policies.documents().forEach(documents::set);
            ArrayNode list = input.putArray("requests");
            requests.fields().forEachRemaining(entry -> ((ObjectNode) entry.getValue()).put("id", entry.getKey()));
            requests.forEach(list::add);
            results = new LinkedHashMap<>();
            PolicyEvaluator.this.run(input).path("results").forEach(result -> results.put(result.path("id").asText(), result));
            return this;
        }

        public List<Decision> decisions(int group) {
            List<Decision> decisions = new ArrayList<>();
            for (int i = 0; i < groups.get(group).size(); i++) {
                JsonNode result = results.get(keys.get(group).get(i));
                decisions.add(new Decision(groups.get(group).get(i), result.path("decision").asText(), strings(result.path("resourceTypes")),
                        strings(result.path("errors"))));
            }
            return List.copyOf(decisions);
        }
    }

    private final Path root;

    public PolicyEvaluator(Path root) {
        this.root = root;
    }

    public Batch batch(Policies policies) {
        return new Batch(policies);
    }

    /** Decides every call that can be evaluated, in a batch of its own. */
    public List<Decision> decide(Policies policies, List<Call> calls) {
        Batch batch = batch(policies);
        int group = batch.add(calls);
        return batch.run().decisions(group);
    }

    /** A role's calls are made by a session of it, as CodeBuild, CodePipeline or Lambda make them. */
    private static String sessionOf(Call call) {
        if (call.byService() || !call.principal().contains(":role/")) {
            return call.principal();
        }
        String[] parts = call.principal().split(":");
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        return "arn:aws:sts::" + parts[4] + ":assumed-role/" + name + "/session";
    }

    private static Map<String, Object> context(Call call) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("aws:SecureTransport", "true");
        if (call.byService()) {
            context.put("aws:PrincipalServiceName", call.principal());
        } else {
            context.put("aws:PrincipalArn", call.principal());
            context.put("aws:PrincipalAccount", call.principalAccount());
            context.put("aws:PrincipalType", "AssumedRole");
        }
        context.putAll(call.context());
        return context;
    }

    private static List<String> identityPolicies(Policies policies, Call call) {
        if (call.byService()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(policies.role(call.principal()).map(Policies.Role::policies).orElse(List.of()));
        ids.addAll(call.identity());
        return ids;
    }

    /** One Node.js process, its input from a file so that reading its output cannot wait on writing. */
    private JsonNode run(ObjectNode input) {
        try {
            Path requests = Files.createTempFile("iam-requests", ".json");
            try {
                JSON.writeValue(requests.toFile(), input);
                Process process = new ProcessBuilder("node", root.resolve("src/test/node/iam-evaluate.mjs").toString())
                        .directory(root.toFile()).redirectInput(requests.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the IAM evaluator failed (node src/test/node/iam-evaluate.mjs; npm ci installs it)");
                }
                return JSON.readTree(new String(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(requests);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the IAM evaluator could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }
}
