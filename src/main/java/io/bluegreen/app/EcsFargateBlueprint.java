package io.bluegreen.app;

import io.bluegreen.core.Naming;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.DeployTarget;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.ContainerRegistryProps;
import io.bluegreen.registry.RegistryRef;
import io.bluegreen.vpc.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blueprint A (seed 000): the service's image registry and its ECS Fargate service behind an ALB,
 * deployed blue/green by CodeDeploy, in the environment's network and notifying its topic; tests,
 * then the image, then a person, then production (A6).
 */
final class EcsFargateBlueprint {
    static final List<String> STAGES = List.of("Source", "Unit-Tests", "Integration-Tests", "Build-Image", "Approve", "Deploy");

    private EcsFargateBlueprint() {
    }

    static ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config, ServiceConfig.EcsFargate settings) {
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

        BuildAction imageBuild = ServiceStack.buildAction(naming, name, "Image-Build",
                new BuildKind.ContainerImage(registry.ref(), service.ref()), settings.builds().image());
        List<Stage> stages = List.of(
                new Stage.SourceStage(STAGES.get(0)),
                Stage.BuildStage.of(STAGES.get(1), ServiceStack.buildAction(naming, name, "Unit-Tests",
                        new BuildKind.Tests(Buildspec.UNIT_TEST), settings.builds().tests())),
                Stage.BuildStage.of(STAGES.get(2), ServiceStack.buildAction(naming, name, "Integration-Tests",
                        new BuildKind.Tests(Buildspec.INTEGRATION_TEST), settings.builds().tests())),
                Stage.BuildStage.of(STAGES.get(3), imageBuild),
                new Stage.ApprovalStage(STAGES.get(4), notifications),
                new Stage.DeployStage(STAGES.get(5), new DeployTarget.EcsBlueGreen(service.ref(), imageBuild)));

        BlueGreenService.Runtime runtime = service.runtime.orElseThrow();
        return new ServiceStack.Assembly(DeliveryPipelineProps.builder(naming, name, settings.source(), stages).build(),
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
}
