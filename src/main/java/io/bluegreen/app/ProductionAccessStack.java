package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentityConfig;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderAssumeRole;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsProps;
import io.bluegreen.pipeline.CrossAccountRole;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.DeployTarget;
import io.bluegreen.registry.ContainerRegistry;
import java.util.ArrayList;
import java.util.List;
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
 * service, read that pipeline's artifacts and decrypt them through S3, nothing else.
 */
public final class ProductionAccessStack extends TerraformStack {
    public final List<BlueGreenService> services;
    public final List<IamRole> deployRoles;

    public ProductionAccessStack(Construct scope, EnvironmentConfig config, ServiceConfig.ProductionAccount account,
                                 List<ServiceConfig.IsolatedEcs> isolated, BackendSettings backend) {
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
        for (ServiceConfig.IsolatedEcs service : isolated) {
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
    }

    static String name(ServiceConfig.ProductionAccount account) {
        return "production-" + account.accountId();
    }

    private static IamRole deployRole(Construct scope, Naming naming, ServiceConfig.IsolatedEcs service, BlueGreenService production,
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
        List<Statement> statements = new ArrayList<>(DeployTarget.deployStatements(production.ref(), context));
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
