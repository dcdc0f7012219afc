package io.bluegreen.app;

import static io.bluegreen.app.JsonSettings.checkKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of {@code services.<name>} each blueprint takes: what every service declares, what its
 * platform delivers with, and what only it has. A key of another blueprint is refused naming
 * that blueprint, so no setting is ever silently ignored.
 */
final class BlueprintKeys {
    private static final Set<String> COMMON_KEYS = Set.of("blueprint", "source", "deploymentConfig", "testComputeType");
    private static final Set<String> ECS_KEYS = union(COMMON_KEYS, Set.of("terminationWaitMinutes", "imageBuildComputeType"));
    private static final Map<Blueprint, Set<String>> KEYS = Map.of(
            Blueprint.ECS_FARGATE, union(ECS_KEYS, Set.of("containerName", "containerPort", "cpu", "memoryMiB", "environment",
                    "secrets", "desiredCount", "healthCheckPath", "healthCheckIntervalSec", "healthCheckTimeoutSec",
                    "healthCheckHealthyThreshold", "healthCheckUnhealthyThreshold", "healthCheckMatcher", "certificateArn",
                    "productionPort", "testPort", "allowedCidrs", "testListenerCidrs")),
            Blueprint.EXISTING_ECS, union(ECS_KEYS, Set.of("existing", "artifactBucketName")),
            Blueprint.SERVERLESS, union(COMMON_KEYS, Set.of("handler", "runtime", "memoryMiB", "timeoutSeconds",
                    "reservedConcurrency", "environment", "tracing")),
            Blueprint.ISOLATED_ECS, Set.of("blueprint", "source", "deploymentConfig", "terminationWaitMinutes", "ecrRepositoryName",
                    "staging", "production"),
            Blueprint.LAMBDA_CONTAINER, union(COMMON_KEYS, Set.of("imageBuildComputeType", "initialImage", "toolingAccountId",
                    "memoryMiB", "timeoutSeconds", "reservedConcurrency", "environment", "tracing")));

    private BlueprintKeys() {
    }

    static Set<String> of(Blueprint blueprint) {
        return KEYS.get(blueprint);
    }

    /** A key of another blueprint says which; a key of none lists this blueprint's. */
    static void check(JsonNode s, String where, Blueprint blueprint) {
        s.fieldNames().forEachRemaining(key -> {
            if (KEYS.get(blueprint).contains(key)) {
                return;
            }
            List<Blueprint> owners = Arrays.stream(Blueprint.values()).filter(b -> KEYS.get(b).contains(key)).toList();
            if (!owners.isEmpty()) {
                throw SettingException.invalid(where + "." + key, "only applies to the " + owners.get(0) + " blueprint", s.get(key),
                        "remove it, or set \"blueprint\": \"" + owners.get(0) + "\"");
            }
        });
        checkKeys(s, where + ".", KEYS.get(blueprint));
    }

    static Blueprint blueprintOrNull(JsonNode service) {
        String value = service.path("blueprint").asText("");
        return Arrays.stream(Blueprint.values()).filter(b -> b.name().equals(value)).findFirst().orElse(null);
    }

    static Set<String> all() {
        return KEYS.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
