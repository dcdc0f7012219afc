package io.bluegreen.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRuleConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProject;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectArtifacts;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironment;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironmentEnvironmentVariable;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfigCloudwatchLogs;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectSource;
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
import io.bluegreen.core.PolicyDocument.Statement;
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
 * image build's {@code taskdef.json} and {@code appspec.yaml}.
 *
 * <p>Around it: the artifact bucket (its own CMK, versioned, expiring, TLS-only, private), 30-day
 * encrypted build log groups, an EventBridge rule that starts the pipeline on pushes to the
 * branch, the service's non-sensitive settings in Parameter Store, the registry credentials
 * secret the image build reads, and one role per service principal scoped to these resources.
 */
public final class DeliveryPipeline extends Construct {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILD_IMAGE = "aws/codebuild/standard:7.0";
    private static final String SOURCE_ARTIFACT = "SourceOutput";

    public final EncryptionKey key;
    public final SecureBucket artifactBucket;
    public final SecretsmanagerSecret registrySecret;
    public final Map<String, CloudwatchLogGroup> buildLogGroups;
    public final Map<String, ServiceRole> buildRoles;
    public final Map<String, CodebuildProject> buildProjects;
    public final ServiceRole pipelineRole;
    public final Codepipeline pipeline;
    public final ServiceRole triggerRole;
    public final CloudwatchEventRule trigger;
    public final List<SsmParameter> parameters;

    public DeliveryPipeline(Construct scope, String id, DeliveryPipelineProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        List<BuildAction> actions = props.buildActions();
        List<String> logGroupNames = actions.stream().map(BuildAction::logGroupName).toList();

        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(props.naming(), props.purpose() + "-pipeline",
                "Encrypts the artifacts, build logs and registry secret of the " + props.pipelineName() + " pipeline",
                List.of(LogGroups.keyGrant(logGroupNames))));
        this.artifactBucket = new SecureBucket(this, "artifacts", new SecureBucketProps(props.artifactBucketName(),
                Optional.of(key.arn()), Optional.of(props.artifactExpiryDays()), List.of()));
        this.registrySecret = registrySecret(props);

        Map<String, CloudwatchLogGroup> logGroups = new LinkedHashMap<>();
        Map<String, ServiceRole> roles = new LinkedHashMap<>();
        Map<String, CodebuildProject> projects = new LinkedHashMap<>();
        Optional<ServiceRole> shared = props.sharedBuildRoleName().map(name -> buildRole("build-role", name, actions, props, context));
        for (BuildAction action : actions) {
            String slug = slug(action.actionName());
            CloudwatchLogGroup logGroup = LogGroups.encrypted(this, "logs-" + slug, action.logGroupName(), key.arn());
            logGroups.put(action.projectName(), logGroup);
            ServiceRole role = shared.orElseGet(() -> buildRole("build-role-" + slug,
                    props.naming().name(ResourceType.IAM_ROLE, props.purpose() + "-" + slug), List.of(action), props, context));
            roles.put(action.projectName(), role);
            projects.put(action.projectName(), project(slug, action, role, props));
        }
        this.buildLogGroups = Map.copyOf(logGroups);
        this.buildRoles = Map.copyOf(roles);
        this.buildProjects = Map.copyOf(projects);

        String pipelineArn = context.arn("codepipeline", props.pipelineName());
        this.pipelineRole = new ServiceRole(this, "pipeline-role", new ServiceRoleProps(props.pipelineRoleName(),
                "codepipeline.amazonaws.com", "Lets the " + props.pipelineName() + " pipeline run its stages",
                List.of(), pipelineStatements(props, context)));
        this.pipeline = new Codepipeline(this, "pipeline", CodepipelineConfig.builder()
                .name(props.pipelineName())
                .roleArn(pipelineRole.arn())
                .artifactStore(List.of(CodepipelineArtifactStore.builder()
                        .type("S3")
                        .location(artifactBucket.bucket.getBucket())
                        .encryptionKey(CodepipelineArtifactStoreEncryptionKey.builder().type("KMS").id(key.arn()).build())
                        .build()))
                .stage(props.stages().stream().map(stage -> stage(stage, props)).toList())
                .dependsOn(pipelineRole.policy.map(List::<com.hashicorp.cdktf.ITerraformDependable>of).orElse(List.of()))
                .build());

        this.triggerRole = new ServiceRole(this, "trigger-role", new ServiceRoleProps(props.triggerRoleName(),
                "events.amazonaws.com", "Lets EventBridge start the " + props.pipelineName() + " pipeline on a push",
                List.of(), List.of(Statement.allow("StartPipeline")
                        .actions("codepipeline:StartPipelineExecution")
                        .resources(pipelineArn)
                        .build())));
        this.trigger = new CloudwatchEventRule(this, "trigger", CloudwatchEventRuleConfig.builder()
                .name(props.naming().name(ResourceType.EVENT_RULE, props.purpose() + "-push"))
                .description("Starts " + props.pipelineName() + " on a push to " + props.source().branch())
                .eventPattern(PushEvents.pattern(props.source(), context))
                .build());
        new CloudwatchEventTarget(this, "trigger-target", CloudwatchEventTargetConfig.builder()
                .rule(trigger.getName())
                .targetId("pipeline")
                .arn(pipeline.getArn())
                .roleArn(triggerRole.arn())
                .build());
        this.parameters = parameters(props);
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

    private ServiceRole buildRole(String id, String name, List<BuildAction> actions, DeliveryPipelineProps props,
                                  AwsContext context) {
        List<Statement> statements = new ArrayList<>();
        List<String> logArns = new ArrayList<>();
        List<String> reportArns = new ArrayList<>();
        for (BuildAction action : actions) {
            String groupArn = context.arn("logs", "log-group:" + action.logGroupName());
            logArns.add(groupArn);
            logArns.add(groupArn + ":*");
            reportArns.add(context.arn("codebuild", "report-group/" + action.projectName() + "-*"));
        }
        String bucketArn = artifactBucket.bucket.getArn();
        statements.add(Statement.allow("WriteBuildLogs").actions("logs:CreateLogStream", "logs:PutLogEvents")
                .resources(logArns).build());
        statements.add(Statement.allow("PublishTestReports")
                .actions("codebuild:CreateReportGroup", "codebuild:CreateReport", "codebuild:UpdateReport",
                        "codebuild:BatchPutTestCases", "codebuild:BatchPutCodeCoverages")
                .resources(reportArns).build());
        statements.add(Statement.allow("ReadWriteArtifacts").actions("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject")
                .resources(bucketArn + "/*").build());
        statements.add(Statement.allow("LocateArtifactBucket").actions("s3:GetBucketLocation", "s3:GetBucketAcl")
                .resources(bucketArn).build());
        statements.add(Statement.allow("UsePipelineKey").actions("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*")
                .resources(key.arn()).build());
        if (actions.stream().anyMatch(action -> action.buildspec() == Buildspec.IMAGE_BUILD)) {
            statements.add(Statement.allow("LogInToEcr").actions("ecr:GetAuthorizationToken")
                    // ECR issues login tokens per account: the action has no resource to scope to.
                    .resources("*").build());
            statements.add(Statement.allow("PushImages")
                    .actions("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                            "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage")
                    .resources(props.registry().repositoryArn()).build());
            statements.add(Statement.allow("EncryptImages").actions("kms:Decrypt", "kms:GenerateDataKey*")
                    .resources(props.registry().kmsKeyArn()).build());
            statements.add(Statement.allow("ReadRegistryCredentials").actions("secretsmanager:GetSecretValue")
                    .resources(registrySecret.getArn()).build());
            statements.add(Statement.allow("ReadRunningTaskDefinition").actions("ecs:DescribeTaskDefinition")
                    // DescribeTaskDefinition supports no resource-level permissions.
                    .resources("*").build());
        }
        return new ServiceRole(this, id, new ServiceRoleProps(name, "codebuild.amazonaws.com",
                "Lets CodeBuild run " + String.join(", ", actions.stream().map(BuildAction::projectName).toList()),
                List.of(), statements));
    }

    private CodebuildProject project(String slug, BuildAction action, ServiceRole role, DeliveryPipelineProps props) {
        Buildspec buildspec = action.buildspec();
        String text = terraformLiteral(buildspec.text().replace(Buildspec.REGISTRY_SECRET_PLACEHOLDER, props.registrySecretName()));
        List<CodebuildProjectEnvironmentEnvironmentVariable> variables = new ArrayList<>();
        if (buildspec == Buildspec.IMAGE_BUILD) {
            BlueGreenServiceRef service = props.service();
            new TreeMap<>(Map.of(
                    "REPOSITORY_URI", props.registry().repositoryUrl(),
                    "CONTAINER_NAME", service.containerName(),
                    "CONTAINER_PORT", String.valueOf(service.containerPort()),
                    "TASK_FAMILY", service.taskFamily()))
                    .forEach((name, value) -> variables.add(CodebuildProjectEnvironmentEnvironmentVariable.builder()
                            .name(name).value(value).type("PLAINTEXT").build()));
        }
        return new CodebuildProject(this, "project-" + slug, CodebuildProjectConfig.builder()
                .name(action.projectName())
                .description(action.actionName() + " of " + props.pipelineName() + " (buildspecs/" + buildspec.fileName() + ")")
                .serviceRole(role.arn())
                .encryptionKey(key.arn())
                .buildTimeout(30)
                .artifacts(CodebuildProjectArtifacts.builder().type("CODEPIPELINE").build())
                .source(CodebuildProjectSource.builder().type("CODEPIPELINE").buildspec(text).build())
                .environment(CodebuildProjectEnvironment.builder()
                        .computeType(action.computeType().codeBuildName())
                        .image(BUILD_IMAGE)
                        .type("LINUX_CONTAINER")
                        .imagePullCredentialsType("CODEBUILD")
                        .privilegedMode(buildspec.privileged())
                        .environmentVariable(variables)
                        .build())
                .logsConfig(CodebuildProjectLogsConfig.builder()
                        .cloudwatchLogs(CodebuildProjectLogsConfigCloudwatchLogs.builder()
                                .status("ENABLED")
                                .groupName(action.logGroupName())
                                .build())
                        .build())
                .dependsOn(role.policy.map(List::<com.hashicorp.cdktf.ITerraformDependable>of).orElse(List.of()))
                .build());
    }

    private List<Statement> pipelineStatements(DeliveryPipelineProps props, AwsContext context) {
        String bucketArn = artifactBucket.bucket.getArn();
        BlueGreenServiceRef service = props.service();
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.allow("ReadWriteArtifacts").actions("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject")
                .resources(bucketArn + "/*").build());
        statements.add(Statement.allow("LocateArtifactBucket").actions("s3:GetBucketVersioning", "s3:GetBucketLocation")
                .resources(bucketArn).build());
        statements.add(Statement.allow("UsePipelineKey").actions("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*")
                .resources(key.arn()).build());
        statements.add(Statement.allow("RunBuilds").actions("codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild")
                .resources(props.buildActions().stream().map(a -> context.arn("codebuild", "project/" + a.projectName())).toList())
                .build());
        if (props.source() instanceof Source.GitHub github) {
            statements.add(Statement.allow("UseGitHubConnection")
                    .actions("codestar-connections:UseConnection", "codeconnections:UseConnection")
                    .resources(github.connectionArn()).build());
        } else if (props.source() instanceof Source.CodeCommit codeCommit) {
            statements.add(Statement.allow("ReadRepository")
                    .actions("codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive",
                            "codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive")
                    .resources(context.arn("codecommit", codeCommit.repositoryName())).build());
        }
        statements.add(Statement.allow("AnnounceApprovals").actions("sns:Publish")
                .resources(props.notifications().topicArn()).build());
        statements.add(Statement.allow("EncryptAnnouncements").actions("kms:Decrypt", "kms:GenerateDataKey*")
                .resources(props.notifications().kmsKeyArn()).build());
        statements.add(Statement.allow("DeployWithCodeDeploy")
                .actions("codedeploy:CreateDeployment", "codedeploy:GetDeployment")
                .resources(service.deploymentGroupArn()).build());
        statements.add(Statement.allow("RegisterRevisions")
                .actions("codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision")
                .resources(service.applicationArn()).build());
        statements.add(Statement.allow("ReadDeploymentConfig").actions("codedeploy:GetDeploymentConfig")
                .resources(context.arn("codedeploy", "deploymentconfig:" + service.deploymentConfigName())).build());
        statements.add(Statement.allow("RegisterTaskDefinitions")
                .actions("ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition")
                // Neither call supports resource-level permissions.
                .resources("*").build());
        statements.add(Statement.allow("PassTaskRoles").actions("iam:PassRole")
                .resources(service.taskRoleArns())
                .condition("StringEquals", "iam:PassedToService", "ecs-tasks.amazonaws.com")
                .build());
        return statements;
    }

    private CodepipelineStage stage(Stage stage, DeliveryPipelineProps props) {
        List<CodepipelineStageAction> actions;
        if (stage instanceof Stage.SourceStage) {
            actions = List.of(sourceAction(props.source()));
        } else if (stage instanceof Stage.BuildStage build) {
            actions = build.actions().stream().map(action -> CodepipelineStageAction.builder()
                    .name(action.actionName())
                    .category("Build")
                    .owner("AWS")
                    .provider("CodeBuild")
                    .version("1")
                    .inputArtifacts(List.of(SOURCE_ARTIFACT))
                    .outputArtifacts(List.of(action.outputArtifact()))
                    .configuration(Map.of("ProjectName", action.projectName()))
                    .build()).toList();
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
            String artifact = props.imageBuild().outputArtifact();
            actions = List.of(CodepipelineStageAction.builder()
                    .name("Deploy")
                    .category("Deploy")
                    .owner("AWS")
                    .provider("CodeDeployToECS")
                    .version("1")
                    .inputArtifacts(List.of(artifact))
                    .configuration(new TreeMap<>(Map.of(
                            "ApplicationName", props.service().applicationName(),
                            "DeploymentGroupName", props.service().deploymentGroupName(),
                            "TaskDefinitionTemplateArtifact", artifact,
                            "TaskDefinitionTemplatePath", "taskdef.json",
                            "AppSpecTemplateArtifact", artifact,
                            "AppSpecTemplatePath", "appspec.yaml",
                            "Image1ArtifactName", artifact,
                            "Image1ContainerName", "IMAGE1_NAME")))
                    .build());
        }
        return CodepipelineStage.builder().name(stage.name()).action(actions).build();
    }

    private static CodepipelineStageAction sourceAction(Source source) {
        CodepipelineStageAction.Builder action = CodepipelineStageAction.builder()
                .name("Source")
                .category("Source")
                .version("1")
                .outputArtifacts(List.of(SOURCE_ARTIFACT));
        // Pushes start the pipeline through the EventBridge rule (A7), not the source's own
        // change detection, so a push never starts two executions.
        if (source instanceof Source.GitHub github) {
            return action.owner("AWS").provider("CodeStarSourceConnection")
                    .configuration(new TreeMap<>(Map.of(
                            "ConnectionArn", github.connectionArn(),
                            "FullRepositoryId", github.repository(),
                            "BranchName", github.branch(),
                            "DetectChanges", "false",
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
                "deployment-group", props.service().deploymentGroupName()));
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

    /** The event patterns of pushes to the source branch. */
    static final class PushEvents {
        private PushEvents() {
        }

        static String pattern(Source source, AwsContext context) {
            ObjectNode pattern = JSON.createObjectNode();
            if (source instanceof Source.GitHub github) {
                    // GitHub does not publish to EventBridge itself: its push webhook reaches the
                    // default bus through a relay (see the module README) as source github.com.
                    pattern.putArray("source").add("github.com");
                    pattern.putArray("detail-type").add("push");
                    ObjectNode detail = pattern.putObject("detail");
                    detail.putArray("ref").add("refs/heads/" + github.branch());
                    detail.putObject("repository").putArray("full_name").add(github.repository());
            } else if (source instanceof Source.CodeCommit codeCommit) {
                    pattern.putArray("source").add("aws.codecommit");
                    pattern.putArray("detail-type").add("CodeCommit Repository State Change");
                    pattern.putArray("resources").add(context.arn("codecommit", codeCommit.repositoryName()));
                    ObjectNode detail = pattern.putObject("detail");
                    detail.putArray("event").add("referenceCreated").add("referenceUpdated");
                    detail.putArray("referenceType").add("branch");
                    detail.putArray("referenceName").add(codeCommit.branch());
            }
            return pattern.toString();
        }
    }
}
