package io.bluegreen.app.blueprint.ecsfargate;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.actions.ecs.ContainerImage;
import io.bluegreen.actions.ecs.EcsBlueGreen;
import io.bluegreen.app.blueprint.Assembly;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.JsonSettings;
import io.bluegreen.app.config.ServiceConfig.Builds;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceInput;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.AcmCertificateArn;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.ecs.ContainerSecret;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.HealthCheck;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.Source;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.ContainerRegistryProps;
import io.bluegreen.registry.RegistryRef;
import io.bluegreen.vpc.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Blueprint A (seed 000): the service's image registry and its ECS Fargate service behind an ALB,
 * deployed blue/green by CodeDeploy, in the environment's network and notifying its topic; tests,
 * then the image, then a person, then production (A6).
 */
public final class EcsFargateBlueprint implements Blueprint {
    public static final EcsFargateBlueprint BLUEPRINT = new EcsFargateBlueprint();
    /** The keys it takes, as the file writes them ({@code source} is read by the shared source reader). */
    public record Written(JsonNode source, String deploymentConfig, String testComputeType, String imageBuildComputeType,
                          Integer terminationWaitMinutes, String containerName, Integer containerPort, Integer cpu, Integer memoryMiB,
                          Map<String, String> environment, Map<String, String> secrets, Integer desiredCount, String healthCheckPath,
                          Integer healthCheckIntervalSec, Integer healthCheckTimeoutSec, Integer healthCheckHealthyThreshold,
                          Integer healthCheckUnhealthyThreshold, String healthCheckMatcher, String certificateArn, Integer productionPort,
                          Integer testPort, List<String> allowedCidrs, List<String> testListenerCidrs) {
    }

    private static final Set<String> KEYS = ServiceInput.keysOf(Written.class);
    public static final List<String> STAGES = List.of("Source", "Unit-Tests", "Integration-Tests", "Build-Image", "Approve", "Deploy");

    private EcsFargateBlueprint() {
    }

    @Override
    public String id() {
        return "ECS_FARGATE";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    /** With {@code requireHttps}, the load balancer the stack creates needs a certificate. */
    @Override
    public ServiceConfig read(ServiceInput in) {
        Written w = in.bind(Written.class);
        List<ContainerSecret> secrets = new ArrayList<>();
        JsonSettings.orNone(w.secrets()).forEach((variable, arn) -> secrets.add(new ContainerSecret(variable, arn)));
        ContainerSpec defaults = ContainerSpec.DEFAULT;
        ContainerSpec container = new ContainerSpec(requireNonNullElse(w.containerName(), defaults.name()), requireNonNullElse(w.containerPort(), defaults.port()),
                requireNonNullElse(w.cpu(), defaults.cpu()), requireNonNullElse(w.memoryMiB(), defaults.memoryMiB()), JsonSettings.orNone(w.environment()), secrets);
        HealthCheck health = HealthCheck.defaults();
        health = new HealthCheck(requireNonNullElse(w.healthCheckPath(), health.path()), requireNonNullElse(w.healthCheckIntervalSec(), health.intervalSec()),
                requireNonNullElse(w.healthCheckTimeoutSec(), health.timeoutSec()), requireNonNullElse(w.healthCheckHealthyThreshold(), health.healthyThreshold()),
                requireNonNullElse(w.healthCheckUnhealthyThreshold(), health.unhealthyThreshold()), requireNonNullElse(w.healthCheckMatcher(), health.matcher()));
        Optional<AcmCertificateArn> certificate = Optional.ofNullable(w.certificateArn()).map(AcmCertificateArn::new);
        EcsFargate fargate = new EcsFargate(in.name(), in.source(), in.builds(), container, health,
                Optional.ofNullable(w.desiredCount()), certificate, Optional.ofNullable(w.productionPort()),
                Optional.ofNullable(w.testPort()), Optional.ofNullable(w.allowedCidrs()).map(List::copyOf),
                Optional.ofNullable(w.testListenerCidrs()).map(List::copyOf), in.ecsDeploymentConfig(w.deploymentConfig()),
                Optional.ofNullable(w.terminationWaitMinutes()));
        if (in.requireHttps() && certificate.isEmpty()) {
            String suffix = in.suffix().value();
            throw SettingException.invalid(in.where() + ".certificateArn", "is required in environment " + suffix
                    + ", whose settings set requireHttps", "", "request an ACM certificate for the service's domain and set environments."
                    + suffix + ".services." + in.name() + ".certificateArn, or set requireHttps to false for " + suffix);
        }
        return fargate;
    }

    @Override
    public Assembly assemble(TerraformStack stack, EnvironmentConfig config, ServiceConfig service) {
        // Only its own records reach it: the app assembles a service with the blueprint that read it.
        return assemble(stack, config, (EcsFargate) service);
    }

    private Assembly assemble(TerraformStack stack, EnvironmentConfig config, EcsFargate settings) {
        String name = settings.name();
        Naming naming = config.naming();
        NotificationsRef notifications = Notifications.lookup(stack, "notifications", naming);
        ContainerRegistry registry = new ContainerRegistry(stack, "registry", ContainerRegistryProps.of(naming, name));
        BlueGreenServiceProps.Builder props = BlueGreenServiceProps.builder(naming, name, notifications)
                .network(Network.lookup(stack, "network", naming, config.existingVpc()))
                .image(registry.ref().image(RegistryRef.NOT_YET_BUILT))
                .container(settings.container())
                .healthCheck(settings.healthCheck())
                .loadBalancerWebAcl(config.loadBalancerWebAcl())
                .loadBalancerAccessLogs(config.loadBalancerAccessLogs());
        settings.desiredCount().ifPresent(props::desiredCount);
        settings.certificate().ifPresent(props::certificate);
        settings.productionPort().ifPresent(props::productionPort);
        settings.testPort().ifPresent(props::testPort);
        settings.allowedCidrs().ifPresent(props::allowedCidrs);
        settings.testListenerCidrs().ifPresent(props::testListenerCidrs);
        settings.deploymentConfig().ifPresent(props::deploymentConfig);
        settings.terminationWaitMinutes().ifPresent(props::terminationWaitMinutes);
        BlueGreenService service = new BlueGreenService(stack, "service", props.build());

        BuildAction imageBuild = Blueprint.buildAction(naming, name, "Image-Build",
                new ContainerImage(registry.ref(), service.ref()), settings.builds().image());
        List<Stage> stages = List.of(
                new Stage.SourceStage(STAGES.get(0)),
                Stage.BuildStage.of(STAGES.get(1), Blueprint.buildAction(naming, name, "Unit-Tests",
                        new BuildKind.Tests(Buildspec.UNIT_TEST), settings.builds().tests())),
                Stage.BuildStage.of(STAGES.get(2), Blueprint.buildAction(naming, name, "Integration-Tests",
                        new BuildKind.Tests(Buildspec.INTEGRATION_TEST), settings.builds().tests())),
                Stage.BuildStage.of(STAGES.get(3), imageBuild),
                new Stage.ApprovalStage(STAGES.get(4), notifications),
                new Stage.DeployStage(STAGES.get(5), new EcsBlueGreen(service.ref(), imageBuild)));

        BlueGreenService.Runtime runtime = service.runtime.orElseThrow();
        return new Assembly(DeliveryPipelineProps.builder(naming, name, settings.source(), stages).build(),
                pipeline -> {
                    Map<String, Object> outputs = new LinkedHashMap<>();
                    outputs.put("pipelineName", pipeline.pipeline.getName());
                    outputs.put("pipelineArn", pipeline.pipeline.getArn());
                    outputs.put("artifactBucketName", pipeline.artifactBucket.bucket.getBucket());
                    outputs.put("repositoryUrl", registry.ref().repositoryUrl());
                    outputs.put("loadBalancerDnsName", runtime.loadBalancer().getDnsName());
                    outputs.put("clusterName", runtime.cluster().getName());
                    outputs.put("serviceName", runtime.service().getName());
                    outputs.put("taskFamily", runtime.taskDefinition().getFamily());
                    outputs.put("blueTargetGroupName", runtime.blueTargetGroup().getName());
                    outputs.put("greenTargetGroupName", runtime.greenTargetGroup().getName());
                    outputs.put("productionListenerArn", runtime.productionListener().getArn());
                    outputs.put("testListenerArn", runtime.testListener().getArn());
                    outputs.put("codeDeployApplicationName", service.application.getName());
                    outputs.put("deploymentGroupName", service.deploymentGroup.getDeploymentGroupName());
                    return outputs;
                });
    }

    /** Blueprint A (seed 000): a new Fargate service behind its own ALB. */
    public record EcsFargate(String name, Source source, Builds builds, ContainerSpec container, HealthCheck healthCheck,
                      Optional<Integer> desiredCount, Optional<AcmCertificateArn> certificate, Optional<Integer> productionPort,
                      Optional<Integer> testPort, Optional<List<String>> allowedCidrs, Optional<List<String>> testListenerCidrs,
                      Optional<EcsDeploymentConfig> deploymentConfig, Optional<Integer> terminationWaitMinutes)
            implements ServiceConfig {
        public EcsFargate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(builds, "builds");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(healthCheck, "healthCheck");
            allowedCidrs = allowedCidrs.map(List::copyOf);
            testListenerCidrs = testListenerCidrs.map(List::copyOf);
        }

        @Override
        public ServiceKind kind() {
            return BLUEPRINT;
        }

    }
}
