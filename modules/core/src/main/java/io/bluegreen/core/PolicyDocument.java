package io.bluegreen.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An IAM or KMS policy rendered to a JSON string at synth time, so reviewers read the exact
 * statements in the plan and policy tests can check them. References such as a key ARN stay
 * Terraform interpolations inside the string. Wildcard actions are refused when built (X5).
 */
public record PolicyDocument(List<Statement> statements) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

    public PolicyDocument {
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a policy document needs at least one statement");
        }
        // IAM refuses the whole document otherwise ("Statement IDs (SID) in a single policy must be unique").
        java.util.Set<String> sids = new java.util.HashSet<>();
        for (Statement statement : statements) {
            if (!sids.add(statement.sid())) {
                throw new IllegalArgumentException("a policy document names the statement id " + statement.sid()
                        + " twice; IAM refuses it: give each statement its own Sid");
            }
        }
    }

    public static PolicyDocument of(Statement... statements) {
        return new PolicyDocument(List.of(statements));
    }

    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements.stream().map(Statement::toMap).toList());
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("policy document could not be rendered", e);
        }
    }

    public enum Effect { Allow, Deny }

    /**
     * One statement. {@code principals} maps a principal kind ({@code Service}, {@code AWS}) to
     * its values and is empty in identity policies; {@code conditions} maps an operator to
     * key/value pairs.
     */
    public record Statement(String sid, Effect effect, List<String> actions, List<String> resources,
                            Map<String, List<String>> principals, Map<String, Map<String, Object>> conditions) {
        public Statement {
            Objects.requireNonNull(sid, "sid");
            Objects.requireNonNull(effect, "effect");
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
            principals = Map.copyOf(principals);
            conditions = Map.copyOf(conditions);
            if (actions.isEmpty()) {
                throw new IllegalArgumentException("statement " + sid + " needs actions");
            }
            // Trust policies name a principal and no resource; identity policies need resources.
            if (resources.isEmpty() && principals.isEmpty()) {
                throw new IllegalArgumentException("statement " + sid + " needs resources");
            }
            // Deny statements may be broad (deny all S3 calls over plain HTTP); grants may not.
            for (String action : effect == Effect.Allow ? actions : List.<String>of()) {
                if (action.equals("*") || action.endsWith(":*")) {
                    throw new IllegalArgumentException("statement " + sid + " grants the wildcard action '" + action
                            + "'; list the actions the service needs (X5)");
                }
            }
        }

        /** The same statement under another id, e.g. to tell two stages' grants apart in one policy. */
        public Statement withSid(String newSid) {
            return new Statement(newSid, effect, actions, resources, principals, conditions);
        }

        public static Builder allow(String sid) {
            return new Builder(sid, Effect.Allow);
        }

        public static Builder deny(String sid) {
            return new Builder(sid, Effect.Deny);
        }

        private Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("Sid", sid);
            map.put("Effect", effect.name());
            if (!principals.isEmpty()) {
                map.put("Principal", new java.util.TreeMap<>(principals));
            }
            map.put("Action", actions.size() == 1 ? actions.get(0) : actions);
            if (!resources.isEmpty()) {
                map.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
            }
            if (!conditions.isEmpty()) {
                // Sorted at both levels: Map.copyOf iterates in an order that changes from JVM to JVM,
                // and the policy is a string, so any other order would differ between two synths.
                Map<String, Object> sorted = new java.util.TreeMap<>();
                conditions.forEach((operator, pairs) -> sorted.put(operator, new java.util.TreeMap<>(pairs)));
                map.put("Condition", sorted);
            }
            return map;
        }
    }

    /** Denies every S3 call to the bucket that does not use TLS (X4). */
    public static Statement denyInsecureS3Transport(String bucketArn) {
        return Statement.deny("DenyInsecureTransport")
                .anyPrincipal()
                .actions("s3:*")
                .resources(bucketArn, bucketArn + "/*")
                .condition("Bool", "aws:SecureTransport", "false")
                .build();
    }

    /** Builds a {@link Statement}; only {@code actions} and {@code resources} are required. */
    public static final class Builder {
        private final String sid;
        private final Effect effect;
        private final List<String> actions = new ArrayList<>();
        private final List<String> resources = new ArrayList<>();
        private final Map<String, List<String>> principals = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> conditions = new LinkedHashMap<>();

        private Builder(String sid, Effect effect) {
            this.sid = sid;
            this.effect = effect;
        }

        public Builder actions(String... values) {
            actions.addAll(List.of(values));
            return this;
        }

        public Builder resources(String... values) {
            resources.addAll(List.of(values));
            return this;
        }

        public Builder resources(List<String> values) {
            resources.addAll(values);
            return this;
        }

        public Builder servicePrincipals(String... services) {
            principals.put("Service", List.of(services));
            return this;
        }

        public Builder awsPrincipals(String... arns) {
            principals.put("AWS", List.of(arns));
            return this;
        }

        public Builder anyPrincipal() {
            principals.put("AWS", List.of("*"));
            return this;
        }

        public Builder condition(String operator, String key, Object value) {
            conditions.computeIfAbsent(operator, k -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        public Statement build() {
            Map<String, Map<String, Object>> frozen = new LinkedHashMap<>();
            conditions.forEach((op, pairs) -> frozen.put(op, Map.copyOf(pairs)));
            return new Statement(sid, effect, actions, resources, principals, frozen);
        }
    }
}
