package io.bluegreen.lambda;

import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.TerraformAssetConfig;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAliasConfig;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionConfig;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionTracingConfig;
import io.bluegreen.codedeploy.BlueGreenDeployment;
import io.bluegreen.codedeploy.BlueGreenDeploymentProps;
import io.bluegreen.codedeploy.DeploymentTarget;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * A Lambda function that CodeDeploy deploys blue/green (C4, D3, D5, D6): the function from a zip
 * or an ECR image with its own role, CMK (environment variables and logs) and 30-day log group,
 * published as a version that the {@code live} alias serves, and a CodeDeploy Lambda deployment
 * group that shifts the alias from the live version to a new one, rolled back on failure and when
 * the error-rate or error-count alarm fires; both alarms also notify the topic.
 *
 * <p>After the first apply the pipeline owns the code and CodeDeploy the alias: the function
 * ignores its code, the alias its version and routing, so {@code terraform plan} stays empty
 * after a pipeline publishes a version and after a traffic shift. A configuration change
 * Terraform makes (memory, timeout, environment) is published as a version and shifted to by
 * CodeDeploy from the apply ({@link #rollout}).
 */
public final class BlueGreenFunction extends Construct {
    public final EncryptionKey key;
    public final CloudwatchLogGroup logGroup;
    public final ServiceRole role;
    public final LambdaFunction function;
    public final LambdaAlias alias;
    public final List<CloudwatchMetricAlarm> alarms;
    public final BlueGreenDeployment deployment;
    /** Replaced when Terraform changes what a version freezes; its apply shifts the alias to the new version. */
    public final TerraformResource rollout;
    private final FunctionRef ref;

    public BlueGreenFunction(Construct scope, String id, BlueGreenFunctionProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        String logGroupName = "/aws/lambda/" + props.functionName();
        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(props.naming(), props.purpose() + "-fn",
                "Encrypts the environment and logs of the " + props.functionName() + " function",
                List.of(LogGroups.keyGrant(logGroupName))));
        // Declared before the function, so Lambda never creates an unencrypted one that destroy leaves behind.
        this.logGroup = LogGroups.encrypted(this, "logs", logGroupName, key.arn());
        this.role = new ServiceRole(this, "role", new ServiceRoleProps(props.roleName(), "lambda.amazonaws.com",
                "Lets the " + props.functionName() + " function write its logs" + (props.tracing() ? " and traces" : ""),
                props.tracing() ? List.of("arn:" + context.partition() + ":iam::aws:policy/AWSXRayDaemonWriteAccess") : List.of(),
                statements(context, logGroupName, props.statements())));
        this.function = function(props);
        this.alias = new LambdaAlias(this, "alias", LambdaAliasConfig.builder()
                .name(props.aliasName())
                .description("Where traffic goes; CodeDeploy moves it from version to version")
                .functionName(function.getFunctionName())
                .functionVersion(function.getVersion())
                .lifecycle(TerraformResourceLifecycle.builder()
                        .ignoreChanges(List.of("function_version", "routing_config")).build())
                .build());
        this.alarms = new FunctionAlarms(this, props).create();
        this.deployment = new BlueGreenDeployment(this, "deployment", BlueGreenDeploymentProps.builder(props.naming(),
                        props.purpose(), new DeploymentTarget.LambdaAlias(props.functionName(), props.aliasName()))
                .config(props.deploymentConfig())
                .alarmNames(alarms.stream().map(CloudwatchMetricAlarm::getAlarmName).toList())
                .build());
        this.rollout = ConfigurationRollout.create(this, props, function, alias, deployment.ref());
        this.ref = new FunctionRef(function.getFunctionName(), function.getArn(), alias.getName(), alias.getArn(),
                deployment.ref());
        getNode().addValidation(new FunctionInvariants(function, alias));
    }

    public FunctionRef ref() {
        return ref;
    }

    private static List<Statement> statements(AwsContext context, String logGroupName, List<Statement> code) {
        String groupArn = context.arn("logs", "log-group:" + logGroupName);
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.allow("WriteLogs").actions("logs:CreateLogStream", "logs:PutLogEvents")
                .resources(groupArn + ":*").build());
        statements.addAll(code);
        return statements;
    }

    /** The log group (else Lambda creates its own) and the role's attachments (else the first call races IAM). */
    private List<ITerraformDependable> dependencies() {
        List<ITerraformDependable> dependencies = new ArrayList<>(List.of(logGroup));
        dependencies.addAll(role.permissions());
        return List.copyOf(dependencies);
    }

    /*
     * Two scanner findings (checkov) do not apply here, on purpose:
     * - no dead-letter queue: Lambda sends an event to one only after failed asynchronous
     *   invocations, and these functions are invoked synchronously (through their alias, by the
     *   service's callers and by CodeDeploy's hooks), where the caller sees the error;
     * - no code signing configuration: the one identity that may change the code is the
     *   pipeline's build role (UpdateFunctionCode on this function only), so a signing profile
     *   that role also used would add no second party to trust. A team whose code is signed
     *   elsewhere (AWS Signer in another account) adds the configuration with its profile.
     */
    private LambdaFunction function(BlueGreenFunctionProps props) {
        LambdaFunctionConfig.Builder config = LambdaFunctionConfig.builder()
                .functionName(props.functionName())
                .description(props.purpose() + ", deployed blue/green through the " + props.aliasName() + " alias")
                .role(role.arn())
                .memorySize(props.memoryMiB())
                .timeout(props.timeoutSeconds())
                .kmsKeyArn(key.arn())
                .tracingConfig(LambdaFunctionTracingConfig.builder().mode(props.tracing() ? "Active" : "PassThrough").build())
                // Every apply that creates the function publishes version 1 for the alias; later
                // versions come from the pipeline.
                .publish(true)
                .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of(
                        "filename", "source_code_hash", "image_uri", "s3_bucket", "s3_key", "s3_object_version")).build())
                .dependsOn(dependencies());
        props.reservedConcurrency().ifPresent(config::reservedConcurrentExecutions);
        if (!props.environment().isEmpty()) {
            config.environment(LambdaFunctionEnvironment.builder().variables(props.environment()).build());
        }
        if (props.code() instanceof FunctionCode.Zip zip) {
            TerraformAsset asset = new TerraformAsset(this, "code", TerraformAssetConfig.builder()
                    .path(zip.directory().toAbsolutePath().toString())
                    .type(AssetType.ARCHIVE)
                    .build());
            config.packageType("Zip").filename(asset.getPath()).sourceCodeHash(asset.getAssetHash())
                    .handler(zip.handler()).runtime(zip.runtime().lambdaName());
        } else {
            config.packageType("Image").imageUri(((FunctionCode.Image) props.code()).imageUri());
        }
        return new LambdaFunction(this, "function", config.build());
    }
}
