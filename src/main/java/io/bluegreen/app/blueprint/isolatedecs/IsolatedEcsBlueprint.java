package io.bluegreen.app.blueprint.isolatedecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.actions.ecs.EcsDeployer;
import io.bluegreen.actions.ecs.EcsFromSource;
import io.bluegreen.actions.ecs.SourceDefinedImage;
import io.bluegreen.app.blueprint.Assembly;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.ServiceConfig.Builds;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceInput;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.ecs.BlueGreenService;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.ecs.ExistingEcsService;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.CrossAccountRole;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.Source;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.pipeline.StageRules;
import io.bluegreen.registry.ContainerRegistry;
import io.bluegreen.registry.RegistryRef;
import io.bluegreen.vpc.IsolatedNetwork;
import io.bluegreen.vpc.IsolatedNetworkRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.constructs.Construct;

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
public final class IsolatedEcsBlueprint implements Blueprint {
    public static final IsolatedEcsBlueprint BLUEPRINT = new IsolatedEcsBlueprint();
    /** The keys it takes, as the file writes them ({@code source}, {@code staging}, {@code production}: {@link IsolatedEcsSettings}). */
    public record Written(JsonNode source, String deploymentConfig, Integer terminationWaitMinutes, String ecrRepositoryName,
                          JsonNode staging, JsonNode production) {
    }

    private static final Set<String> KEYS = ServiceInput.keysOf(Written.class);
    public static final List<String> STAGES = List.of("Source", "Build", "Deploy-Staging", "Approve", "Deploy-Production");
    /** The task definition templates the source repository holds, one per stage. */
    public static final String STAGING_TASK_DEFINITION = "taskdef-staging.json";
    public static final String PRODUCTION_TASK_DEFINITION = "taskdef-production.json";

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
        return IsolatedEcsSettings.parse(in, in.bind(Written.class));
    }

    @Override
    public boolean needsIsolatedNetwork() {
        return true;
    }

    /** One stack per production account, applied there once (E8), for the instances deployed there. */
    @Override
    public List<TerraformStack> accountStacks(Construct app, EnvironmentConfig config, List<ServiceConfig> services,
                                              BackendSettings backend) {
        Map<ProductionAccount, List<IsolatedEcs>> byAccount = new TreeMap<>(
                Comparator.comparing(ProductionAccount::accountId));
        // This blueprint's own services: E's settings, as read above.
        services.stream().map(IsolatedEcs.class::cast).forEach(service -> service.productionAccount().ifPresent(account ->
                byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(service)));
        List<TerraformStack> stacks = new ArrayList<>();
        byAccount.forEach((account, instances) -> stacks.add(new ProductionAccessStack(app, config, account, instances, backend)));
        return List.copyOf(stacks);
    }

    @Override
    public Assembly assemble(TerraformStack stack, EnvironmentConfig config, ServiceConfig service) {
        // Only its own records reach it: the app assembles a service with the blueprint that read it.
        return assemble(stack, config, (IsolatedEcs) service);
    }

    private Assembly assemble(TerraformStack stack, EnvironmentConfig config, IsolatedEcs settings) {
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

        BuildAction build = Blueprint.buildAction(naming, name, "Build", new SourceDefinedImage(registry),
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

        return new Assembly(pipeline, delivery -> {
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
                                                  ExistingEcsService service, IsolatedEcs settings) {
        BlueGreenServiceProps.Builder props = BlueGreenServiceProps.builder(naming, purpose, notifications).existing(service);
        settings.deploymentConfig().ifPresent(props::deploymentConfig);
        settings.terminationWaitMinutes().ifPresent(props::terminationWaitMinutes);
        return props;
    }

    /** The production account's deploy role, which {@link ProductionAccessStack} creates there. */
    static CrossAccountRole deployRole(Naming naming, String service, ProductionAccount account) {
        return new CrossAccountRole(account.accountId(), naming.name(ResourceType.IAM_ROLE, service + "-production-deploy"));
    }

    static String applicationName(Naming naming, String service) {
        return naming.name(ResourceType.CODEDEPLOY_APPLICATION, service + "-production");
    }

    static String deploymentGroupName(Naming naming, String service) {
        return naming.name(ResourceType.CODEDEPLOY_GROUP, service + "-production");
    }

    /**
     * Blueprint E (seed 004): one instance of the network-isolated template; any number of
     * services use it, each with its own names.
     *
     * @param source             CodeCommit; the repository the stack creates ({@code repo-<name>-<s>}) unless
     *                           {@code codeCommitRepository} names an existing one
     * @param ecrRepositoryName  an existing repository, KMS-encrypted with immutable tags
     * @param staging            the staging service, its target groups and listeners, in this account
     * @param production         the production service, likewise, here or in {@code productionAccount}
     * @param productionAccount  production's own account; default: this one
     */
    public record IsolatedEcs(String name, Source.CodeCommit source, String ecrRepositoryName, ExistingEcsService staging,
                       ExistingEcsService production, Optional<ProductionAccount> productionAccount,
                       Optional<EcsDeploymentConfig> deploymentConfig, Optional<Integer> terminationWaitMinutes)
            implements ServiceConfig {
        /** E3: the build machine is the smallest, a cost the seed fixes. */
        public static final Builds BUILDS = new Builds(ComputeType.SMALL, ComputeType.SMALL);

        public IsolatedEcs {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(ecrRepositoryName, "ecrRepositoryName");
            Objects.requireNonNull(staging, "staging");
            Objects.requireNonNull(production, "production");
            Objects.requireNonNull(productionAccount, "productionAccount");
            Objects.requireNonNull(deploymentConfig, "deploymentConfig");
            Objects.requireNonNull(terminationWaitMinutes, "terminationWaitMinutes");
        }

        @Override
        public Builds builds() {
            return BUILDS;
        }

        @Override
        public ServiceKind kind() {
            return BLUEPRINT;
        }


        /** E builds in the environment's isolated network. */
        @Override
        public void requireOf(EnvironmentConfig config) {
            if (config.isolatedNetwork().isEmpty()) {
                throw io.bluegreen.core.SettingException.invalid("isolatedNetwork", "is required in environment " + config.suffix().value()
                        + " by services." + name + " (ISOLATED_ECS)", "",
                        "give {\"vpcId\", \"buildSubnetIds\"} of the VPC its builds run in, under settings, a profile or "
                                + "environments." + config.suffix().value());
            }
        }
    }

    /**
     * The account production runs in, when not the pipeline's (E8).
     *
     * @param accountId      12 digits
     * @param accessRoleName the role the operator's credentials assume there to apply its stack once; default
     *                       {@code OrganizationAccountAccessRole}, which AWS Organizations creates in member accounts
     */
    public record ProductionAccount(String accountId, String accessRoleName) {
        public static final String DEFAULT_ACCESS_ROLE = "OrganizationAccountAccessRole";

        public ProductionAccount {
            // The same check and message as the deploy role's account.
            new io.bluegreen.pipeline.CrossAccountRole(accountId, accessRoleName);
        }
    }
}
