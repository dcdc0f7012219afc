package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.DeployTarget;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.ContainerRegistryProps;
import io.bluegreen.registry.RegistryRef;
import io.bluegreen.vpc.Network;
import io.bluegreen.vpc.NetworkRef;
import java.util.List;
import software.constructs.Construct;

/**
 * Blueprint A (seed 000) for one service: its image registry, its ECS Fargate service behind an
 * ALB deployed blue/green by CodeDeploy, and its pipeline, in the environment's network and
 * notifying the environment's topic, both found by name from the {@link PlatformStack}, which
 * is deployed first. The stack is named after the service; its state is the service's own.
 */
public final class EcsServiceStack extends TerraformStack {
    /** A6: tests, then the image, then a person, then production. */
    static final List<String> STAGES = List.of("Source", "Unit-Tests", "Integration-Tests", "Build-Image", "Approve", "Deploy");

    public final ContainerRegistry registry;
    public final BlueGreenService service;
    public final DeliveryPipeline pipeline;

    public EcsServiceStack(Construct scope, EnvironmentConfig config, ServiceConfig settings, BackendSettings backend) {
        super(scope, settings.name());
        String name = settings.name();
        Naming naming = config.naming();
        StackBasics.environmentStack(this, name, config, backend);

        NetworkRef network = Network.lookup(this, "network", naming, config.existingVpc());
        NotificationsRef notifications = Notifications.lookup(this, "notifications", naming);

        this.registry = new ContainerRegistry(this, "registry", ContainerRegistryProps.of(naming, name));
        BlueGreenServiceProps.Builder service = BlueGreenServiceProps.builder(naming, name, notifications)
                .network(network)
                .image(registry.ref().image(RegistryRef.NOT_YET_BUILT))
                .container(settings.container())
                .desiredCount(settings.desiredCount())
                .healthCheck(settings.healthCheck())
                .allowedCidrs(settings.allowedCidrs())
                .loadBalancerWebAcl(config.loadBalancerWebAcl())
                .loadBalancerAccessLogs(config.loadBalancerAccessLogs())
                .deploymentConfig(settings.deploymentConfig())
                .terminationWaitMinutes(settings.terminationWaitMinutes());
        settings.certificate().ifPresent(service::certificate);
        settings.productionPort().ifPresent(service::productionPort);
        settings.testPort().ifPresent(service::testPort);
        settings.testListenerCidrs().ifPresent(service::testListenerCidrs);
        this.service = new BlueGreenService(this, "service", service.build());

        BuildAction imageBuild = build(naming, name, "Image-Build",
                new BuildKind.ContainerImage(registry.ref(), this.service.ref()), settings.imageBuildComputeType());
        List<Stage> stages = List.of(
                new Stage.SourceStage(STAGES.get(0)),
                Stage.BuildStage.of(STAGES.get(1), build(naming, name, "Unit-Tests",
                        new BuildKind.Tests(Buildspec.UNIT_TEST), settings.testComputeType())),
                Stage.BuildStage.of(STAGES.get(2), build(naming, name, "Integration-Tests",
                        new BuildKind.Tests(Buildspec.INTEGRATION_TEST), settings.testComputeType())),
                Stage.BuildStage.of(STAGES.get(3), imageBuild),
                new Stage.ApprovalStage(STAGES.get(4), notifications),
                new Stage.DeployStage(STAGES.get(5), new DeployTarget.EcsBlueGreen(this.service.ref(), imageBuild)));
        this.pipeline = new DeliveryPipeline(this, "pipeline",
                DeliveryPipelineProps.builder(naming, name, settings.source(), stages).build());

        StackBasics.output(this, "pipelineName", pipeline.pipeline.getName());
        StackBasics.output(this, "pipelineArn", pipeline.pipeline.getArn());
        StackBasics.output(this, "artifactBucketName", pipeline.artifactBucket.bucket.getBucket());
        StackBasics.output(this, "repositoryUrl", registry.ref().repositoryUrl());
        BlueGreenService.Runtime runtime = this.service.runtime.orElseThrow();
        StackBasics.output(this, "loadBalancerDnsName", runtime.loadBalancer().getDnsName());
        StackBasics.output(this, "clusterName", runtime.cluster().getName());
        StackBasics.output(this, "serviceName", runtime.service().getName());
        StackBasics.output(this, "taskFamily", runtime.taskDefinition().getFamily());
        StackBasics.output(this, "blueTargetGroupName", runtime.blueTargetGroup().getName());
        StackBasics.output(this, "greenTargetGroupName", runtime.greenTargetGroup().getName());
        StackBasics.output(this, "productionListenerArn", runtime.productionListener().getArn());
        StackBasics.output(this, "testListenerArn", runtime.testListener().getArn());
        StackBasics.output(this, "codeDeployApplicationName", this.service.application.getName());
        StackBasics.output(this, "deploymentGroupName", this.service.deploymentGroup.getDeploymentGroupName());
    }

    private static BuildAction build(Naming naming, String service, String action, BuildKind kind, ComputeType computeType) {
        String stem = service + "-" + action.toLowerCase();
        return new BuildAction(action, naming.name(ResourceType.CODEBUILD_PROJECT, stem),
                naming.logGroup("/aws/codebuild/" + stem), kind, computeType);
    }
}
