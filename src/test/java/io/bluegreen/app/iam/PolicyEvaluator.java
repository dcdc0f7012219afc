package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Evaluates calls against an environment's policies with AWS's evaluation logic, in one Node.js
 * process running {@code src/test/node/iam-evaluate.mjs} (@cloud-copilot/iam-simulate).
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

    private final Path root;

    public PolicyEvaluator(Path root) {
        this.root = root;
    }

    /** Decides every call that can be evaluated; unevaluated calls are the caller's to count. */
    public List<Decision> decide(Policies policies, List<Call> calls) {
        return decide(policies, calls, id -> true);
    }

    /** As {@link #decide(Policies, List)}, with only the identity policies {@code identity} accepts. */
    public List<Decision> decide(Policies policies, List<Call> calls, Predicate<String> identity) {
        ObjectNode input = JSON.createObjectNode();
        ObjectNode documents = input.putObject("policies");
        policies.documents().forEach(documents::set);
        ArrayNode requests = input.putArray("requests");
        List<Call> evaluated = new ArrayList<>();
        for (Call call : calls) {
            if (call.unevaluated().isPresent()) {
                continue;
            }
            ObjectNode request = requests.addObject();
            request.put("id", String.valueOf(evaluated.size()));
            evaluated.add(call);
            request.put("principal", sessionOf(call));
            request.put("action", call.action());
            request.put("resource", call.resource());
            request.put("resourceAccount", call.resourceAccount());
            request.set("context", JSON.valueToTree(context(call)));
            ArrayNode identities = request.putArray("identityPolicies");
            identityPolicies(policies, call).stream().filter(identity).forEach(identities::add);
            policies.resourcePolicy(call.resource()).ifPresentOrElse(id -> request.put("resourcePolicy", id), () -> request.putNull("resourcePolicy"));
        }
        JsonNode output = run(input);
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode result : output.path("results")) {
            Call call = evaluated.get(Integer.parseInt(result.path("id").asText()));
            decisions.add(new Decision(call, result.path("decision").asText(), strings(result.path("resourceTypes")), strings(result.path("errors"))));
        }
        return List.copyOf(decisions);
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

    private JsonNode run(ObjectNode input) {
        ProcessBuilder node = new ProcessBuilder("node", root.resolve("src/test/node/iam-evaluate.mjs").toString())
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = node.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (OutputStream in = process.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(input));
            }
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the IAM evaluator failed (node src/test/node/iam-evaluate.mjs; npm ci installs it)");
            }
            return JSON.readTree(new String(out.join(), StandardCharsets.UTF_8));
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
