package com.example.orders;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;
import io.bluegreen.actions.ecs.ContainerImage;
import io.bluegreen.actions.ecs.EcsBlueGreen;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.notifications.EmailAddress;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsProps;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.Source;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.ContainerRegistryProps;
import io.bluegreen.registry.RegistryRef;
import io.bluegreen.vpc.Network;
import io.bluegreen.vpc.VpcProps;
import java.util.List;
import software.constructs.Construct;

/** The team's service {@code orders}: an ECS Fargate service deployed blue/green by its own pipeline. */
public final class OrdersStack extends TerraformStack {
    public final DeliveryPipeline pipeline;

    public OrdersStack(Construct scope, String id, String environment, String connectionArn) {
        super(scope, id);
        new AwsProvider(this, "aws", AwsProviderConfig.builder().region("us-east-1").build());
        Naming naming = Naming.of(environment);
        Network network = new Network(this, "network", VpcProps.builder(naming).build());
        Notifications topic = new Notifications(this, "notifications",
                NotificationsProps.of(naming, List.of(new EmailAddress("orders-team@example.com"))));
        ContainerRegistry registry = new ContainerRegistry(this, "registry", ContainerRegistryProps.of(naming, "orders"));
        BlueGreenService service = new BlueGreenService(this, "service", BlueGreenServiceProps.builder(naming, "orders", topic.ref())
                .network(network.ref()).image(registry.ref().image(RegistryRef.NOT_YET_BUILT)).container(ContainerSpec.of("app", 8080))
                .build());
        BuildAction image = new BuildAction("Build", naming.name(ResourceType.CODEBUILD_PROJECT, "orders-build"),
                naming.logGroup("/aws/codebuild/orders-build"), new ContainerImage(registry.ref(), service.ref()), ComputeType.MEDIUM);
        this.pipeline = new DeliveryPipeline(this, "pipeline", DeliveryPipelineProps.builder(naming, "orders",
                new Source.GitHub(connectionArn, "acme/orders", "main"), List.of(new Stage.SourceStage("Source"),
                        Stage.BuildStage.of("Build", image), new Stage.ApprovalStage("Approve", topic.ref()),
                        new Stage.DeployStage("Deploy", new EcsBlueGreen(service.ref(), image)))).build());
    }
}
