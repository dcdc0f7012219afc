package io.bluegreen.actions.ecs;

import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import io.bluegreen.pipeline.Artifact;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.CrossAccountRole;
import io.bluegreen.pipeline.DeployTarget;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CodeDeploy blue/green onto an ECS service from what the source repository holds (E7): the
 * stage's task definition template ({@code taskdef-<stage>.json}, so staging and production
 * may differ and live in different accounts) and {@code appspec.yaml}, with the image the
 * build pushed ({@code imageDetail.json}). The pipeline's role deploys to a service of this
 * account; a service of another account is deployed by a role there, which the action
 * assumes (E8).
 *
 * @param taskDefinitionPath the template in the source, e.g. {@code taskdef-staging.json}
 * @param imageBuild         the build whose {@code imageDetail.json} names the image
 * @param deployer           who deploys
 */
public record EcsFromSource(String taskDefinitionPath, BuildAction imageBuild, EcsDeployer deployer) implements DeployTarget {
    public static final String APPSPEC_PATH = "appspec.yaml";
    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile("[A-Za-z0-9._/-]+\\.json");

    public EcsFromSource {
        if (taskDefinitionPath == null || !PATH.matcher(taskDefinitionPath).matches()) {
            throw SettingException.invalid("taskDefinitionPath", "must be a JSON file in the source", taskDefinitionPath,
                    "use e.g. 'taskdef-staging.json'");
        }
        Objects.requireNonNull(imageBuild, "imageBuild");
        Objects.requireNonNull(deployer, "deployer");
        if (!(imageBuild.kind() instanceof SourceDefinedImage)) {
            throw SettingException.invalid("deploy stage", "reads imageDetail.json from a build that writes none",
                    imageBuild.actionName(), "give the build action of kind SourceDefinedImage");
        }
    }

    @Override
    public List<CodepipelineStageAction> actions() {
        String image = imageBuild.output().name();
        CodepipelineStageAction.Builder action = CodepipelineStageAction.builder()
                .name("Deploy")
                .category("Deploy")
                .owner("AWS")
                .provider("CodeDeployToECS")
                .version("1")
                .inputArtifacts(List.of(Artifact.SOURCE.name(), image))
                .configuration(new TreeMap<>(Map.of(
                        "ApplicationName", deployer.applicationName(),
                        "DeploymentGroupName", deployer.deploymentGroupName(),
                        "TaskDefinitionTemplateArtifact", Artifact.SOURCE.name(),
                        "TaskDefinitionTemplatePath", taskDefinitionPath,
                        "AppSpecTemplateArtifact", Artifact.SOURCE.name(),
                        "AppSpecTemplatePath", APPSPEC_PATH,
                        "Image1ArtifactName", image,
                        "Image1ContainerName", "IMAGE1_NAME")));
        deployer.role().ifPresent(role -> action.roleArn(role.arn()));
        return List.of(action.build());
    }

    @Override
    public List<Artifact> inputs() {
        return List.of(Artifact.SOURCE, imageBuild.output());
    }

    @Override
    public List<Statement> pipelineStatements(AwsContext context) {
        return deployer.pipelineStatements(context);
    }

    @Override
    public Optional<CrossAccountRole> assumedRole() {
        return deployer.role();
    }

    @Override
    public Optional<BuildKind> followUp() {
        return Optional.empty();
    }

    /** The stages share the keys; E's settings are in config/platform.json, not Parameter Store. */
    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }
}
