package io.bluegreen.app;

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
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.constructs.Construct;

/**
 * The scheduled drift check of one environment: an EventBridge schedule starts a CodeBuild
 * project that checks out this repository and runs {@code buildspecs/drift-check.yml}, which
 * plans every stack with state in the environment's workspace ({@code scripts/preview drift})
 * and publishes one message to the environment's topic when something drifted; no drift, no
 * message. The build's role reads and nothing else: AWS's ReadOnlyAccess (what a plan's refresh
 * reads), the environment's states through the state key, one publish to the topic, and its
 * source. Plans run without the lock, so the role never writes to the state bucket.
 */
public final class DriftCheck extends Construct {
    /** Weekdays at 05:00 UTC: before the working day, so a surprise is in the inbox before the first plan of the day. */
    public static final String DEFAULT_SCHEDULE = "cron(0 5 ? * MON-FRI *)";
    /** The buildspec the project runs from its checkout. */
    public static final String BUILDSPEC = "buildspecs/drift-check.yml";
    static final String READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final String BUILD_IMAGE = "aws/codebuild/standard:7.0";
    /** Synth, init and a plan of every stack take about ten minutes on a SMALL build; an hour is room, not a target. */
    private static final int TIMEOUT_MINUTES = 60;

    public final EncryptionKey key;
    public final CloudwatchLogGroup logGroup;
    public final ServiceRole role;
    public final CodebuildProject project;
    public final ServiceRole scheduleRole;
    public final CloudwatchEventRule schedule;

    public DriftCheck(Construct scope, String id, DriftCheckProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        Naming naming = props.naming();
        String projectName = naming.name(ResourceType.CODEBUILD_PROJECT, "drift-check");
        String logGroupName = naming.logGroup("/aws/codebuild/drift-check");
        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(naming, "drift-check",
                "Encrypts the build logs of " + projectName, List.of(LogGroups.keyGrant(logGroupName))));
        this.logGroup = LogGroups.encrypted(this, "logs", logGroupName, key.arn());

        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.allow("WriteBuildLogs")
                .actions("logs:CreateLogStream", "logs:PutLogEvents")
                .resources(logGroup.getArn() + ":log-stream:*").build());
        // ReadOnlyAccess reads the state objects; their key decrypts for this bucket only, through S3 (Bucket Key: the
        // encryption context is the bucket).
        String stateBucketArn = "arn:" + context.partition() + ":s3:::" + props.backend().bucket();
        statements.add(Statement.allow("ReadStatesThroughTheStateKey")
                .actions("kms:Decrypt")
                .resources(context.arn("kms", "key/*"))
                .condition("StringEquals", "kms:ViaService", "s3." + context.region() + ".amazonaws.com")
                .condition("StringEquals", "kms:EncryptionContext:aws:s3:arn", stateBucketArn).build());
        statements.add(Statement.allow("PublishDrift")
                .actions("sns:Publish")
                .resources(props.notifications().topicArn()).build());
        statements.add(Statement.allow("EncryptTheMessage")
                .actions("kms:GenerateDataKey", "kms:Decrypt")
                .resources(props.notifications().kmsKeyArn())
                .condition("StringEquals", "kms:ViaService", "sns." + context.region() + ".amazonaws.com").build());
        statements.add(checkoutStatement(props.source(), context));
        this.role = new ServiceRole(this, "role", new ServiceRoleProps(naming.name(ResourceType.IAM_ROLE, "drift-check"),
                "codebuild.amazonaws.com", "Plans the stacks of " + props.environment() + " read-only and reports drift to "
                + props.notifications().topicName(), List.of(READ_ONLY_ACCESS), statements));

        CodebuildProjectSource.Builder source = CodebuildProjectSource.builder().buildspec(BUILDSPEC).gitCloneDepth(1);
        String sourceVersion;
        if (props.source() instanceof Source.GitHub gitHub) {
            source.type("GITHUB").location("https://github.com/" + gitHub.repository() + ".git");
            sourceVersion = gitHub.branch();
        } else {
            Source.CodeCommit codeCommit = (Source.CodeCommit) props.source();
            source.type("CODECOMMIT").location("https://git-codecommit." + context.region() + ".amazonaws.com/v1/repos/"
                    + codeCommit.repositoryName());
            sourceVersion = "refs/heads/" + codeCommit.branch();
        }
        this.project = new CodebuildProject(this, "project", CodebuildProjectConfig.builder()
                .name(projectName)
                .description("Reports drift in " + props.environment() + " to " + props.notifications().topicName() + " (" + BUILDSPEC + ")")
                .serviceRole(role.arn())
                .buildTimeout(TIMEOUT_MINUTES)
                .artifacts(CodebuildProjectArtifacts.builder().type("NO_ARTIFACTS").build())
                .source(source.build())
                .sourceVersion(sourceVersion)
                .environment(CodebuildProjectEnvironment.builder()
                        .computeType("BUILD_GENERAL1_SMALL")
                        .image(BUILD_IMAGE)
                        .type("LINUX_CONTAINER")
                        .imagePullCredentialsType("CODEBUILD")
                        .environmentVariable(List.of(CodebuildProjectEnvironmentEnvironmentVariable.builder()
                                .name("ENVIRONMENT").value(props.environment()).type("PLAINTEXT").build()))
                        .build())
                .logsConfig(CodebuildProjectLogsConfig.builder()
                        .cloudwatchLogs(CodebuildProjectLogsConfigCloudwatchLogs.builder().status("ENABLED").groupName(logGroupName).build())
                        .build())
                .dependsOn(role.permissions())
                .build());
        if (props.source() instanceof Source.GitHub gitHub) {
            // The 18.0.3 bindings predate source.auth (provider 5.x brought it back for CodeConnections).
            project.addOverride("source.auth", Map.of("type", "CODECONNECTIONS", "resource", gitHub.connectionArn()));
        }

        this.scheduleRole = new ServiceRole(this, "schedule-role", new ServiceRoleProps(naming.name(ResourceType.IAM_ROLE, "drift-schedule"),
                "events.amazonaws.com", "Starts " + projectName + " on its schedule", List.of(),
                List.of(Statement.allow("StartTheCheck").actions("codebuild:StartBuild").resources(project.getArn()).build())));
        this.schedule = new CloudwatchEventRule(this, "schedule", CloudwatchEventRuleConfig.builder()
                .name(naming.name(ResourceType.EVENT_RULE, "drift-check"))
                .description("Starts the drift check of " + props.environment())
                .scheduleExpression(props.schedule())
                .build());
        new CloudwatchEventTarget(this, "target", CloudwatchEventTargetConfig.builder()
                .rule(schedule.getName())
                .targetId("drift-check")
                .arn(project.getArn())
                .roleArn(scheduleRole.arn())
                .dependsOn(scheduleRole.permissions())
                .build());
    }

    /** What CodeBuild's checkout asks of the role: the connection's token for GitHub, a pull for CodeCommit. */
    private static Statement checkoutStatement(Source source, AwsContext context) {
        if (source instanceof Source.GitHub gitHub) {
            // The connection's own service prefix: codestar-connections or codeconnections.
            String service = gitHub.connectionArn().split(":")[2];
            return Statement.allow("CheckOutThroughTheConnection")
                    .actions(service + ":GetConnectionToken", service + ":GetConnection")
                    .resources(gitHub.connectionArn()).build();
        }
        return Statement.allow("CheckOutTheRepository")
                .actions("codecommit:GitPull")
                .resources(context.arn("codecommit", ((Source.CodeCommit) source).repositoryName())).build();
    }

    /**
     * @param naming        names the project, roles, rule, key and log group {@code ...-drift-check-<suffix>}
     * @param environment   the workspace the check plans, e.g. {@code dev}
     * @param source        this platform's repository, checked out at its branch
     * @param schedule      an EventBridge schedule expression; {@link #DEFAULT_SCHEDULE} when null
     * @param notifications the topic a drift report goes to
     * @param backend       the state bucket the plans read
     */
    public record DriftCheckProps(Naming naming, String environment, Source source, String schedule, NotificationsRef notifications,
                                  BackendSettings backend) {
        public DriftCheckProps {
            Objects.requireNonNull(naming, "naming");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(source, "source");
            schedule = Objects.requireNonNullElse(schedule, DEFAULT_SCHEDULE);
            Objects.requireNonNull(notifications, "notifications");
            Objects.requireNonNull(backend, "backend");
        }
    }
}
