package io.bluegreen.actions.ecs;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.registry.RegistryRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
/**
 * Builds and pushes the image with the repository's own {@code buildspec.yml} (seed 004's
 * "buildspec.yml in the source repository"; default {@code buildspecs/isolated-image-build.yml})
 * and hands on {@code imageDetail.json}; the task definitions and appspec come from the source.
 * Calls only ECR, so it runs where nothing but VPC endpoints is reachable (E3).
 */
public record SourceDefinedImage(RegistryRef registry) implements BuildKind {
    /** The documented default of the repository's own {@code buildspec.yml}. */
    public static final Buildspec BUILDSPEC = new Buildspec("isolated-image-build.yml", true, false);

    public SourceDefinedImage {
        Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Buildspec buildspec() {
        return BUILDSPEC;
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
