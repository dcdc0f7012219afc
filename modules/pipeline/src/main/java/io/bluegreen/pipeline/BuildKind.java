package io.bluegreen.pipeline;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.BlueGreenServiceRef;
import io.bluegreen.registry.RegistryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a build project does: which file of {@code buildspecs/} it runs, what that file reads
 * from its environment, and what its role may do beyond logs, reports and artifacts.
 */
public sealed interface BuildKind permits BuildKind.Tests, BuildKind.ContainerImage, BuildKind.ScaleFromZero,
        BuildKind.SourceDefinedImage, LambdaBuild.Zip, LambdaBuild.Image, LambdaBuild.Publish, LambdaBuild.Shift {
    Buildspec buildspec();

    /** The artifact the project reads; the source unless the kind works on an earlier output. */
    default Artifact input() {
        return Artifact.SOURCE;
    }

    /** Changes what runs in production: runs in a deploy stage, through {@link DeployTarget.CodeBuildDeploy}. */
    default boolean deploys() {
        return false;
    }

    /** Where CodeBuild keeps the buildspec's {@code cache} paths between builds ({@code <bucket>/<prefix>}); none by default. */
    default Optional<String> cacheLocation() {
        return Optional.empty();
    }

    /** CodeBuild stops the build after this long. */
    default int timeoutMinutes() {
        return 30;
    }

    /** Non-sensitive settings a deploying kind's target has (A9), by short name. */
    default Map<String, String> parameters() {
        return Map.of();
    }

    /** The project's plain-text environment, sorted by name. */
    Map<String, String> variables();

    /** What the buildspec's commands call, each scoped to the resources it names. */
    List<Statement> statements(AwsContext context, Optional<String> registrySecretArn);

    /**
     * The project runs the source repository's {@code buildspec.yml} (the team owns its build);
     * {@link #buildspec()} is then the documented default. Otherwise the file is inlined.
     */
    default boolean buildspecFromSource() {
        return false;
    }

    /** Logs in to Docker Hub with the pipeline's registry credentials secret. */
    default boolean readsRegistrySecret() {
        return false;
    }

    /** A test suite that publishes a JUnit report and needs nothing but the source. */
    record Tests(Buildspec buildspec) implements BuildKind {
        public Tests {
            if (buildspec == null || !buildspec.reportsTests()) {
                throw SettingException.invalid("test buildspec", "does not publish a test report", buildspec,
                        "use UNIT_TEST or INTEGRATION_TEST");
            }
        }

        @Override
        public Map<String, String> variables() {
            return Map.of();
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            return List.of();
        }
    }

    /**
     * Builds the container image, pushes it to the registry under the commit's tag, and writes the
     * service's running task definition with the new image as {@code taskdef.json} plus
     * {@code appspec.yaml} for a CodeDeploy ECS deployment.
     */
    record ContainerImage(RegistryRef registry, BlueGreenServiceRef service) implements BuildKind {
        public ContainerImage {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(service, "service");
        }

        @Override
        public Buildspec buildspec() {
            return Buildspec.IMAGE_BUILD;
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

    /** Sets a service that started with no tasks to its desired count, once, after its first deployment. */
    record ScaleFromZero(BlueGreenServiceRef service, int desiredCount) implements BuildKind {
        public ScaleFromZero {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public Buildspec buildspec() {
            return Buildspec.SCALE_FROM_ZERO;
        }

        @Override
        public Map<String, String> variables() {
            return new TreeMap<>(Map.of(
                    "CLUSTER_NAME", service.clusterName(),
                    "SERVICE_NAME", service.serviceName(),
                    "DESIRED_COUNT", String.valueOf(desiredCount)));
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            return List.of(Statement.allow("ScaleTheServiceOnce").actions("ecs:DescribeServices", "ecs:UpdateService")
                    .resources(context.arn("ecs", "service/" + service.clusterName() + "/" + service.serviceName())).build());
        }
    }

    /**
     * Builds and pushes the image with the repository's own {@code buildspec.yml} (seed 004's
     * "buildspec.yml in the source repository"; default {@code buildspecs/isolated-image-build.yml})
     * and hands on {@code imageDetail.json}; the task definitions and appspec come from the source.
     * Calls only ECR, so it runs where nothing but VPC endpoints is reachable (E3).
     */
    record SourceDefinedImage(RegistryRef registry) implements BuildKind {
        public SourceDefinedImage {
            Objects.requireNonNull(registry, "registry");
        }

        @Override
        public Buildspec buildspec() {
            return Buildspec.ISOLATED_IMAGE_BUILD;
        }

        @Override
        public boolean buildspecFromSource() {
            return true;
        }

        @Override
        public Map<String, String> variables() {
            return Map.of("REPOSITORY_URI", registry.repositoryUrl());
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            return registry.grantPush();
        }
    }
}
