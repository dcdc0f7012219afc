package io.bluegreen.app.blueprint.lambdacontainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRuleConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmConfig;
import io.bluegreen.actions.lambda.LambdaBuild;
import io.bluegreen.app.blueprint.Assembly;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.blueprint.CrossAccountDeployRole;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.JsonSettings;
import io.bluegreen.app.config.ServiceConfig.Builds;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceInput;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.BucketEncryption;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EventQueue;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SecureBucket.SecureBucketProps;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.lambda.BlueGreenFunction;
import io.bluegreen.lambda.BlueGreenFunctionProps;
import io.bluegreen.lambda.FunctionCode;
import io.bluegreen.ledger.DeploymentLedger;
import io.bluegreen.ledger.LedgerRef;
import io.bluegreen.notifications.EventRoute;
import io.bluegreen.notifications.NameFilter;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.notifications.PipelineState;
import io.bluegreen.pipeline.ArtifactEncryption;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.DeployTarget;
import io.bluegreen.pipeline.Source;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.ContainerRegistryProps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Blueprint C (seed 002): a Lambda function from container images. The pipeline builds the image
 * with a Docker layer cache in its own bucket (C2, C6), runs the integration tests, waits for a
 * person, then publishes the image as a new version and has CodeDeploy shift the {@code live}
 * alias; a failed execution sets off an alarm (C7), and a tooling account may deploy through a
 * role of its own (C8).
 */
public final class LambdaContainerBlueprint implements Blueprint {
    public static final LambdaContainerBlueprint BLUEPRINT = new LambdaContainerBlueprint();
    /** The keys it takes, as the file writes them ({@code source} is read by the shared source reader). */
    public record Written(JsonNode source, String deploymentConfig, String testComputeType, String imageBuildComputeType,
                          String initialImage, String toolingAccountId, Integer memoryMiB, Integer timeoutSeconds,
                          Integer reservedConcurrency, Map<String, String> environment, Boolean tracing) {
    }

    private static final Set<String> KEYS = ServiceInput.keysOf(Written.class);
    public static final List<String> STAGES = List.of("Source", "Build", "Test", "Manual-Approval", "Deploy");
    /** C4: 1024 MB, 30 s, 50 executions reserved (where the environment reserves: named ones by default, not previews). */
    public static final int MEMORY_MIB = 1024;
    public static final int RESERVED_CONCURRENCY = 50;
    /** A tenth of the calls for five minutes, then all: the seed names none, an approved image goes out in minutes. */
    public static final LambdaDeploymentConfig DEPLOYMENT_CONFIG = LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES;

    private LambdaContainerBlueprint() {
    }

    @Override
    public String id() {
        return "LAMBDA_CONTAINER";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public ServiceConfig read(ServiceInput in) {
        Written written = in.bind(Written.class);
        return new LambdaContainer(in.name(), in.source(), in.builds(), in.required(written.initialImage(), "initialImage"),
                in.required(written.toolingAccountId(), "toolingAccountId"), Optional.ofNullable(written.memoryMiB()),
                Optional.ofNullable(written.timeoutSeconds()), in.reservation(written.reservedConcurrency(), RESERVED_CONCURRENCY),
                JsonSettings.orNone(written.environment()), Optional.ofNullable(written.tracing()),
                in.lambdaDeploymentConfig(written.deploymentConfig()));
    }

    @Override
    public Assembly assemble(TerraformStack stack, EnvironmentConfig config, ServiceConfig service) {
        // Only its own records reach it: the app assembles a service with the blueprint that read it.
        return assemble(stack, config, (LambdaContainer) service);
    }

    private Assembly assemble(TerraformStack stack, EnvironmentConfig config, LambdaContainer settings) {
        String name = settings.name();
        Naming naming = config.naming();
        AwsContext context = AwsContext.of(stack);
        NotificationsRef notifications = Notifications.lookup(stack, "notifications", naming);
        LedgerRef ledger = DeploymentLedger.lookup(stack, "ledger", naming);
        ContainerRegistry registry = new ContainerRegistry(stack, "registry", ContainerRegistryProps.of(naming, name));

        BlueGreenFunctionProps.Builder props = BlueGreenFunctionProps.builder(naming, name, notifications,
                        new FunctionCode.Image(settings.initialImage()))
                .memoryMiB(settings.memoryMiB().orElse(MEMORY_MIB))
                .accountConcurrencyLimit(config.lambdaConcurrencyQuota())
                .environment(settings.environment())
                .deploymentConfig(settings.deploymentConfig().orElse(DEPLOYMENT_CONFIG));
        settings.timeoutSeconds().ifPresent(props::timeoutSeconds);
        settings.tracing().ifPresent(props::tracing);
        settings.reservedConcurrency().ifPresent(props::reservedConcurrency);
        BlueGreenFunctionProps functionProps = props.build();
        BlueGreenFunction function = new BlueGreenFunction(stack, "function", functionProps);
        registry.grantLambdaPull(context.arn("lambda", "function:" + functionProps.functionName()));

        SecureBucket cache = new SecureBucket(stack, "build-cache", new SecureBucketProps(naming.bucket(stack, name + "-build-cache"),
                new BucketEncryption.AwsManagedKey(), Optional.of(30), List.of()));
        BuildAction image = Blueprint.buildAction(naming, name, "Build", new LambdaBuild.Image(registry.ref(),
                cache.bucket.getArn(), cache.bucket.getBucket() + "/docker-layers",
                ContainerRegistry.pinImage(stack, "buildkit", "buildkitImage", config.buildkitImage().orElseThrow())), settings.builds().image());
        BuildAction tests = Blueprint.buildAction(naming, name, "Test", new BuildKind.Tests(Buildspec.INTEGRATION_TEST),
                settings.builds().tests());
        BuildAction publish = Blueprint.buildAction(naming, name, "Publish",
                LambdaBuild.Publish.image(function.ref(), image.output(), registry.ref()), ComputeType.SMALL);
        BuildAction shift = Blueprint.buildAction(naming, name, "Shift",
                new LambdaBuild.Shift(function.ref(), publish.output(), functionProps.deploymentConfig().shiftMinutes()), ComputeType.SMALL);
        List<Stage> stages = List.of(
                new Stage.SourceStage(STAGES.get(0)),
                Stage.BuildStage.of(STAGES.get(1), image),
                Stage.BuildStage.of(STAGES.get(2), tests),
                new Stage.ApprovalStage(STAGES.get(3), notifications),
                new Stage.DeployStage(STAGES.get(4), new DeployTarget.CodeBuildDeploy(List.of(publish, shift))));
        DeliveryPipelineProps pipeline = DeliveryPipelineProps.builder(naming, name, settings.source(), stages)
                // C6: the artifacts under S3's own keys.
                .artifactEncryption(ArtifactEncryption.AWS_MANAGED_KEY)
                .build();

        CloudwatchMetricAlarm failures = failureAlarm(stack, naming, name, pipeline.pipelineName(), notifications);
        CrossAccountDeployRole deployRole = CrossAccountDeployRole.forFunction(stack, "deploy-role",
                naming.name(ResourceType.IAM_ROLE, name + "-deploy"), settings.toolingAccountId(), function.ref(), registry.ref());

        return new Assembly(pipeline, delivery -> {
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("pipelineArn", delivery.pipeline.getArn());
            outputs.put("pipelineConsoleUrl", "https://" + context.region() + ".console.aws.amazon.com/codesuite/codepipeline/pipelines/"
                    + delivery.pipeline.getName() + "/view?region=" + context.region());
            outputs.put("repositoryUrl", registry.ref().repositoryUrl());
            outputs.put("functionArn", function.function.getArn());
            outputs.put("ledgerTableName", ledger.tableName());
            outputs.put("functionName", function.function.getFunctionName());
            outputs.put("deploymentGroupName", function.deployment.deploymentGroup.getDeploymentGroupName());
            outputs.put("deployRoleArn", deployRole.role.getArn());
            outputs.put("buildCacheBucketName", cache.bucket.getBucket());
            outputs.put("pipelineFailureAlarmName", failures.getAlarmName());
            return outputs;
        });
    }

    /**
     * C7: an alarm that goes to ALARM when an execution of the pipeline fails. CodePipeline has no
     * metric of its own, so a rule matching its FAILED events delivers them to a queue and the
     * alarm counts those deliveries: EventBridge documents Invocations per RuleName, "the number of
     * times a target is invoked by a rule", and nowhere that a rule without a target counts as
     * triggered. The queue keeps each failed execution's event 14 days, under a key of its own.
     */
    private static CloudwatchMetricAlarm failureAlarm(TerraformStack stack, Naming naming, String name, String pipelineName,
                                                      NotificationsRef notifications) {
        String ruleName = naming.name(ResourceType.EVENT_RULE, name + "-pipeline-failed");
        CloudwatchEventRule rule = new CloudwatchEventRule(stack, "pipeline-failed", CloudwatchEventRuleConfig.builder()
                .name(ruleName)
                .description("Counts failed executions of " + pipelineName + " for its alarm")
                .eventPattern(EventRoute.pipelineExecutions(NameFilter.named(List.of(pipelineName)),
                        Set.of(PipelineState.FAILED)).eventPattern())
                .build());
        String queueName = naming.name(ResourceType.SQS_QUEUE, name + "-pipeline-failures");
        EncryptionKey key = new EncryptionKey(stack, "pipeline-failures-key", new EncryptionKeyProps(naming, name + "-pipeline-failures",
                "Encrypts the failed executions of " + pipelineName + " its alarm counts",
                List.of(EventQueue.keyGrant("EventBridgeSendsFailures", queueName))));
        EventQueue failures = new EventQueue(stack, "pipeline-failures", queueName, key.arn(), "FailedExecutionsOfThisPipeline",
                List.of(AwsContext.of(stack).arn("events", "rule/" + ruleName)));
        new CloudwatchEventTarget(stack, "pipeline-failed-target", CloudwatchEventTargetConfig.builder()
                .rule(rule.getName())
                .targetId("failures")
                .arn(failures.queue.getArn())
                .build());
        return new CloudwatchMetricAlarm(stack, "alarm-pipeline-failed", CloudwatchMetricAlarmConfig.builder()
                .alarmName(naming.name(ResourceType.ALARM, name + "-pipeline-failed"))
                .alarmDescription("An execution of " + pipelineName + " failed")
                .namespace("AWS/Events")
                .metricName("Invocations")
                .dimensions(Map.of("RuleName", rule.getName()))
                .statistic("Sum")
                .period(300)
                .evaluationPeriods(1)
                .threshold(1)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching")
                .alarmActions(notifications.alarmActions())
                .okActions(notifications.alarmActions())
                .build());
    }

    /**
     * Blueprint C (seed 002): one function from the container images its pipeline builds.
     *
     * @param initialImage     an ECR image this account may pull that the function runs until the
     *                         pipeline's first deployment: Lambda creates no image function without one
     * @param toolingAccountId the account whose pipelines may assume the deployment role (C8)
     */
    public record LambdaContainer(String name, Source source, Builds builds, String initialImage, String toolingAccountId,
                           Optional<Integer> memoryMiB, Optional<Integer> timeoutSeconds, Optional<Integer> reservedConcurrency,
                           Map<String, String> environment, Optional<Boolean> tracing,
                           Optional<LambdaDeploymentConfig> deploymentConfig) implements ServiceConfig {
        private static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern.compile("\\d{12}");

        public LambdaContainer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(builds, "builds");
            if (initialImage == null || !initialImage.contains(".dkr.ecr.")) {
                throw io.bluegreen.core.SettingException.invalid("services." + name + ".initialImage", "is not an ECR image URI",
                        initialImage, "Lambda runs images from ECR only: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>");
            }
            if (toolingAccountId == null || !ACCOUNT.matcher(toolingAccountId).matches()) {
                throw io.bluegreen.core.SettingException.invalid("services." + name + ".toolingAccountId",
                        "must be a 12-digit AWS account id", toolingAccountId,
                        "give the account whose pipelines deploy here (C8), e.g. \"210987654321\"");
            }
            environment = Map.copyOf(environment);
        }

        @Override
        public ServiceKind kind() {
            return BLUEPRINT;
        }


        /** C's layer-cached builds run BuildKit from the account's own registry. */
        @Override
        public void requireOf(EnvironmentConfig config) {
            if (config.buildkitImage().isEmpty()) {
                throw io.bluegreen.core.SettingException.invalid("buildkitImage", "is required in environment " + config.suffix().value()
                        + " by services." + name + " (LAMBDA_CONTAINER), whose layer-cached builds run BuildKit", "",
                        "copy moby/buildkit into an ECR repository of the account once (docs/services.md: BuildKit for blueprint C) and "
                                + "name it under settings, e.g. \"buildkitImage\": \"buildkit:v0.16.0\"");
            }
        }
    }
}
