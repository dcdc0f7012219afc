package io.bluegreen.pipeline;

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
import com.hashicorp.cdktf.providers.aws.ssm_parameter.SsmParameter;
import com.hashicorp.cdktf.providers.aws.ssm_parameter.SsmParameterConfig;
import com.hashicorp.cdktf.providers.aws.codecommit_approval_rule_template.CodecommitApprovalRuleTemplate;
import com.hashicorp.cdktf.providers.aws.codecommit_repository.CodecommitRepository;
import com.hashicorp.cdktf.providers.aws.data_aws_codestarconnections_connection.DataAwsCodestarconnectionsConnection;
import com.hashicorp.cdktf.providers.aws.codecommit_repository.CodecommitRepositoryConfig;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import io.bluegreen.core.BucketEncryption;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.core.SecureBucket.SecureBucketProps;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
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
    /** The deploy stage's second action, run after a successful deploy (a service that starts without tasks). */
    static final String FOLLOW_UP_ACTION = "Scale-Up";

    /** What S3 asks of KMS when an object under the key is written and read. */
    private static final List<String> KEY_READ_WRITE = List.of("kms:Decrypt", "kms:GenerateDataKey");
    private static final List<String> KEY_READ = List.of("kms:Decrypt");

    public final EncryptionKey key;
    public final SecureBucket artifactBucket;
    /** Present when the pipeline creates its CodeCommit repository. */
    public final Optional<CodecommitRepository> repository;
    /** Present for a GitHub source: its connection, read at every plan, which stops unless it is AVAILABLE. */
    public final Optional<DataAwsCodestarconnectionsConnection> connection;
    /** Present for a CodeCommit source: pull requests into its branch need an approval, in whichever repository it reads. */
    public final Optional<CodecommitApprovalRuleTemplate> approvalRule;
    /** Present when builds run in a network: egress to its endpoints on HTTPS only. */
    public final Optional<SecurityGroup> buildSecurityGroup;
    /** Present when a build logs in to a registry with it (container image builds). */
    public final Optional<SecretsmanagerSecret> registrySecret;
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
        Optional<BuildAction> followUp = followUp(props);
        List<BuildAction> actions = new ArrayList<>(props.buildActions());
        followUp.ifPresent(actions::add);

        List<CrossAccountRole> deployRoles = props.stages().stream().filter(Stage.DeployStage.class::isInstance)
                .flatMap(stage -> ((Stage.DeployStage) stage).target().assumedRole().stream()).distinct().toList();
        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(props.naming(), props.purpose() + "-pipeline",
                "Encrypts the artifacts, build logs" + (props.source() instanceof Source.CodeCommit codeCommit && codeCommit.createRepository()
                        ? ", repository" : "") + " and registry secret of the " + props.pipelineName() + " pipeline",
                List.of(LogGroups.keyGrant(actions.stream().map(BuildAction::logGroupName).toList())),
                deployRoles.stream().map(role -> new EncryptionKey.AccountGrant("DeployRoleOf" + role.accountId() + "ReadsArtifacts",
                        role.arn(), List.of("kms:Decrypt", "kms:DescribeKey"), "s3")).toList()));
        String bucketName = props.artifactBucketName().orElseGet(() -> props.naming().bucket(this,
                DeliveryPipelineProps.artifactBucketPurpose(props.purpose())));
        BucketEncryption artifactEncryption = props.artifactEncryption() == ArtifactEncryption.PIPELINE_KEY
                ? new BucketEncryption.CustomerKey(key.arn()) : new BucketEncryption.AwsManagedKey();
        this.artifactBucket = new SecureBucket(this, "artifacts", new SecureBucketProps(bucketName,
                artifactEncryption, Optional.of(props.artifactExpiryDays()), deployRoles.stream()
                        .map(role -> crossAccountRead(role, bucketName)).toList()));
        this.repository = props.source() instanceof Source.CodeCommit codeCommit && codeCommit.createRepository()
                ? Optional.of(repository(codeCommit, props)) : Optional.empty();
        this.connection = props.source() instanceof Source.GitHub gitHub
                ? Optional.of(ConnectionCheck.read(this, props.pipelineName(), gitHub)) : Optional.empty();
        this.approvalRule = props.source() instanceof Source.CodeCommit codeCommit
                ? Optional.of(BranchProtection.protect(this, props, codeCommit, repository)) : Optional.empty();
        this.buildSecurityGroup = props.buildNetwork().map(network -> BuildNetworkAccess.securityGroup(this, props, network));
        this.registrySecret = actions.stream().anyMatch(action -> action.kind().readsRegistrySecret())
                ? Optional.of(registrySecret(props)) : Optional.empty();

        Map<String, BuildProjects.Built> built = new BuildProjects(this, props, key, artifactBucket,
                registrySecret.map(SecretsmanagerSecret::getArn), buildSecurityGroup.map(SecurityGroup::getId)).create(actions);
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
                List.of(), PipelinePermissions.statements(props, actions, artifactBucket, context)));
        // In action order: buildRoles is a copy without one.
        admitRoles(props, roles.values().stream().distinct().map(ServiceRole::arn).toList());
        this.pipeline = new Codepipeline(this, "pipeline", CodepipelineConfig.builder()
                .name(props.pipelineName())
                .roleArn(pipelineRole.arn())
                .artifactStore(List.of(artifactStore(artifactEncryption.kmsKeyId())))
                .stage(props.stages().stream().map(stage -> stage(stage, props, followUp)).toList())
                // The connection's change detection and the first execution run as this role.
                .dependsOn(pipelineRole.permissions())
                .build());

        Optional<CodeCommitTrigger> trigger = props.source() instanceof Source.CodeCommit codeCommit
                ? Optional.of(new CodeCommitTrigger(this, props, codeCommit, pipeline)) : Optional.empty();
        this.triggerRole = trigger.map(CodeCommitTrigger::role);
        this.trigger = trigger.map(CodeCommitTrigger::rule);
        this.parameters = parameters(props);
    }

    /**
     * The key policy names the roles that use the key (E4), each through the services that ask
     * KMS on its behalf: S3 for artifacts under this key, CodeCommit for the repository the
     * pipeline pulls, Secrets Manager for the registry secret a build reads. CloudWatch Logs is
     * admitted by its encryption context, people of the account through their IAM policies.
     */
    private void admitRoles(DeliveryPipelineProps props, List<String> buildRoleArns) {
        boolean artifacts = props.artifactEncryption() == ArtifactEncryption.PIPELINE_KEY;
        List<String> pipelineServices = new ArrayList<>();
        if (artifacts) {
            pipelineServices.add("s3");
        }
        repository.ifPresent(created -> pipelineServices.add("codecommit"));
        if (!pipelineServices.isEmpty()) {
            key.grantThroughServices("PipelineRoleUsesKey", List.of(pipelineRole.arn()),
                    artifacts ? KEY_READ_WRITE : KEY_READ, pipelineServices);
        }
        List<String> buildServices = new ArrayList<>();
        if (artifacts) {
            buildServices.add("s3");
        }
        registrySecret.ifPresent(secret -> buildServices.add("secretsmanager"));
        if (!buildServices.isEmpty()) {
            key.grantThroughServices("BuildRolesUseKey", buildRoleArns,
                    artifacts ? KEY_READ_WRITE : KEY_READ, buildServices);
        }
    }

    /** Without a key of its own, CodePipeline encrypts artifacts with the AWS managed {@code aws/s3} key. */
    private CodepipelineArtifactStore artifactStore(Optional<String> key) {
        CodepipelineArtifactStore.Builder store = CodepipelineArtifactStore.builder()
                .type("S3")
                .location(artifactBucket.bucket.getBucket());
        key.ifPresent(arn -> store.encryptionKey(CodepipelineArtifactStoreEncryptionKey.builder().type("KMS").id(arn).build()));
        return store.build();
    }

    /** A role of another account reads this bucket's artifacts: the account is the principal, the role a condition. */
    private static Statement crossAccountRead(CrossAccountRole role, String bucketName) {
        return Statement.allow("DeployRoleOf" + role.accountId() + "ReadsArtifacts")
                .awsPrincipals("arn:aws:iam::" + role.accountId() + ":root")
                .actions("s3:GetObject", "s3:GetObjectVersion")
                .resources("arn:aws:s3:::" + bucketName + "/*")
                // A bucket policy naming a role that does not exist yet is refused; the role is made over there.
                .condition("ArnEquals", "aws:PrincipalArn", role.arn())
                .build();
    }

    /** Under the pipeline's key; its history goes with a destroy, so long-lived code lives in an existing repository. */
    private CodecommitRepository repository(Source.CodeCommit codeCommit, DeliveryPipelineProps props) {
        CodecommitRepository created = new CodecommitRepository(this, "repository", CodecommitRepositoryConfig.builder()
                .repositoryName(codeCommit.repositoryName())
                .description("Source of " + props.pipelineName() + "; pushes to " + codeCommit.branch() + " start it")
                .build());
        // The 18.0.3 bindings (provider 5.23.1) predate kms_key_id, which provider 5.34.0 added (the app's floor is above it).
        created.addOverride("kms_key_id", key.arn());
        return created;
    }

    /** The deploy target's follow-up build (a service that starts with no tasks is scaled after its first deployment). */
    private static Optional<BuildAction> followUp(DeliveryPipelineProps props) {
        return props.stages().stream().filter(Stage.DeployStage.class::isInstance).map(Stage.DeployStage.class::cast)
                .flatMap(stage -> stage.target().followUp().stream()).findFirst().map(kind -> {
                    String stem = props.purpose() + "-" + slug(FOLLOW_UP_ACTION);
                    return new BuildAction(FOLLOW_UP_ACTION, props.naming().name(ResourceType.CODEBUILD_PROJECT, stem),
                            props.naming().logGroup("/aws/codebuild/" + stem), kind, ComputeType.SMALL);
                });
    }

    /**
     * The secret a build logs in to a registry with. It is created without a value: people store
     * the credentials with put-secret-value and the build reads them itself, so Terraform never
     * reads or holds them (a managed version would be read back on every plan) and a plan role
     * needs no access to them.
     */
    private SecretsmanagerSecret registrySecret(DeliveryPipelineProps props) {
        return new SecretsmanagerSecret(this, "registry-secret", SecretsmanagerSecretConfig.builder()
                .name(props.registrySecretName())
                .description("Docker registry credentials the image build of " + props.pipelineName() + " logs in with, if set")
                .kmsKeyId(key.arn())
                // A preview environment's destroy must free the name at once (X2).
                .recoveryWindowInDays(0)
                .build());
    }

    private CodepipelineStage stage(Stage stage, DeliveryPipelineProps props, Optional<BuildAction> followUp) {
        List<CodepipelineStageAction> actions;
        if (stage instanceof Stage.SourceStage) {
            actions = List.of(props.source().action());
        } else if (stage instanceof Stage.BuildStage build) {
            actions = build.actions().stream().map(action -> action.stageAction()
                    .outputArtifacts(List.of(action.output().name())).build()).toList();
        } else if (stage instanceof Stage.ApprovalStage approval) {
            actions = List.of(approval.action(props.purpose(), props.naming().suffix().value()));
        } else {
            List<CodepipelineStageAction> deploy = new ArrayList<>(((Stage.DeployStage) stage).target().actions());
            // After the deployment succeeded, never instead of it.
            followUp.ifPresent(action -> deploy.add(action.stageAction().runOrder(deploy.size() + 1).build()));
            actions = List.copyOf(deploy);
        }
        return CodepipelineStage.builder().name(stage.name()).action(actions).build();
    }

    /** A9: what people and scripts may look up about the service and its pipeline, none of it secret. */
    private List<SsmParameter> parameters(DeliveryPipelineProps props) {
        // Under the service's path, each name ending with the suffix like every other name (X1).
        String prefix = "/" + props.purpose() + "/";
        Map<String, String> values = new TreeMap<>(Map.of("pipeline-name", props.pipelineName()));
        props.stages().stream().filter(Stage.DeployStage.class::isInstance)
                .forEach(stage -> values.putAll(((Stage.DeployStage) stage).target().parameters()));
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
