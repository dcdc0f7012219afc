package io.bluegreen.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one container of the service's task.
 *
 * @param name        container name, also in the load balancer block and appspec.yaml; default {@code app}
 * @param port        the port it listens on, 1-65535; default 8080
 * @param cpu         Fargate task CPU units: 256, 512, 1024, 2048 or 4096; default 256
 * @param memoryMiB   task memory, 512-30720; default 512
 * @param environment plain, non-sensitive variables; default none
 * @param secrets     variables injected from Secrets Manager or Parameter Store; default none
 */
public record ContainerSpec(String name, int port, int cpu, int memoryMiB, Map<String, String> environment,
                            List<ContainerSecret> secrets) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");
    private static final Set<Integer> FARGATE_CPU = Set.of(256, 512, 1024, 2048, 4096);
    private static final ObjectMapper JSON = new ObjectMapper();

    public ContainerSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SettingException.invalid("containerName", "must be letters, digits, _ and -", name, "use a name such as 'app'");
        }
        if (port < 1 || port > 65535) {
            throw SettingException.invalid("containerPort", "must be between 1 and 65535", port, "use the port the application listens on");
        }
        if (!FARGATE_CPU.contains(cpu)) {
            throw SettingException.invalid("cpu", "is not a Fargate CPU size", cpu, "use 256, 512, 1024, 2048 or 4096");
        }
        if (memoryMiB < 512 || memoryMiB > 30720) {
            throw SettingException.invalid("memoryMiB", "must be between 512 and 30720", memoryMiB,
                    "pick a Fargate memory size that fits the CPU");
        }
        environment = Map.copyOf(new TreeMap<>(Objects.requireNonNull(environment, "environment")));
        secrets = List.copyOf(secrets);
        for (ContainerSecret secret : secrets) {
            if (environment.containsKey(secret.name())) {
                throw SettingException.invalid("container environment", "sets a variable that is also a secret", secret.name(),
                        "keep the value in the secret only");
            }
        }
    }

    /** {@code app} on 8080 with 0.25 vCPU and 512 MiB, no environment, no secrets. */
    public static final ContainerSpec DEFAULT = of("app", 8080);

    public static ContainerSpec of(String name, int port) {
        return new ContainerSpec(name, port, 256, 512, Map.of(), List.of());
    }

    /**
     * The task definition's {@code container_definitions}: this container with {@code image},
     * awslogs to {@code logGroupName}, not privileged.
     */
    String containerDefinitions(String image, String logGroupName, String region) {
        ObjectNode definition = JSON.createObjectNode()
                .put("name", name)
                .put("image", image)
                .put("essential", true)
                .put("privileged", false);
        definition.putArray("portMappings").addObject()
                .put("containerPort", port)
                .put("hostPort", port)
                .put("protocol", "tcp");
        // Empty lists are left out: ECS answers without them and the plan would show a diff.
        if (!environment.isEmpty()) {
            ArrayNode variables = definition.putArray("environment");
            new TreeMap<>(environment)
                    .forEach((variable, value) -> variables.addObject().put("name", variable).put("value", value));
        }
        if (!secrets.isEmpty()) {
            ArrayNode injected = definition.putArray("secrets");
            secrets.forEach(secret -> injected.addObject().put("name", secret.name()).put("valueFrom", secret.valueFrom()));
        }
        ObjectNode logging = definition.putObject("logConfiguration").put("logDriver", "awslogs");
        logging.putObject("options")
                .put("awslogs-group", logGroupName)
                .put("awslogs-region", region)
                .put("awslogs-stream-prefix", name);
        return JSON.createArrayNode().add(definition).toString();
    }
}
