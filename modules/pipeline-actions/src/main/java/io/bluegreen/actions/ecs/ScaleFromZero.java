package io.bluegreen.actions.ecs;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.ecs.BlueGreenServiceRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
/** Sets a service that started with no tasks to its desired count, once, after its first deployment. */
public record ScaleFromZero(BlueGreenServiceRef service, int desiredCount) implements BuildKind {
    /** Sets a new service to its desired count after its first deployment. */
    public static final Buildspec BUILDSPEC = new Buildspec("scale-from-zero.yml", false, false);

    public ScaleFromZero {
        Objects.requireNonNull(service, "service");
    }

    @Override
    public Buildspec buildspec() {
        return BUILDSPEC;
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
