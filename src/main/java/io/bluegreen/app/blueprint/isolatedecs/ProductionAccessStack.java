package io.bluegreen.app.blueprint.isolatedecs;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_permission.CloudwatchEventPermission;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_permission.CloudwatchEventPermissionConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRuleConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentityConfig;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderAssumeRole;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import io.bluegreen.actions.ecs.EcsDeployer;
import io.bluegreen.app.blueprint.CrossAccountDeployRole;
import io.bluegreen.app.blueprint.StackBasics;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ledger.LedgerEvent;
import io.bluegreen.notifications.NameFilter;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsProps;
import io.bluegreen.pipeline.CrossAccountRole;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.registry.ContainerRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.constructs.Construct;

/**
 * What a production account needs for the ISOLATED_ECS services that deploy there (E8), applied
 * there once per environment with the operator's own credentials, which assume the account's
 * access role (state stays in the pipeline account's bucket like every stack's): per service, the
 * CodeDeploy application and group on the adopted production service with its alarms and their
 * topic, the deploy role the pipeline's production action assumes, and (in the pipeline account,
 * through the operator's own credentials) the policy of the service's ECR repository that lets
 * the production service's execution role pull the images. The role trusts exactly
 * that pipeline's role (its account as principal, the role as condition) and may deploy this
 * service, read that pipeline's artifacts and decrypt them through S3, nothing else. The
 * services' deployment events are forwarded to the pipeline account's bus, where the ledger and
 * the topic hear them.
 */
public final class ProductionAccessStack extends TerraformStack {
    public final List<BlueGreenService> services;
    public final List<IamRole> deployRoles;
    /** Forwards this account's deployment events of the stack's applications to the pipeline account's default bus. */
    public final CloudwatchEventRule deploymentEvents;

    public ProductionAccessStack(Construct scope, EnvironmentConfig config, IsolatedEcsBlueprint.ProductionAccount account,
                                 List<IsolatedEcsBlueprint.IsolatedEcs> isolated, BackendSettings backend) {
        super(scope, name(account));
        String suffix = config.suffix().value();
        String stackName = name(account);
        new AwsProvider(this, "aws", AwsProviderConfig.builder()
                .region(config.region())
                .assumeRole(List.of(AwsProviderAssumeRole.builder()
                        .roleArn("arn:aws:iam::" + account.accountId() + ":role/" + account.accessRoleName())
                        .sessionName("bluegreen-" + stackName)
                        .build()))
                // Refuses to change any other account, whatever the credentials resolve to.
                .allowedAccountIds(List.of(account.accountId()))
                .defaultTags(List.of(AwsProviderDefaultTags.builder()
                        .tags(StackBasics.tags(suffix, config.projectName(), config.costCenter())).build()))
                .build());
        addOverride("terraform.required_providers.aws.version", StackBasics.AWS_PROVIDER_VERSION);
        addOverride("terraform.required_version", StackBasics.TERRAFORM_VERSION);
        // The operator's own credentials, as for every other stack: they name the pipeline account.
        AwsProvider pipelineAccount = new AwsProvider(this, "pipeline-account", AwsProviderConfig.builder()
                .alias("pipeline_account")
                .region(config.region())
                .build());
        String pipelineAccountId = new DataAwsCallerIdentity(this, "pipeline-account-id", DataAwsCallerIdentityConfig.builder()
                .provider(pipelineAccount).build()).getAccountId();
        StackBasics.s3Backend(this, backend, config.projectName(), stackName);
        StackBasics.workspaceGuard(this, suffix);

        Naming naming = config.naming();
        AwsContext context = AwsContext.of(this);
        List<BlueGreenService> adopted = new ArrayList<>();
        List<IamRole> roles = new ArrayList<>();
        for (IsolatedEcsBlueprint.IsolatedEcs service : isolated) {
            Construct scopeOfService = new Construct(this, service.name());
            String purpose = service.name() + "-production";
            Notifications alarms = new Notifications(scopeOfService, "notifications",
                    NotificationsProps.named(naming, purpose, purpose, config.notificationEmails()));
            BlueGreenService production = new BlueGreenService(scopeOfService, "service", IsolatedEcsBlueprint.adopted(naming,
                    purpose, alarms.ref(), service.production(), service).build());
            adopted.add(production);
            // Production's tasks run the image the pipeline account built: its repository must admit their execution role.
            ContainerRegistry.grantPullToRole(scopeOfService, "image-pull", service.ecrRepositoryName(), account.accountId(),
                    production.ref().executionRoleArn(), pipelineAccount);
            roles.add(deployRole(scopeOfService, naming, service, production, pipelineAccountId, context));
            StackBasics.output(this, service.name() + "-deployRoleArn", roles.get(roles.size() - 1).getArn());
            StackBasics.output(this, service.name() + "-codeDeployApplicationName", production.application.getName());
        }
        this.services = List.copyOf(adopted);
        this.deployRoles = List.copyOf(roles);
        this.deploymentEvents = forwardDeploymentEvents(config, account, pipelineAccountId, pipelineAccount, context);
    }

    /**
     * E's production deployments run here, and CodeDeploy's state changes land on this account's
     * default bus, which the ledger and the topic in the pipeline account never see. A rule sends
     * those of this stack's applications to the pipeline account's default bus, where the ledger's
     * and the topic's rules match them by application name like every other deployment. The
     * pipeline account's bus admits this account to PutEvents (a statement of its own, beside
     * others'); EventBridge sends with a role that may put events on that bus and nothing else.
     */
    private CloudwatchEventRule forwardDeploymentEvents(EnvironmentConfig config, IsolatedEcsBlueprint.ProductionAccount account,
                                                        String pipelineAccountId, AwsProvider pipelineAccount, AwsContext context) {
        Naming naming = config.naming();
        String bus = "arn:" + context.partition() + ":events:" + context.region() + ":" + pipelineAccountId + ":event-bus/default";
        new CloudwatchEventPermission(this, "pipeline-bus-admits-production", CloudwatchEventPermissionConfig.builder()
                .provider(pipelineAccount)
                .eventBusName("default")
                .statementId(config.projectName() + "-deployments-" + account.accountId() + "-" + config.suffix().value())
                .principal(account.accountId())
                .action("events:PutEvents")
                .build());
        ServiceRole sender = new ServiceRole(this, "deployment-events-role", new ServiceRoleProps(
                naming.name(ResourceType.IAM_ROLE, "deployment-events"), "events.amazonaws.com",
                "Lets EventBridge forward this account's deployment events to the pipeline account " + pipelineAccountId, List.of(),
                List.of(Statement.allow("PutOnThePipelineAccountsBus").actions("events:PutEvents").resources(bus).build())));
        CloudwatchEventRule rule = new CloudwatchEventRule(this, "deployment-events", CloudwatchEventRuleConfig.builder()
                .name(naming.name(ResourceType.EVENT_RULE, "deployments-to-pipeline-account"))
                .description("Every CodeDeploy deployment state change of this account's services, to the pipeline account's bus")
                .eventPattern(LedgerEvent.pattern(Set.of(LedgerEvent.DEPLOYMENT),
                        NameFilter.named(services.stream().map(s -> s.application.getName()).toList())))
                .build());
        new CloudwatchEventTarget(this, "deployment-events-target", CloudwatchEventTargetConfig.builder()
                .rule(rule.getName())
                .targetId("pipeline-account")
                .arn(bus)
                .roleArn(sender.arn())
                .dependsOn(sender.permissions())
                .build());
        return rule;
    }

    static String name(IsolatedEcsBlueprint.ProductionAccount account) {
        return "production-" + account.accountId();
    }

    private static IamRole deployRole(Construct scope, Naming naming, IsolatedEcsBlueprint.IsolatedEcs service, BlueGreenService production,
                                      String pipelineAccountId, AwsContext context) {
        CrossAccountRole role = IsolatedEcsBlueprint.deployRole(naming, service.name(), service.productionAccount().orElseThrow());
        String pipelineRole = "arn:" + context.partition() + ":iam::" + pipelineAccountId + ":role/"
                + DeliveryPipelineProps.defaultPipelineRoleName(naming, service.name());
        List<Statement> trust = List.of(Statement.allow("ThePipelinesRole")
                .awsPrincipals("arn:" + context.partition() + ":iam::" + pipelineAccountId + ":root")
                .actions("sts:AssumeRole")
                // That pipeline's role only; naming it as the principal would fail while it does not exist.
                .condition("ArnEquals", "aws:PrincipalArn", pipelineRole)
                .build());
        List<Statement> statements = new ArrayList<>(
                // What a deployer in the service's own account needs: this role is that deployer.
                new EcsDeployer.ThisAccount(production.ref()).pipelineStatements(context));
        String bucket = naming.bucketOfAccount(pipelineAccountId, DeliveryPipelineProps.artifactBucketPurpose(service.name()));
        statements.add(Statement.allow("ReadPipelineArtifacts").actions("s3:GetObject", "s3:GetObjectVersion")
                .resources("arn:" + context.partition() + ":s3:::" + bucket + "/*").build());
        statements.add(Statement.allow("DecryptPipelineArtifacts").actions("kms:Decrypt", "kms:DescribeKey")
                // The pipeline key's id is not known here; its key policy admits this role by name, through S3 only.
                .resources("arn:" + context.partition() + ":kms:" + context.region() + ":" + pipelineAccountId + ":key/*")
                .condition("StringEquals", "kms:ViaService", "s3." + context.region() + ".amazonaws.com")
                .build());
        return new CrossAccountDeployRole(scope, "deploy-role", role.roleName(),
                "Deploys " + service.name() + " to production for the pipeline of account " + pipelineAccountId,
                trust, statements, service.name() + " to production").role;
    }
}
