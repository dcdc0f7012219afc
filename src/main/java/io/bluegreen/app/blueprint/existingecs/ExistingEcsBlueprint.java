package io.bluegreen.app.blueprint.existingecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.actions.ecs.ContainerImage;
import io.bluegreen.actions.ecs.EcsBlueGreen;
import io.bluegreen.app.blueprint.Assembly;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.ServiceConfig.Builds;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceConfigs;
import io.bluegreen.app.config.ServiceInput;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.ecs.ExistingEcsService;
import io.bluegreen.notifications.DeploymentState;
import io.bluegreen.notifications.EventRoute;
import io.bluegreen.notifications.NameFilter;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsProps;
import io.bluegreen.notifications.PipelineState;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.Source;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.ContainerRegistryProps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Blueprint B (seed 001): a five-stage pipeline and a CodeDeploy blue/green deployment onto an ECS
 * service, target groups and listeners that exist already (B3), with exactly the seed's names (B2)
 * and outputs (B8), its own notifications topic (B7) and an ECR repository for the images it
 * builds. Nothing of the adopted service is created or destroyed.
 */
public final class ExistingEcsBlueprint implements Blueprint {
    public static final ExistingEcsBlueprint BLUEPRINT = new ExistingEcsBlueprint();
    /** The keys it takes, as the file writes them ({@code source} and {@code existing} are read by the shared readers). */
    public record Written(JsonNode source, String deploymentConfig, String testComputeType, String imageBuildComputeType,
                          Integer terminationWaitMinutes, JsonNode existing, String artifactBucketName) {
    }

    private static final Set<String> KEYS = ServiceInput.keysOf(Written.class);
    /** B1, with hyphens: CodePipeline refuses spaces in stage names. */
    public static final List<String> STAGES = List.of("Source", "Unit-Tests", "Docker-Build", "Manual-Approval", "Deploy");

    private ExistingEcsBlueprint() {
    }

    @Override
    public String id() {
        return "EXISTING_ECS";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public ServiceConfig read(ServiceInput in) {
        Written written = in.bind(Written.class);
        Source source = in.source();
        Builds builds = in.builds();
        Optional<EcsDeploymentConfig> deployment = in.ecsDeploymentConfig(written.deploymentConfig());
        Optional<Integer> terminationWait = Optional.ofNullable(written.terminationWaitMinutes());
        if (written.existing() == null) {
            throw SettingException.invalid(in.where() + ".existing", "is required by the EXISTING_ECS blueprint", "",
                    "name the cluster, service, load balancer, target groups, ports and container to adopt");
        }
        Optional<String> artifactBucketName = Optional.ofNullable(written.artifactBucketName())
                .map(bucket -> ServiceConfigs.bucketName(in.named(bucket), in.where() + ".artifactBucketName"));
        return new ExistingEcs(in.name(), source, builds, ServiceConfigs.existing(written.existing(),
                in.where() + ".existing", in.suffix(), Set.of()), deployment, terminationWait, artifactBucketName);
    }

    /** Seed 001 fixes names such as {@code codebuild-role-<suffix>} that two services would share. */
    @Override
    public void checkTogether(List<ServiceConfig> services) {
        if (services.size() > 1) {
            throw SettingException.invalid("services", "use the EXISTING_ECS blueprint more than once", services.size() + " services",
                    "seed 001 fixes names such as codebuild-role-<suffix> that two services would share; keep one");
        }
    }

    @Override
    public Assembly assemble(TerraformStack stack, EnvironmentConfig config, ServiceConfig service) {
        // Only its own records reach it: the app assembles a service with the blueprint that read it.
        return assemble(stack, config, (ExistingEcs) service);
    }

    private Assembly assemble(TerraformStack stack, EnvironmentConfig config, ExistingEcs settings) {
        String name = settings.name();
        Naming naming = config.naming();
        String pipelineName = naming.exact(ResourceType.CODEPIPELINE, name + "-pipeline");
        String applicationName = naming.exact(ResourceType.CODEDEPLOY_APPLICATION, name + "-app");
        Notifications notifications = new Notifications(stack, "notifications",
                NotificationsProps.named(naming, name + "-notifications", "pipeline-notifications", config.notificationEmails()));
        NameFilter thisPipeline = NameFilter.named(List.of(pipelineName));
        notifications.route(EventRoute.pipelineExecutions(thisPipeline, Set.of(PipelineState.FAILED, PipelineState.SUCCEEDED))
                .withPurpose(name + "-pipeline-executions"));
        notifications.route(EventRoute.manualApprovals(thisPipeline).withPurpose(name + "-approvals"));
        notifications.route(EventRoute.deployments(NameFilter.named(List.of(applicationName)),
                Set.of(DeploymentState.START, DeploymentState.SUCCESS, DeploymentState.FAILURE, DeploymentState.STOP))
                .withPurpose(name + "-deployments"));

        ContainerRegistry registry = new ContainerRegistry(stack, "registry", ContainerRegistryProps.of(naming, name));
        BlueGreenServiceProps.Builder props = BlueGreenServiceProps.builder(naming, name, notifications.ref())
                .existing(settings.existing())
                .applicationName(applicationName)
                .deploymentGroupName(naming.exact(ResourceType.CODEDEPLOY_GROUP, name + "-dg"))
                .codeDeployRoleName(naming.exact(ResourceType.IAM_ROLE, "codedeploy-role"));
        settings.deploymentConfig().ifPresent(props::deploymentConfig);
        settings.terminationWaitMinutes().ifPresent(props::terminationWaitMinutes);
        BlueGreenService service = new BlueGreenService(stack, "service", props.build());

        BuildAction unitTests = new BuildAction("Unit-Tests", naming.exact(ResourceType.CODEBUILD_PROJECT, "unit-test-project"),
                naming.logGroup("/aws/codebuild/unit-test"), new BuildKind.Tests(Buildspec.UNIT_TEST), settings.builds().tests());
        BuildAction dockerBuild = new BuildAction("Docker-Build",
                naming.exact(ResourceType.CODEBUILD_PROJECT, "docker-build-project"), naming.logGroup("/aws/codebuild/docker-build"),
                new ContainerImage(registry.ref(), service.ref()), settings.builds().image());
        List<Stage> stages = List.of(
                new Stage.SourceStage(STAGES.get(0)),
                Stage.BuildStage.of(STAGES.get(1), unitTests),
                Stage.BuildStage.of(STAGES.get(2), dockerBuild),
                new Stage.ApprovalStage(STAGES.get(3), notifications.ref()),
                new Stage.DeployStage(STAGES.get(4), new EcsBlueGreen(service.ref(), dockerBuild)));
        DeliveryPipelineProps pipeline = DeliveryPipelineProps.builder(naming, name, settings.source(), stages)
                .pipelineName(pipelineName)
                // B2 fixes the name, so another account may hold it: then set artifactBucketName (docs/settings.md).
                .artifactBucketName(settings.artifactBucketName()
                        .orElseGet(() -> naming.exact(ResourceType.S3_BUCKET, "pipeline-artifacts")))
                .pipelineRoleName(naming.exact(ResourceType.IAM_ROLE, "codepipeline-role"))
                .sharedBuildRoleName(naming.exact(ResourceType.IAM_ROLE, "codebuild-role"))
                .build();

        return new Assembly(pipeline, delivery -> {
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("pipelineArn", delivery.pipeline.getArn());
            outputs.put("artifactBucketName", delivery.artifactBucket.bucket.getBucket());
            outputs.put("unitTestProjectArn", delivery.buildProjects.get(unitTests.projectName()).getArn());
            outputs.put("dockerBuildProjectArn", delivery.buildProjects.get(dockerBuild.projectName()).getArn());
            outputs.put("codeDeployApplicationArn", service.application.getArn());
            outputs.put("snsTopicArn", notifications.topic.getArn());
            return outputs;
        });
    }

    /**
     * Blueprint B (seed 001): the pipeline and CodeDeploy onto an ECS service that exists already.
     *
     * @param artifactBucketName replaces B2's {@code pipeline-artifacts-<s>} when another account holds it
     */
    public record ExistingEcs(String name, Source source, Builds builds, ExistingEcsService existing,
                       Optional<EcsDeploymentConfig> deploymentConfig, Optional<Integer> terminationWaitMinutes,
                       Optional<String> artifactBucketName) implements ServiceConfig {
        public ExistingEcs {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(builds, "builds");
            Objects.requireNonNull(existing, "existing");
            Objects.requireNonNull(deploymentConfig, "deploymentConfig");
            Objects.requireNonNull(terminationWaitMinutes, "terminationWaitMinutes");
            Objects.requireNonNull(artifactBucketName, "artifactBucketName");
        }

        @Override
        public ServiceKind kind() {
            return BLUEPRINT;
        }

    }
}
