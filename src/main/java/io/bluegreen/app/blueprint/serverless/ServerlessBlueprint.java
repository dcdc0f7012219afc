package io.bluegreen.app.blueprint.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.ssm_parameter.SsmParameter;
import com.hashicorp.cdktf.providers.aws.ssm_parameter.SsmParameterConfig;
import io.bluegreen.actions.lambda.LambdaBuild;
import io.bluegreen.app.blueprint.Assembly;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.JsonSettings;
import io.bluegreen.app.config.ServiceConfig.Builds;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceInput;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.lambda.BlueGreenFunction;
import io.bluegreen.lambda.BlueGreenFunctionProps;
import io.bluegreen.lambda.FunctionCode;
import io.bluegreen.lambda.LambdaRuntime;
import io.bluegreen.ledger.DeploymentLedger;
import io.bluegreen.ledger.LedgerRef;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.ArtifactEncryption;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.DeployTarget;
import io.bluegreen.pipeline.Source;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.pipeline.StageRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Blueprint D (seed 003): a Lambda function the pipeline builds from TypeScript (tests with Jest),
 * publishes as a new version without traffic (Deploy-Blue) and has CodeDeploy shift the
 * {@code live} alias to (Switch-Traffic), rolled back by the error alarms; no approval (D1). The
 * function starts with a placeholder that answers 503 until the first run, and reads a notice
 * from Parameter Store with the AWS SDK v3 (the sample in {@code samples/payments-api}).
 */
public final class ServerlessBlueprint implements Blueprint {
    public static final ServerlessBlueprint BLUEPRINT = new ServerlessBlueprint();
    /** The keys it takes, as the file writes them ({@code source} is read by the shared source reader). */
    public record Written(JsonNode source, String deploymentConfig, String testComputeType, String handler, String runtime,
                          Integer memoryMiB, Integer timeoutSeconds, Integer reservedConcurrency, Map<String, String> environment,
                          Boolean tracing) {
    }

    private static final Set<String> KEYS = ServiceInput.keysOf(Written.class);
    public static final List<String> STAGES = List.of("Source", "Build", "Deploy-Blue", "Switch-Traffic");
    /** D3: each function keeps 100 executions for itself (where the environment reserves: named ones by default, not previews). */
    public static final int RESERVED_CONCURRENCY = 100;

    private ServerlessBlueprint() {
    }

    @Override
    public String id() {
        return "SERVERLESS";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public ServiceConfig read(ServiceInput in) {
        Written written = in.bind(Written.class);
        return new Serverless(in.name(), in.source(), in.builds(), Objects.requireNonNullElse(written.handler(), "handler.handler"),
                written.runtime() != null ? LambdaRuntime.parse(in.where() + ".runtime", written.runtime()) : LambdaRuntime.NODEJS_22_X,
                Optional.ofNullable(written.memoryMiB()), Optional.ofNullable(written.timeoutSeconds()),
                in.reservation(written.reservedConcurrency(), RESERVED_CONCURRENCY), JsonSettings.orNone(written.environment()),
                Optional.ofNullable(written.tracing()), in.lambdaDeploymentConfig(written.deploymentConfig()));
    }

    @Override
    public Assembly assemble(TerraformStack stack, EnvironmentConfig config, ServiceConfig service) {
        // Only its own records reach it: the app assembles a service with the blueprint that read it.
        return assemble(stack, config, (Serverless) service);
    }

    private Assembly assemble(TerraformStack stack, EnvironmentConfig config, Serverless settings) {
        String name = settings.name();
        Naming naming = config.naming();
        AwsContext context = AwsContext.of(stack);
        NotificationsRef notifications = Notifications.lookup(stack, "notifications", naming);
        LedgerRef ledger = DeploymentLedger.lookup(stack, "ledger", naming);
        SsmParameter notice = new SsmParameter(stack, "notice", SsmParameterConfig.builder()
                .name("/" + name + "/notice-" + naming.suffix().value())
                .description("The notice " + name + " shows its callers; set it with aws ssm put-parameter --overwrite")
                .type("String")
                .value("none")
                .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("value")).build())
                .build());

        Map<String, String> environment = new TreeMap<>(settings.environment());
        environment.put("NOTICE_PARAMETER", notice.getName());
        BlueGreenFunctionProps.Builder props = BlueGreenFunctionProps.builder(naming, name, notifications,
                        FunctionCode.Zip.placeholder(settings.handler(), settings.runtime()))
                .accountConcurrencyLimit(config.lambdaConcurrencyQuota())
                .environment(environment)
                .statements(List.of(Statement.allow("ReadNotice").actions("ssm:GetParameter")
                        .resources(context.arn("ssm", "parameter" + notice.getName())).build()));
        settings.memoryMiB().ifPresent(props::memoryMiB);
        settings.timeoutSeconds().ifPresent(props::timeoutSeconds);
        settings.tracing().ifPresent(props::tracing);
        settings.reservedConcurrency().ifPresent(props::reservedConcurrency);
        settings.deploymentConfig().ifPresent(props::deploymentConfig);
        BlueGreenFunctionProps functionProps = props.build();
        BlueGreenFunction function = new BlueGreenFunction(stack, "function", functionProps);

        BuildAction build = Blueprint.buildAction(naming, name, "Build", new LambdaBuild.Zip(), settings.builds().tests());
        BuildAction publish = Blueprint.buildAction(naming, name, "Deploy-Blue",
                LambdaBuild.Publish.zip(function.ref(), build.output()), ComputeType.SMALL);
        BuildAction shift = Blueprint.buildAction(naming, name, "Switch-Traffic",
                new LambdaBuild.Shift(function.ref(), publish.output(), functionProps.deploymentConfig().shiftMinutes()),
                ComputeType.SMALL);
        List<Stage> stages = List.of(
                new Stage.SourceStage(STAGES.get(0)),
                Stage.BuildStage.of(STAGES.get(1), build),
                new Stage.DeployStage(STAGES.get(2), DeployTarget.CodeBuildDeploy.of(publish)),
                new Stage.DeployStage(STAGES.get(3), DeployTarget.CodeBuildDeploy.of(shift)));
        DeliveryPipelineProps pipeline = DeliveryPipelineProps.builder(naming, name, settings.source(), stages)
                .rules(StageRules.CONTINUOUS)
                // D7: S3's own keys for the artifacts.
                .artifactEncryption(ArtifactEncryption.AWS_MANAGED_KEY)
                .build();

        return new Assembly(pipeline, delivery -> {
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("pipelineName", delivery.pipeline.getName());
            outputs.put("pipelineArn", delivery.pipeline.getArn());
            outputs.put("pipelineExecutionUrl", "https://" + context.region() + ".console.aws.amazon.com/codesuite/codepipeline/pipelines/"
                    + delivery.pipeline.getName() + "/executions?region=" + context.region());
            outputs.put("ledgerTableName", ledger.tableName());
            outputs.put("artifactBucketName", delivery.artifactBucket.bucket.getBucket());
            outputs.put("functionName", function.function.getFunctionName());
            outputs.put("functionArn", function.function.getArn());
            outputs.put("aliasName", function.alias.getName());
            outputs.put("codeDeployApplicationName", function.deployment.application.getName());
            outputs.put("deploymentGroupName", function.deployment.deploymentGroup.getDeploymentGroupName());
            outputs.put("noticeParameterName", notice.getName());
            return outputs;
        });
    }

    /**
     * Blueprint D (seed 003): one function CodeDeploy shifts between published versions.
     *
     * @param handler the handler of the code the pipeline builds ({@code <file>.<export>}); the
     *                function starts with a placeholder under the same handler
     */
    public record Serverless(String name, Source source, Builds builds, String handler, LambdaRuntime runtime,
                      Optional<Integer> memoryMiB, Optional<Integer> timeoutSeconds, Optional<Integer> reservedConcurrency,
                      Map<String, String> environment, Optional<Boolean> tracing,
                      Optional<LambdaDeploymentConfig> deploymentConfig) implements ServiceConfig {
        public Serverless {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(builds, "builds");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(runtime, "runtime");
            environment = Map.copyOf(environment);
        }

        @Override
        public ServiceKind kind() {
            return BLUEPRINT;
        }

    }
}
