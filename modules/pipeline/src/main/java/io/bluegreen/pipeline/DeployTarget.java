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
public sealed interface DeployTarget permits DeployTarget.EcsBlueGreen, EcsFromSource, DeployTarget.CodeBuildDeploy {
    /** The deploy's actions, in the order they run, reading {@link #inputs()}. */
    List<CodepipelineStageAction> actions();

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

    /** A role of another account that runs the deploy, which must read the artifacts; none by default. */
    default Optional<CrossAccountRole> assumedRole() {
        return Optional.empty();
    }

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
        public List<CodepipelineStageAction> actions() {
            String artifact = imageBuild.output().name();
            return List.of(CodepipelineStageAction.builder()
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
                    .build());
        }

        @Override
        public List<Artifact> inputs() {
            return List.of(imageBuild.output());
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            return deployStatements(service, context);
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
     * What a CodeDeployToECS action needs of the role it runs as: this group's deployments, new
     * revisions of this service's family, and passing its task roles to ECS only.
     */
    static List<Statement> deployStatements(BlueGreenServiceRef service, AwsContext context) {
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

    /**
     * A deploy CodeBuild projects carry out, one after the other (a Lambda publish, a traffic
     * shift): each step's kind says what it changes and may read what an earlier step wrote; the
     * pipeline's role only runs them.
     */
    record CodeBuildDeploy(List<BuildAction> steps) implements DeployTarget {
        public CodeBuildDeploy {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw SettingException.invalid("deploy stage", "has no steps", steps, "give at least one deploying build");
            }
            for (BuildAction step : steps) {
                if (!step.kind().deploys()) {
                    throw SettingException.invalid("deploy stage", "runs a build that deploys nothing", step.actionName(),
                            "use a deploying kind such as LambdaPublish or LambdaShift, or put the action in a build stage");
                }
            }
        }

        public static CodeBuildDeploy of(BuildAction step) {
            return new CodeBuildDeploy(List.of(step));
        }

        @Override
        public List<CodepipelineStageAction> actions() {
            List<CodepipelineStageAction> actions = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                BuildAction step = steps.get(i);
                CodepipelineStageAction.Builder action = step.stageAction().outputArtifacts(List.of(step.output().name()));
                if (i > 0) {
                    action.runOrder(i + 1);
                }
                actions.add(action.build());
            }
            return List.copyOf(actions);
        }

        /** What the steps read that no earlier step of this deploy wrote. */
        @Override
        public List<Artifact> inputs() {
            List<Artifact> written = new ArrayList<>();
            List<Artifact> needed = new ArrayList<>();
            for (BuildAction step : steps) {
                if (!written.contains(step.kind().input()) && !needed.contains(step.kind().input())) {
                    needed.add(step.kind().input());
                }
                written.add(step.output());
            }
            return List.copyOf(needed);
        }

        @Override
        public List<Artifact> outputs() {
            return steps.stream().map(BuildAction::output).toList();
        }

        @Override
        public List<BuildAction> projects() {
            return steps;
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            // The pipeline's RunBuilds statement names the projects.
            return List.of();
        }

        @Override
        public Optional<BuildKind> followUp() {
            return Optional.empty();
        }

        @Override
        public Map<String, String> parameters() {
            Map<String, String> parameters = new TreeMap<>();
            steps.forEach(step -> parameters.putAll(step.kind().parameters()));
            return parameters;
        }
    }
}
