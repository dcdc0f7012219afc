package io.bluegreen.pipeline;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProject;
import com.hashicorp.cdktf.providers.aws.codebuild_report_group.CodebuildReportGroup;
import com.hashicorp.cdktf.providers.aws.codepipeline.Codepipeline;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineArtifactStore;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineArtifactStoreEncryptionKey;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineConfig;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStage;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret.SecretsmanagerSecret;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret.SecretsmanagerSecretConfig;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret_version.SecretsmanagerSecretVersion;
import com.hashicorp.cdktf.providers.aws.secretsmanager_secret_version.SecretsmanagerSecretVersionConfig;
import com.hashicorp.cdktf.providers.aws.ssm_parameter.SsmParameter;
import com.hashicorp.cdktf.providers.aws.ssm_parameter.SsmParameterConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.core.SecureBucket.SecureBucketProps;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import io.bluegreen.ecs.BlueGreenServiceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * A service's delivery pipeline (A6-A11, B1, B4, B5, B7): CodePipeline built from typed stages,
 * a CodeBuild project per build action running its file from {@code buildspecs/}, a manual
 * approval announced on the notifications topic, and a CodeDeploy blue/green deploy from the
 * image build's {@code taskdef.json} and {@code appspec.yaml}; for a service that starts without
 * tasks, the deploy stage then scales it to its desired count once.
 *
 * <p>A push to the branch starts it exactly once: a GitHub source detects changes through its
 * CodeStar connection; a CodeCommit source through an EventBridge rule on the repository's branch
 * (its own polling off). Around it: the artifact bucket (its own CMK, versioned, expiring,
 * TLS-only, private), 30-day encrypted build log groups, declared test report groups, the
 * service's non-sensitive settings in Parameter Store, the registry credentials secret the image
 * build reads, and one role per service principal scoped to these resources.
 */
public final class DeliveryPipeline extends Construct {
    private static final String SOURCE_ARTIFACT = "SourceOutput";
    /** The deploy stage's second action for a service that starts without tasks. */
    static final String SCALE_ACTION = "Scale-Up";

    public final EncryptionKey key;
    public final SecureBucket artifactBucket;
    public final SecretsmanagerSecret registrySecret;
    public final Map<String, CloudwatchLogGroup> buildLogGroups;
    public final Map<String, CodebuildReportGroup> reportGroups;
    public final Map<String, ServiceRole> buildRoles;
    public final Map<String, CodebuildProject> buildProjects;
    public final ServiceRole pipelineRole;
    public final Codepipeline pipeline;
    /** Present for a CodeCommit source: GitHub sources start on the connection's change detection. */
    public final Optional<ServiceRole> triggerRole;
    public final Optional<CloudwatchEventRule> trigger;
    public final List<SsmParameter> parameters;

    public DeliveryPipeline(Construct scope, String id, DeliveryPipelineProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        Optional<BuildAction> scaleUp = scaleUp(props);
        List<BuildAction> actions = new ArrayList<>(props.buildActions());
        scaleUp.ifPresent(actions::add);

        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(props.naming(), props.purpose() + "-pipeline",
                "Encrypts the artifacts, build logs and registry secret of the " + props.pipelineName() + " pipeline",
                List.of(LogGroups.keyGrant(actions.stream().map(BuildAction::logGroupName).toList()))));
        String bucketName = props.artifactBucketName().orElseGet(() -> props.naming().bucket(this, props.purpose() + "-artifacts"));
        this.artifactBucket = new SecureBucket(this, "artifacts", new SecureBucketProps(bucketName,
                Optional.of(key.arn()), Optional.of(props.artifactExpiryDays()), List.of()));
        this.registrySecret = registrySecret(props);

        Map<String, BuildProjects.Built> built = new BuildProjects(this, props, key, artifactBucket, registrySecret.getArn())
                .create(actions);
        Map<String, CloudwatchLogGroup> logGroups = new LinkedHashMap<>();
        Map<String, CodebuildReportGroup> reports = new LinkedHashMap<>();
        Map<String, ServiceRole> roles = new LinkedHashMap<>();
        Map<String, CodebuildProject> projects = new LinkedHashMap<>();
        built.forEach((project, parts) -> {
            logGroups.put(project, parts.logGroup());
            parts.reportGroup().ifPresent(group -> reports.put(project, group));
            roles.put(project, parts.role());
            projects.put(project, parts.project());
        });
        this.buildLogGroups = Map.copyOf(logGroups);
        this.reportGroups = Map.copyOf(reports);
        this.buildRoles = Map.copyOf(roles);
        this.buildProjects = Map.copyOf(projects);

        this.pipelineRole = new ServiceRole(this, "pipeline-role", new ServiceRoleProps(props.pipelineRoleName(),
                "codepipeline.amazonaws.com", "Lets the " + props.pipelineName() + " pipeline run its stages",
                List.of(), PipelinePermissions.statements(props, actions, artifactBucket, key, context)));
        this.pipeline = new Codepipeline(this, "pipeline", CodepipelineConfig.builder()
                .name(props.pipelineName())
                .roleArn(pipelineRole.arn())
                .artifactStore(List.of(CodepipelineArtifactStore.builder()
                        .type("S3")
                        .location(artifactBucket.bucket.getBucket())
                        .encryptionKey(CodepipelineArtifactStoreEncryptionKey.builder().type("KMS").id(key.arn()).build())
                        .build()))
                .stage(props.stages().stream().map(stage -> stage(stage, props, scaleUp)).toList())
                // The connection's change detection and the first execution run as this role.
                .dependsOn(pipelineRole.permissions())
                .build());

        Optional<CodeCommitTrigger> trigger = props.source() instanceof Source.CodeCommit codeCommit
                ? Optional.of(new CodeCommitTrigger(this, props, codeCommit, pipeline)) : Optional.empty();
        this.triggerRole = trigger.map(CodeCommitTrigger::role);
        this.trigger = trigger.map(CodeCommitTrigger::rule);
        this.parameters = parameters(props);
    }

    /** A service that starts with no tasks gets one more project: it sets the desired count after the first deployment. */
    private static Optional<BuildAction> scaleUp(DeliveryPipelineProps props) {
        return props.service().scaleAfterFirstDeployment().map(count -> {
            String stem = props.purpose() + "-" + slug(SCALE_ACTION);
            return new BuildAction(SCALE_ACTION, props.naming().name(ResourceType.CODEBUILD_PROJECT, stem),
                    props.naming().logGroup("/aws/codebuild/" + stem), Buildspec.SCALE_FROM_ZERO, ComputeType.SMALL);
        });
    }

    private SecretsmanagerSecret registrySecret(DeliveryPipelineProps props) {
        SecretsmanagerSecret secret = new SecretsmanagerSecret(this, "registry-secret", SecretsmanagerSecretConfig.builder()
                .name(props.registrySecretName())
                .description("Docker registry credentials the image build of " + props.pipelineName() + " logs in with")
                .kmsKeyId(key.arn())
                // A preview environment's destroy must free the name at once (X2).
                .recoveryWindowInDays(0)
                .build());
        // Empty credentials (the build then skips the login); people set the real ones with
        // put-secret-value, so the value never passes through Terraform or its state.
        new SecretsmanagerSecretVersion(this, "registry-secret-placeholder", SecretsmanagerSecretVersionConfig.builder()
                .secretId(secret.getId())
                .secretString("{\"username\":\"\",\"password\":\"\"}")
                .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("secret_string")).build())
                .build());
        return secret;
    }

    private CodepipelineStage stage(Stage stage, DeliveryPipelineProps props, Optional<BuildAction> scaleUp) {
        List<CodepipelineStageAction> actions;
        if (stage instanceof Stage.SourceStage) {
            actions = List.of(sourceAction(props.source()));
        } else if (stage instanceof Stage.BuildStage build) {
            actions = build.actions().stream().map(action -> buildAction(action)
                    .outputArtifacts(List.of(action.outputArtifact())).build()).toList();
        } else if (stage instanceof Stage.ApprovalStage) {
            actions = List.of(CodepipelineStageAction.builder()
                    .name("Approve")
                    .category("Approval")
                    .owner("AWS")
                    .provider("Manual")
                    .version("1")
                    .configuration(new TreeMap<>(Map.of(
                            "NotificationArn", props.notifications().topicArn(),
                            "CustomData", "Approve deploying " + props.purpose() + " to " + props.naming().suffix().value())))
                    .build());
        } else {
            List<CodepipelineStageAction> deploy = new ArrayList<>(List.of(deployAction(props)));
            // After the blue/green deployment succeeded, never instead of it.
            scaleUp.ifPresent(action -> deploy.add(buildAction(action).runOrder(2).build()));
            actions = List.copyOf(deploy);
        }
        return CodepipelineStage.builder().name(stage.name()).action(actions).build();
    }

    private static CodepipelineStageAction.Builder buildAction(BuildAction action) {
        return CodepipelineStageAction.builder()
                .name(action.actionName())
                .category("Build")
                .owner("AWS")
                .provider("CodeBuild")
                .version("1")
                .inputArtifacts(List.of(SOURCE_ARTIFACT))
                .configuration(Map.of("ProjectName", action.projectName()));
    }

    private static CodepipelineStageAction deployAction(DeliveryPipelineProps props) {
        String artifact = props.imageBuild().outputArtifact();
        return CodepipelineStageAction.builder()
                .name("Deploy")
                .category("Deploy")
                .owner("AWS")
                .provider("CodeDeployToECS")
                .version("1")
                .inputArtifacts(List.of(artifact))
                .configuration(new TreeMap<>(Map.of(
                        "ApplicationName", props.service().deployment().applicationName(),
                        "DeploymentGroupName", props.service().deployment().deploymentGroupName(),
                        "TaskDefinitionTemplateArtifact", artifact,
                        "TaskDefinitionTemplatePath", "taskdef.json",
                        "AppSpecTemplateArtifact", artifact,
                        "AppSpecTemplatePath", "appspec.yaml",
                        "Image1ArtifactName", artifact,
                        "Image1ContainerName", "IMAGE1_NAME")))
                .build();
    }

    private static CodepipelineStageAction sourceAction(Source source) {
        CodepipelineStageAction.Builder action = CodepipelineStageAction.builder()
                .name("Source")
                .category("Source")
                .version("1")
                .outputArtifacts(List.of(SOURCE_ARTIFACT));
        // Exactly one start per push (A7): the connection's own change detection for GitHub
        // (GitHub publishes nothing to EventBridge), the EventBridge rule for CodeCommit.
        if (source instanceof Source.GitHub github) {
            return action.owner("AWS").provider("CodeStarSourceConnection")
                    .configuration(new TreeMap<>(Map.of(
                            "ConnectionArn", github.connectionArn(),
                            "FullRepositoryId", github.repository(),
                            "BranchName", github.branch(),
                            "DetectChanges", "true",
                            "OutputArtifactFormat", "CODE_ZIP")))
                    .build();
        }
        Source.CodeCommit codeCommit = (Source.CodeCommit) source;
        return action.owner("AWS").provider("CodeCommit")
                .configuration(new TreeMap<>(Map.of(
                        "RepositoryName", codeCommit.repositoryName(),
                        "BranchName", codeCommit.branch(),
                        "PollForSourceChanges", "false")))
                .build();
    }

    /** A9: what people and scripts may look up about the service, none of it secret. */
    private List<SsmParameter> parameters(DeliveryPipelineProps props) {
        // Under the service's path, each name ending with the suffix like every other name (X1).
        String prefix = "/" + props.purpose() + "/";
        Map<String, String> values = new TreeMap<>(Map.of(
                "container-name", props.service().containerName(),
                "container-port", String.valueOf(props.service().containerPort()),
                "task-family", props.service().taskFamily(),
                "repository-uri", props.registry().repositoryUrl(),
                "pipeline-name", props.pipelineName(),
                "deployment-group", props.service().deployment().deploymentGroupName()));
        List<SsmParameter> created = new ArrayList<>();
        values.forEach((name, value) -> created.add(new SsmParameter(this, "parameter-" + name, SsmParameterConfig.builder()
                .name(prefix + name + "-" + props.naming().suffix().value())
                .description("Non-sensitive setting of " + props.purpose() + " (A9)")
                .type("String")
                .value(value)
                .build())));
        return List.copyOf(created);
    }

    /** Shell's {@code ${VAR}} and {@code %{} would be Terraform interpolation: escape them so the file arrives as written. */
    static String terraformLiteral(String text) {
        return text.replace("${", "$${").replace("%{", "%%{");
    }

    static String slug(String actionName) {
        return actionName.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
