package io.bluegreen.app;

import io.bluegreen.actions.ecs.EcsDeployer;
import io.bluegreen.actions.ecs.EcsFromSource;
import io.bluegreen.actions.ecs.SourceDefinedImage;
import java.util.Set;
import com.hashicorp.cdktf.TerraformStack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeMap;
import software.constructs.Construct;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.ecs.ExistingEcsService;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.CrossAccountRole;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.pipeline.StageRules;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.RegistryRef;
import io.bluegreen.vpc.IsolatedNetwork;
import io.bluegreen.vpc.IsolatedNetworkRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blueprint E (seed 004), one instance per service: a CodeCommit repository whose pushes to the
 * branch start the pipeline (E2); the image built inside the isolated network by the
 * repository's own {@code buildspec.yml}, reaching AWS through VPC endpoints only (E3); staging
 * deployed blue/green by CodeDeploy with rollback, a manual approval announced on the
 * environment's topic, then production, here or in its own account through a role there (E7,
 * E8); one key per instance over the artifacts, logs and repository (E4, E5). The network, the
 * cluster, both services with their target groups and listeners, and the ECR repository are
 * inputs, looked up and never changed.
 */
final class IsolatedEcsBlueprint implements Blueprint {
    static final IsolatedEcsBlueprint BLUEPRINT = new IsolatedEcsBlueprint();
    private static final Set<String> KEYS = Set.of("blueprint", "source", "deploymentConfig", "terminationWaitMinutes",
            "ecrRepositoryName", "staging", "production");
    static final List<String> STAGES = List.of("Source", "Build", "Deploy-Staging", "Approve", "Deploy-Production");
    /** The task definition templates the source repository holds, one per stage. */
    static final String STAGING_TASK_DEFINITION = "taskdef-staging.json";
    static final String PRODUCTION_TASK_DEFINITION = "taskdef-production.json";

    private IsolatedEcsBlueprint() {
    }

    @Override
    public String id() {
        return "ISOLATED_ECS";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public ServiceConfig read(ServiceInput in) {
        return IsolatedEcsSettings.parse(in.name(), in.settings(), in.where(), in.suffix());
    }

    @Override
    public boolean needsIsolatedNetwork() {
        return true;
    }

    /** One stack per production account, applied there once (E8), for the instances deployed there. */
    @Override
    public List<TerraformStack> accountStacks(Construct app, EnvironmentConfig config, List<ServiceConfig> services,
                                              BackendSettings backend) {
        Map<ServiceConfig.ProductionAccount, List<ServiceConfig.IsolatedEcs>> byAccount = new TreeMap<>(
                Comparator.comparing(ServiceConfig.ProductionAccount::accountId));
        // This blueprint's own services: E's settings, as read above.
        services.stream().map(ServiceConfig.IsolatedEcs.class::cast).forEach(service -> service.productionAccount().ifPresent(account ->
                byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(service)));
        List<TerraformStack> stacks = new ArrayList<>();
        byAccount.forEach((account, instances) -> stacks.add(new ProductionAccessStack(app, config, account, instances, backend)));
        return List.copyOf(stacks);
    }

    static ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config, ServiceConfig.IsolatedEcs settings) {
        String name = settings.name();
        Naming naming = config.naming();
        NotificationsRef notifications = Notifications.lookup(stack, "notifications", naming);
        IsolatedNetworkRef network = IsolatedNetwork.lookup(stack, "network", config.isolatedNetwork().orElseThrow());
        RegistryRef registry = ContainerRegistry.lookup(stack, "registry", settings.ecrRepositoryName());

        BlueGreenService staging = new BlueGreenService(stack, "staging",
                adopted(naming, name + "-staging", notifications, settings.staging(), settings).build());
        EcsDeployer production;
        if (settings.productionAccount().isPresent()) {
            production = new EcsDeployer.OtherAccount(deployRole(naming, name, settings.productionAccount().get()),
                    applicationName(naming, name), deploymentGroupName(naming, name));
        } else {
            production = new EcsDeployer.ThisAccount(new BlueGreenService(stack, "production",
                    adopted(naming, name + "-production", notifications, settings.production(), settings).build()).ref());
        }

        BuildAction build = ServiceStack.buildAction(naming, name, "Build", new SourceDefinedImage(registry),
                settings.builds().image());
        List<Stage> stages = List.of(
                new Stage.SourceStage(STAGES.get(0)),
                Stage.BuildStage.of(STAGES.get(1), build),
                new Stage.DeployStage(STAGES.get(2), new EcsFromSource(STAGING_TASK_DEFINITION, build,
                        new EcsDeployer.ThisAccount(staging.ref()))),
                new Stage.ApprovalStage(STAGES.get(3), notifications),
                new Stage.DeployStage(STAGES.get(4), new EcsFromSource(PRODUCTION_TASK_DEFINITION, build, production)));
        DeliveryPipelineProps pipeline = DeliveryPipelineProps.builder(naming, name, settings.source(), stages)
                .rules(StageRules.APPROVAL_BEFORE_PRODUCTION)
                .buildNetwork(network)
                .build();

        return new ServiceStack.Assembly(pipeline, delivery -> {
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("pipelineArn", delivery.pipeline.getArn());
            outputs.put("pipelineRoleArn", delivery.pipelineRole.arn());
            outputs.put("artifactBucketName", delivery.artifactBucket.bucket.getBucket());
            outputs.put("repositoryName", settings.source().repositoryName());
            delivery.repository.ifPresent(repository -> outputs.put("repositoryCloneUrlHttp", repository.getCloneUrlHttp()));
            outputs.put("buildSecurityGroupId", delivery.buildSecurityGroup.orElseThrow().getId());
            production.role().ifPresent(role -> outputs.put("productionDeployRoleArn", role.arn()));
            return outputs;
        });
    }

    /** CodeDeploy onto a service of this account, the template's deployment settings applied. */
    static BlueGreenServiceProps.Builder adopted(Naming naming, String purpose, NotificationsRef notifications,
                                                  ExistingEcsService service, ServiceConfig.IsolatedEcs settings) {
        BlueGreenServiceProps.Builder props = BlueGreenServiceProps.builder(naming, purpose, notifications).existing(service);
        settings.deploymentConfig().ifPresent(props::deploymentConfig);
        settings.terminationWaitMinutes().ifPresent(props::terminationWaitMinutes);
        return props;
    }

    /** The production account's deploy role, which {@link ProductionAccessStack} creates there. */
    static CrossAccountRole deployRole(Naming naming, String service, ServiceConfig.ProductionAccount account) {
        return new CrossAccountRole(account.accountId(), naming.name(ResourceType.IAM_ROLE, service + "-production-deploy"));
    }

    static String applicationName(Naming naming, String service) {
        return naming.name(ResourceType.CODEDEPLOY_APPLICATION, service + "-production");
    }

    static String deploymentGroupName(Naming naming, String service) {
        return naming.name(ResourceType.CODEDEPLOY_GROUP, service + "-production");
    }
}
