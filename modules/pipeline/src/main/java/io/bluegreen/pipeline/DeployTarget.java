package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.BlueGreenServiceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** What a deploy stage delivers to, with the pipeline action, artifacts and permissions that takes. */
public sealed interface DeployTarget permits DeployTarget.EcsBlueGreen, DeployTarget.CodeBuildDeploy {
    /** The deploy action itself, reading {@link #inputs()}. */
    CodepipelineStageAction action();

    /** Artifacts the deploy reads; each must come from an earlier stage. */
    List<Artifact> inputs();

    /** Artifacts the deploy hands on to later stages. */
    default List<Artifact> outputs() {
        return List.of();
    }

    /** CodeBuild projects the deploy runs, which the pipeline creates with the build stages' projects. */
    default List<BuildAction> projects() {
        return List.of();
    }

    /** What the pipeline's role needs for the deploy. */
    List<Statement> pipelineStatements(AwsContext context);

    /** A build that runs after a successful deploy, never instead of it. */
    Optional<BuildKind> followUp();

    /** Non-sensitive settings of the target that people and scripts may look up (A9), by short name. */
    Map<String, String> parameters();

    /**
     * CodeDeploy blue/green onto an ECS service with the image build's {@code taskdef.json} and
     * {@code appspec.yaml}; a service that starts without tasks is then scaled to its count once.
     *
     * @param service    the service and its deployment group
     * @param imageBuild the action building this service's image; its output is the deploy's input
     */
    record EcsBlueGreen(BlueGreenServiceRef service, BuildAction imageBuild) implements DeployTarget {
        public EcsBlueGreen {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(imageBuild, "imageBuild");
            if (!(imageBuild.kind() instanceof BuildKind.ContainerImage image) || !image.service().equals(service)) {
                throw SettingException.invalid("deploy stage", "deploys an image no action builds for this service",
                        imageBuild.actionName(), "give the build action of kind ContainerImage for the same service");
            }
        }

        @Override
        public CodepipelineStageAction action() {
            String artifact = imageBuild.output().name();
            return CodepipelineStageAction.builder()
                    .name("Deploy")
                    .category("Deploy")
                    .owner("AWS")
                    .provider("CodeDeployToECS")
                    .version("1")
                    .inputArtifacts(List.of(artifact))
                    .configuration(new TreeMap<>(Map.of(
                            "ApplicationName", service.deployment().applicationName(),
                            "DeploymentGroupName", service.deployment().deploymentGroupName(),
                            "TaskDefinitionTemplateArtifact", artifact,
                            "TaskDefinitionTemplatePath", "taskdef.json",
                            "AppSpecTemplateArtifact", artifact,
                            "AppSpecTemplatePath", "appspec.yaml",
                            "Image1ArtifactName", artifact,
                            "Image1ContainerName", "IMAGE1_NAME")))
                    .build();
        }

        @Override
        public List<Artifact> inputs() {
            return List.of(imageBuild.output());
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            List<Statement> statements = new ArrayList<>(service.deployment().grantDeploy(context));
            statements.add(Statement.allow("RegisterTaskDefinitions").actions("ecs:RegisterTaskDefinition")
                    // Revisions of this service's family only.
                    .resources(context.arn("ecs", "task-definition/" + service.taskFamily() + ":*")).build());
            statements.add(Statement.allow("ReadTaskDefinitions").actions("ecs:DescribeTaskDefinition")
                    // DescribeTaskDefinition supports no resource-level permissions.
                    .resources("*").build());
            statements.add(Statement.allow("PassTaskRoles").actions("iam:PassRole")
                    .resources(service.taskRoleArns())
                    .condition("StringEquals", "iam:PassedToService", "ecs-tasks.amazonaws.com")
                    .build());
            return List.copyOf(statements);
        }

        @Override
        public Optional<BuildKind> followUp() {
            return service.scaleAfterFirstDeployment().map(count -> new BuildKind.ScaleFromZero(service, count));
        }

        @Override
        public Map<String, String> parameters() {
            return new TreeMap<>(Map.of(
                    "container-name", service.containerName(),
                    "container-port", String.valueOf(service.containerPort()),
                    "task-family", service.taskFamily(),
                    "repository-uri", ((BuildKind.ContainerImage) imageBuild.kind()).registry().repositoryUrl(),
                    "deployment-group", service.deployment().deploymentGroupName()));
        }
    }

    /**
     * A deploy a CodeBuild project carries out (a Lambda publish or traffic shift): the project's
     * kind says what it changes; the pipeline's role only runs it.
     */
    record CodeBuildDeploy(BuildAction project) implements DeployTarget {
        public CodeBuildDeploy {
            Objects.requireNonNull(project, "project");
            if (!project.kind().deploys()) {
                throw SettingException.invalid("deploy stage", "runs a build that deploys nothing", project.actionName(),
                        "use a deploying kind such as LambdaPublish or LambdaShift, or put the action in a build stage");
            }
        }

        @Override
        public CodepipelineStageAction action() {
            return CodepipelineStageAction.builder()
                    .name(project.actionName())
                    .category("Build")
                    .owner("AWS")
                    .provider("CodeBuild")
                    .version("1")
                    .inputArtifacts(List.of(project.kind().input().name()))
                    .outputArtifacts(List.of(project.output().name()))
                    .configuration(Map.of("ProjectName", project.projectName()))
                    .build();
        }

        @Override
        public List<Artifact> inputs() {
            return List.of(project.kind().input());
        }

        @Override
        public List<Artifact> outputs() {
            return List.of(project.output());
        }

        @Override
        public List<BuildAction> projects() {
            return List.of(project);
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            // The pipeline's RunBuilds statement names the project.
            return List.of();
        }

        @Override
        public Optional<BuildKind> followUp() {
            return Optional.empty();
        }

        @Override
        public Map<String, String> parameters() {
            return project.kind().parameters();
        }
    }
}
