package io.bluegreen.app;

import io.bluegreen.ecs.AcmCertificateArn;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.ecs.ExistingEcsService;
import io.bluegreen.ecs.HealthCheck;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.Source;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of {@code config/platform.json}'s {@code services}, resolved for one environment
 * (with that environment's {@code environments.<suffix>.services.<name>} on top): every
 * environment gets a stack per service, named after it.
 */
public record ServiceConfig(String name, Blueprint blueprint, Source source, ContainerSpec container, int desiredCount,
                            HealthCheck healthCheck, Optional<AcmCertificateArn> certificate, Optional<Integer> productionPort,
                            Optional<Integer> testPort, List<String> allowedCidrs, Optional<List<String>> testListenerCidrs,
                            EcsDeploymentConfig deploymentConfig, int terminationWaitMinutes, ComputeType testComputeType,
                            ComputeType imageBuildComputeType, Optional<ExistingEcsService> existing,
                            Optional<String> artifactBucketName) {
    public ServiceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(blueprint, "blueprint");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(healthCheck, "healthCheck");
        allowedCidrs = List.copyOf(allowedCidrs);
        testListenerCidrs = testListenerCidrs.map(List::copyOf);
        Objects.requireNonNull(artifactBucketName, "artifactBucketName");
        Objects.requireNonNull(deploymentConfig, "deploymentConfig");
        Objects.requireNonNull(testComputeType, "testComputeType");
        Objects.requireNonNull(imageBuildComputeType, "imageBuildComputeType");
    }
}
