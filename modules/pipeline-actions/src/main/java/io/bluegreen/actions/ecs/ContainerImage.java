package io.bluegreen.actions.ecs;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.ecs.BlueGreenServiceRef;
import io.bluegreen.registry.RegistryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
/**
 * Builds the container image, pushes it to the registry under the commit's tag, and writes the
 * service's running task definition with the new image as {@code taskdef.json} plus
 * {@code appspec.yaml} for a CodeDeploy ECS deployment.
 */
public record ContainerImage(RegistryRef registry, BlueGreenServiceRef service) implements BuildKind {
    /** Docker needs a privileged build container. */
    public static final Buildspec BUILDSPEC = new Buildspec("image-build.yml", true, false);

    public ContainerImage {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(service, "service");
    }

    @Override
    public Buildspec buildspec() {
        return BUILDSPEC;
    }

    @Override
    public Map<String, String> variables() {
        return new TreeMap<>(Map.of(
                "REPOSITORY_URI", registry.repositoryUrl(),
                "CONTAINER_NAME", service.containerName(),
                "CONTAINER_PORT", String.valueOf(service.containerPort()),
                "TASK_FAMILY", service.taskFamily()));
    }

    @Override
    public boolean readsRegistrySecret() {
        return true;
    }

    @Override
    public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
        List<Statement> statements = new ArrayList<>(registry.grantPush());
        statements.addAll(List.of(
                Statement.allow("ReadRegistryCredentials").actions("secretsmanager:GetSecretValue")
                        .resources(registrySecretArn.orElseThrow()).build(),
                Statement.allow("ReadRunningTaskDefinition").actions("ecs:DescribeTaskDefinition")
                        // DescribeTaskDefinition supports no resource-level permissions.
                        .resources("*").build()));
        return List.copyOf(statements);
    }
}
