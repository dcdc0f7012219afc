package io.bluegreen.actions.ecs;

import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.BlueGreenServiceRef;
import io.bluegreen.pipeline.Artifact;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.DeployTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CodeDeploy blue/green onto an ECS service with the image build's {@code taskdef.json} and
 * {@code appspec.yaml}; a service that starts without tasks is then scaled to its count once.
 *
 * @param service    the service and its deployment group
 * @param imageBuild the action building this service's image; its output is the deploy's input
 */
public record EcsBlueGreen(BlueGreenServiceRef service, BuildAction imageBuild) implements DeployTarget {
    public EcsBlueGreen {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(imageBuild, "imageBuild");
        if (!(imageBuild.kind() instanceof ContainerImage image) || !image.service().equals(service)) {
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
        return service.scaleAfterFirstDeployment().map(count -> new ScaleFromZero(service, count));
    }

    @Override
    public Map<String, String> parameters() {
        return new TreeMap<>(Map.of(
                "container-name", service.containerName(),
                "container-port", String.valueOf(service.containerPort()),
                "task-family", service.taskFamily(),
                "repository-uri", ((ContainerImage) imageBuild.kind()).registry().repositoryUrl(),
                "deployment-group", service.deployment().deploymentGroupName()));
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
}
