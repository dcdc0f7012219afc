package io.bluegreen.pipeline;

import io.bluegreen.actions.ecs.ContainerImage;
import io.bluegreen.actions.ecs.EcsBlueGreen;
import io.bluegreen.actions.lambda.LambdaBuild;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.Naming;
import io.bluegreen.core.TestStacks;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.ExistingEcsService;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.ContainerRegistryProps;
import io.bluegreen.vpc.NetworkRef;
import io.bluegreen.ecs.BlueGreenServiceRef;
import io.bluegreen.lambda.BlueGreenFunction;
import io.bluegreen.lambda.BlueGreenFunctionProps;
import io.bluegreen.lambda.FunctionCode;
import io.bluegreen.lambda.LambdaRuntime;
import io.bluegreen.registry.RegistryRef;
import java.util.List;
import java.util.function.Function;
import java.util.Optional;

/** Blueprint A's stack in small: registry, service and pipeline for {@code web} in {@code dev}. */
final class PipelineFixtures {
    static final Naming NAMING = Naming.of("dev");
    static final String CONNECTION = "arn:aws:codestar-connections:us-east-1:123456789012:connection/6f0b8e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    static final NotificationsRef TOPIC = new NotificationsRef("arn:aws:sns:us-east-1:123456789012:sns-notifications-dev",
            "sns-notifications-dev", "arn:aws:kms:us-east-1:123456789012:key/1234");
    static final NetworkRef NETWORK = new NetworkRef("vpc-1", "10.0.0.0/16", List.of("subnet-a", "subnet-b"),
            List.of("subnet-c", "subnet-d"), List.of("203.0.113.10"), Optional.empty());

    private PipelineFixtures() {
    }

    static BuildAction action(String name, BuildKind kind) {
        String stem = "web-" + name.toLowerCase();
        return new BuildAction(name, "cb-" + stem + "-dev", "/aws/codebuild/" + stem + "-dev", kind, ComputeType.SMALL);
    }

    /** What the stages deliver with and to, known once the registry and service exist. */
    record Parts(RegistryRef registry, BlueGreenServiceRef service) {
        BuildAction imageBuild() {
            return action("Image-Build", new ContainerImage(registry, service));
        }

        EcsBlueGreen target() {
            return new EcsBlueGreen(service, imageBuild());
        }
    }

    static Function<Parts, List<Stage>> stages() {
        return parts -> List.of(
                new Stage.SourceStage("Source"),
                new Stage.BuildStage("Test", List.of(action("Unit-Tests", new BuildKind.Tests(Buildspec.UNIT_TEST)),
                        action("Integration-Tests", new BuildKind.Tests(Buildspec.INTEGRATION_TEST)))),
                Stage.BuildStage.of("Build-Image", parts.imageBuild()),
                new Stage.ApprovalStage("Approve", TOPIC),
                new Stage.DeployStage("Deploy", parts.target()));
    }

    record Built(TerraformStack stack, BlueGreenService service, DeliveryPipeline pipeline) {
    }

    static Built build(Source source, Function<Parts, List<Stage>> stages) {
        TerraformStack stack = TestStacks.withAwsProvider();
        ContainerRegistry registry = new ContainerRegistry(stack, "registry", ContainerRegistryProps.of(NAMING, "web"));
        BlueGreenService service = new BlueGreenService(stack, "service", BlueGreenServiceProps.builder(NAMING, "web", TOPIC)
                .network(NETWORK)
                .image(registry.ref().image(io.bluegreen.registry.RegistryRef.NOT_YET_BUILT))
                .container(ContainerSpec.of("app", 8080))
                .build());
        DeliveryPipeline pipeline = new DeliveryPipeline(stack, "pipeline", DeliveryPipelineProps.builder(NAMING, "web", source,
                stages.apply(new Parts(registry.ref(), service.ref()))).build());
        return new Built(stack, service, pipeline);
    }

    /** Blueprint B in small: the pipeline onto a service that exists already (it runs what its owner set). */
    static Built adopted(Source source, Function<Parts, List<Stage>> stages) {
        TerraformStack stack = TestStacks.withAwsProvider();
        ContainerRegistry registry = new ContainerRegistry(stack, "registry", ContainerRegistryProps.of(NAMING, "payment-service"));
        BlueGreenService service = new BlueGreenService(stack, "service",
                BlueGreenServiceProps.builder(NAMING, "payment-service", TOPIC)
                        .existing(new ExistingEcsService("payment-cluster-dev", "payment-service-dev", "payment-alb-dev",
                                "payment-blue-tg-dev", "payment-green-tg-dev", 80, 8080, "payment", 8080))
                        .build());
        DeliveryPipeline pipeline = new DeliveryPipeline(stack, "pipeline",
                DeliveryPipelineProps.builder(NAMING, "payment-service", source, stages.apply(new Parts(registry.ref(), service.ref())))
                        .artifactBucketName("pipeline-artifacts-dev")
                        .build());
        return new Built(stack, service, pipeline);
    }

    /** Blueprint D in small: build, publish and shift for {@code orders} (fn-orders-dev), no approval. */
    static TerraformStack serverless() {
        TerraformStack stack = TestStacks.withAwsProvider();
        BlueGreenFunction function = new BlueGreenFunction(stack, "function", BlueGreenFunctionProps.builder(NAMING, "orders", TOPIC,
                FunctionCode.Zip.placeholder("handler.handler", LambdaRuntime.NODEJS_22_X)).build());
        BuildAction build = action("Build", new LambdaBuild.Zip());
        BuildAction publish = action("Deploy-Blue", LambdaBuild.Publish.zip(function.ref(), build.output()));
        BuildAction shift = action("Switch-Traffic", new LambdaBuild.Shift(function.ref(), publish.output(), 90));
        new DeliveryPipeline(stack, "pipeline", DeliveryPipelineProps.builder(NAMING, "orders", new Source.GitHub(CONNECTION,
                        "acme/orders", "main"), List.of(new Stage.SourceStage("Source"), Stage.BuildStage.of("Build", build),
                        new Stage.DeployStage("Deploy-Blue", DeployTarget.CodeBuildDeploy.of(publish)),
                        new Stage.DeployStage("Switch-Traffic", DeployTarget.CodeBuildDeploy.of(shift))))
                .rules(StageRules.CONTINUOUS)
                .artifactEncryption(ArtifactEncryption.AWS_MANAGED_KEY)
                .build());
        return stack;
    }

    /** Blueprint C in small: image build with a layer cache, tests, approval, publish and shift for {@code catalog}. */
    static TerraformStack container() {
        TerraformStack stack = TestStacks.withAwsProvider();
        ContainerRegistry registry = new ContainerRegistry(stack, "registry", ContainerRegistryProps.of(NAMING, "catalog"));
        BlueGreenFunction function = new BlueGreenFunction(stack, "function", BlueGreenFunctionProps.builder(NAMING, "catalog", TOPIC,
                new FunctionCode.Image("123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1")).build());
        BuildAction image = action("Build", new LambdaBuild.Image(registry.ref(), "arn:aws:s3:::cache-dev", "cache-dev/docker-layers",
                ContainerRegistry.pinImage(stack, "buildkit", "buildkitImage", "buildkit:v0.16.0")));
        BuildAction tests = action("Test", new BuildKind.Tests(Buildspec.INTEGRATION_TEST));
        BuildAction publish = action("Publish", LambdaBuild.Publish.image(function.ref(), image.output(), registry.ref()));
        BuildAction shift = action("Shift", new LambdaBuild.Shift(function.ref(), publish.output(), 5));
        new DeliveryPipeline(stack, "pipeline", DeliveryPipelineProps.builder(NAMING, "catalog", new Source.GitHub(CONNECTION,
                        "acme/catalog", "main"), List.of(new Stage.SourceStage("Source"), Stage.BuildStage.of("Build", image),
                        Stage.BuildStage.of("Test", tests), new Stage.ApprovalStage("Manual-Approval", TOPIC),
                        new Stage.DeployStage("Deploy", new DeployTarget.CodeBuildDeploy(List.of(publish, shift)))))
                .artifactEncryption(ArtifactEncryption.AWS_MANAGED_KEY)
                .build());
        return stack;
    }
}
