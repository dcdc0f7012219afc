package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProject;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectArtifacts;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectCache;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironment;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironmentEnvironmentVariable;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfigCloudwatchLogs;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectSource;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectVpcConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_report_group.CodebuildReportGroup;
import com.hashicorp.cdktf.providers.aws.codebuild_report_group.CodebuildReportGroupConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_report_group.CodebuildReportGroupExportConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * The CodeBuild side of a {@link DeliveryPipeline}, as children of the pipeline construct: per
 * action a 30-day encrypted log group, a report group where the buildspec publishes tests, the
 * project running its buildspec file, and the role the project runs as, each role allowed exactly
 * what its buildspecs do.
 */
final class BuildProjects {
    private static final String BUILD_IMAGE = "aws/codebuild/standard:7.0";
    /** The file a project that runs the source's own buildspec reads, at the repository's root. */
    static final String SOURCE_BUILDSPEC = "buildspec.yml";
    /** Where a build that logs in to a registry finds the credentials secret (the ARN: the build reads it itself). */
    static final String REGISTRY_SECRET_VARIABLE = "REGISTRY_SECRET_ARN";

    /** One action's resources. */
    record Built(CloudwatchLogGroup logGroup, Optional<CodebuildReportGroup> reportGroup, ServiceRole role,
                 CodebuildProject project) {
    }

    private final Construct scope;
    private final DeliveryPipelineProps props;
    private final EncryptionKey key;
    private final SecureBucket artifacts;
    private final Optional<String> registrySecretArn;
    private final Optional<String> buildSecurityGroupId;
    private final AwsContext context;

    BuildProjects(Construct scope, DeliveryPipelineProps props, EncryptionKey key, SecureBucket artifacts,
                  Optional<String> registrySecretArn, Optional<String> buildSecurityGroupId) {
        this.scope = scope;
        this.props = props;
        this.key = key;
        this.artifacts = artifacts;
        this.registrySecretArn = registrySecretArn;
        this.buildSecurityGroupId = buildSecurityGroupId;
        this.context = AwsContext.of(scope);
    }

    /** Every action's resources, by project name; one shared role when the props name one (seed 001). */
    Map<String, Built> create(List<BuildAction> actions) {
        Map<String, CloudwatchLogGroup> logGroups = new TreeMap<>();
        Map<String, Optional<CodebuildReportGroup>> reportGroups = new TreeMap<>();
        for (BuildAction action : actions) {
            String slug = DeliveryPipeline.slug(action.actionName());
            logGroups.put(action.projectName(), LogGroups.encrypted(scope, "logs-" + slug, action.logGroupName(), key.arn()));
            reportGroups.put(action.projectName(), action.buildspec().reportsTests()
                    ? Optional.of(reportGroup(slug)) : Optional.empty());
        }
        Optional<ServiceRole> shared = props.sharedBuildRoleName()
                .map(name -> role("build-role", name, actions, reportGroups));
        Map<String, Built> built = new java.util.LinkedHashMap<>();
        for (BuildAction action : actions) {
            String slug = DeliveryPipeline.slug(action.actionName());
            ServiceRole role = shared.orElseGet(() -> role("build-role-" + slug,
                    props.naming().name(ResourceType.IAM_ROLE, props.purpose() + "-" + slug), List.of(action), reportGroups));
            Optional<CodebuildReportGroup> reportGroup = reportGroups.get(action.projectName());
            built.put(action.projectName(), new Built(logGroups.get(action.projectName()), reportGroup, role,
                    project(slug, action, role, reportGroup)));
        }
        return built;
    }

    /** Declared, so a build never creates one (which destroy would leave behind) and deleted with its reports. */
    private CodebuildReportGroup reportGroup(String slug) {
        return new CodebuildReportGroup(scope, "reports-" + slug, CodebuildReportGroupConfig.builder()
                .name(props.naming().name(ResourceType.CODEBUILD_REPORT_GROUP, props.purpose() + "-" + slug))
                .type("TEST")
                .deleteReports(true)
                // CodeBuild keeps test reports for 30 days; no copy elsewhere.
                .exportConfig(CodebuildReportGroupExportConfig.builder().type("NO_EXPORT").build())
                .build());
    }

    private ServiceRole role(String id, String name, List<BuildAction> actions,
                             Map<String, Optional<CodebuildReportGroup>> reportGroups) {
        List<Statement> statements = new ArrayList<>();
        List<String> logArns = new ArrayList<>();
        List<String> reportArns = new ArrayList<>();
        for (BuildAction action : actions) {
            String groupArn = context.arn("logs", "log-group:" + action.logGroupName());
            logArns.add(groupArn);
            logArns.add(groupArn + ":*");
            reportGroups.get(action.projectName()).ifPresent(group -> reportArns.add(group.getArn()));
        }
        statements.add(Statement.allow("WriteBuildLogs").actions("logs:CreateLogStream", "logs:PutLogEvents")
                .resources(logArns).build());
        if (!reportArns.isEmpty()) {
            statements.add(Statement.allow("PublishTestReports")
                    .actions("codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases",
                            "codebuild:BatchPutCodeCoverages")
                    .resources(reportArns).build());
        }
        statements.addAll(PipelinePermissions.artifactAccess(artifacts, "s3:GetBucketLocation", "s3:GetBucketAcl"));
        props.buildNetwork().ifPresent(network ->
                statements.addAll(BuildNetworkAccess.statements(network, buildSecurityGroupId.orElseThrow(), context)));
        // What each kind's commands call, once per kind for a shared role.
        actions.stream().map(BuildAction::kind).distinct()
                .flatMap(kind -> kind.statements(context, registrySecretArn).stream())
                .forEach(statement -> {
                    if (!statements.contains(statement)) {
                        statements.add(statement);
                    }
                });
        return new ServiceRole(scope, id, new ServiceRoleProps(name, "codebuild.amazonaws.com",
                "Lets CodeBuild run " + String.join(", ", actions.stream().map(BuildAction::projectName).toList()),
                List.of(), statements));
    }

    private CodebuildProject project(String slug, BuildAction action, ServiceRole role, Optional<CodebuildReportGroup> reportGroup) {
        Buildspec buildspec = action.buildspec();
        String text;
        if (action.kind().buildspecFromSource()) {
            text = SOURCE_BUILDSPEC;
        } else {
            text = DeliveryPipeline.terraformLiteral(buildspec.text());
            // After escaping, so the ARN stays a reference Terraform resolves.
            if (reportGroup.isPresent()) {
                text = text.replace(Buildspec.REPORT_GROUP_PLACEHOLDER, reportGroup.get().getArn());
            }
        }
        List<CodebuildProjectEnvironmentEnvironmentVariable> variables = new ArrayList<>();
        Map<String, String> values = new TreeMap<>(action.kind().variables());
        if (action.kind().readsRegistrySecret()) {
            values.put(REGISTRY_SECRET_VARIABLE, registrySecretArn.orElseThrow());
        }
        values.forEach((name, value) -> variables.add(CodebuildProjectEnvironmentEnvironmentVariable.builder()
                .name(name).value(value).type("PLAINTEXT").build()));
        return new CodebuildProject(scope, "project-" + slug, CodebuildProjectConfig.builder()
                .name(action.projectName())
                .description(action.actionName() + " of " + props.pipelineName() + (action.kind().buildspecFromSource()
                        ? " (the repository's " + SOURCE_BUILDSPEC + "; default buildspecs/" + buildspec.fileName() + ")"
                        : " (buildspecs/" + buildspec.fileName() + ")"))
                .serviceRole(role.arn())
                // Without one CodeBuild writes its artifacts under the AWS managed aws/s3 key.
                .encryptionKey(props.artifactEncryption() == ArtifactEncryption.PIPELINE_KEY ? key.arn() : null)
                .buildTimeout(action.kind().timeoutMinutes())
                .artifacts(CodebuildProjectArtifacts.builder().type("CODEPIPELINE").build())
                .cache(action.kind().cacheLocation()
                        .map(location -> CodebuildProjectCache.builder().type("S3").location(location).build())
                        .orElse(null))
                .source(CodebuildProjectSource.builder().type("CODEPIPELINE").buildspec(text).build())
                .environment(CodebuildProjectEnvironment.builder()
                        .computeType(action.computeType().codeBuildName())
                        .image(BUILD_IMAGE)
                        .type("LINUX_CONTAINER")
                        .imagePullCredentialsType("CODEBUILD")
                        .privilegedMode(buildspec.privileged())
                        .environmentVariable(variables)
                        .build())
                .vpcConfig(props.buildNetwork().map(network -> CodebuildProjectVpcConfig.builder()
                        .vpcId(network.vpcId())
                        .subnets(network.buildSubnetIds())
                        .securityGroupIds(List.of(buildSecurityGroupId.orElseThrow()))
                        .build()).orElse(null))
                .logsConfig(CodebuildProjectLogsConfig.builder()
                        .cloudwatchLogs(CodebuildProjectLogsConfigCloudwatchLogs.builder()
                                .status("ENABLED")
                                .groupName(action.logGroupName())
                                .build())
                        .build())
                // A build started before the role is attached fails on its first call.
                .dependsOn(role.permissions())
                .build());
    }
}
