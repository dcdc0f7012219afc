package io.bluegreen.app;

import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.ecs.AcmCertificateArn;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.ExistingEcsService;
import io.bluegreen.ecs.HealthCheck;
import io.bluegreen.lambda.LambdaRuntime;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.Source;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of {@code config/platform.json}'s {@code services}, resolved for one environment
 * (with that environment's {@code environments.<suffix>.services.<name>} on top), a type per
 * blueprint, which its {@link Blueprint} reads: every environment gets a stack per service, named
 * after it, and the settings assemble what goes into it. A setting left out is empty here, so the
 * module's own documented default applies and is stated only there.
 */
public interface ServiceConfig {
    String name();

    Blueprint blueprint();

    /** What the service's stack holds beside the environment's basics: its resources, pipeline and outputs. */
    ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config);

    /** Refuses an environment that lacks what this service needs of it (a setting of its own); all are fine by default. */
    default void requireOf(EnvironmentConfig config) {
    }

    Source source();

    Builds builds();

    /**
     * Executions of the account's Lambda concurrency this service's function keeps for itself in
     * this environment: the setting, else the blueprint's figure where the environment reserves
     * (a named environment, unless its settings turn {@code reservedConcurrency} off); none for ECS.
     */
    default Optional<Integer> reservedConcurrency() {
        return Optional.empty();
    }

    /**
     * Machine sizes of the pipeline's builds: the blueprints' own choice (seed 002's C2: tests
     * SMALL, the image MEDIUM), so they are the defaults here and nowhere else.
     */
    record Builds(ComputeType tests, ComputeType image) {
        static final Builds DEFAULT = new Builds(ComputeType.SMALL, ComputeType.MEDIUM);

        public Builds {
            Objects.requireNonNull(tests, "tests");
            Objects.requireNonNull(image, "image");
        }
    }

    /** Blueprint A (seed 000): a new Fargate service behind its own ALB. */
    record EcsFargate(String name, Source source, Builds builds, ContainerSpec container, HealthCheck healthCheck,
                      Optional<Integer> desiredCount, Optional<AcmCertificateArn> certificate, Optional<Integer> productionPort,
                      Optional<Integer> testPort, Optional<List<String>> allowedCidrs, Optional<List<String>> testListenerCidrs,
                      Optional<EcsDeploymentConfig> deploymentConfig, Optional<Integer> terminationWaitMinutes)
            implements ServiceConfig {
        public EcsFargate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(builds, "builds");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(healthCheck, "healthCheck");
            allowedCidrs = allowedCidrs.map(List::copyOf);
            testListenerCidrs = testListenerCidrs.map(List::copyOf);
        }

        @Override
        public Blueprint blueprint() {
            return EcsFargateBlueprint.BLUEPRINT;
        }

        @Override
        public ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config) {
            return EcsFargateBlueprint.assemble(stack, config, this);
        }
    }

    /**
     * Blueprint B (seed 001): the pipeline and CodeDeploy onto an ECS service that exists already.
     *
     * @param artifactBucketName replaces B2's {@code pipeline-artifacts-<s>} when another account holds it
     */
    record ExistingEcs(String name, Source source, Builds builds, ExistingEcsService existing,
                       Optional<EcsDeploymentConfig> deploymentConfig, Optional<Integer> terminationWaitMinutes,
                       Optional<String> artifactBucketName) implements ServiceConfig {
        public ExistingEcs {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(builds, "builds");
            Objects.requireNonNull(existing, "existing");
            Objects.requireNonNull(deploymentConfig, "deploymentConfig");
            Objects.requireNonNull(terminationWaitMinutes, "terminationWaitMinutes");
            Objects.requireNonNull(artifactBucketName, "artifactBucketName");
        }

        @Override
        public Blueprint blueprint() {
            return ExistingEcsBlueprint.BLUEPRINT;
        }

        @Override
        public ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config) {
            return ExistingEcsBlueprint.assemble(stack, config, this);
        }
    }

    /**
     * Blueprint D (seed 003): one function CodeDeploy shifts between published versions.
     *
     * @param handler the handler of the code the pipeline builds ({@code <file>.<export>}); the
     *                function starts with a placeholder under the same handler
     */
    record Serverless(String name, Source source, Builds builds, String handler, LambdaRuntime runtime,
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
        public Blueprint blueprint() {
            return ServerlessBlueprint.BLUEPRINT;
        }

        @Override
        public ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config) {
            return ServerlessBlueprint.assemble(stack, config, this);
        }
    }

    /**
     * Blueprint C (seed 002): one function from the container images its pipeline builds.
     *
     * @param initialImage     an ECR image this account may pull that the function runs until the
     *                         pipeline's first deployment: Lambda creates no image function without one
     * @param toolingAccountId the account whose pipelines may assume the deployment role (C8)
     */
    record LambdaContainer(String name, Source source, Builds builds, String initialImage, String toolingAccountId,
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
        public Blueprint blueprint() {
            return LambdaContainerBlueprint.BLUEPRINT;
        }

        @Override
        public ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config) {
            return LambdaContainerBlueprint.assemble(stack, config, this);
        }

        /** C's layer-cached builds run BuildKit from the account's own registry. */
        @Override
        public void requireOf(EnvironmentConfig config) {
            if (config.buildkitImage().isEmpty()) {
                throw io.bluegreen.core.SettingException.invalid("buildkitImage", "is required in environment " + config.suffix().value()
                        + " by services." + name + " (LAMBDA_CONTAINER), whose layer-cached builds run BuildKit", "",
                        "copy moby/buildkit into an ECR repository of the account once (README: BuildKit for blueprint C) and "
                                + "name it under settings, e.g. \"buildkitImage\": \"buildkit:v0.16.0\"");
            }
        }
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
    record IsolatedEcs(String name, Source.CodeCommit source, String ecrRepositoryName, ExistingEcsService staging,
                       ExistingEcsService production, Optional<ProductionAccount> productionAccount,
                       Optional<EcsDeploymentConfig> deploymentConfig, Optional<Integer> terminationWaitMinutes)
            implements ServiceConfig {
        /** E3: the build machine is the smallest, a cost the seed fixes. */
        static final Builds BUILDS = new Builds(ComputeType.SMALL, ComputeType.SMALL);

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
        public Blueprint blueprint() {
            return IsolatedEcsBlueprint.BLUEPRINT;
        }

        @Override
        public ServiceStack.Assembly assemble(ServiceStack stack, EnvironmentConfig config) {
            return IsolatedEcsBlueprint.assemble(stack, config, this);
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
    record ProductionAccount(String accountId, String accessRoleName) {
        static final String DEFAULT_ACCESS_ROLE = "OrganizationAccountAccessRole";

        public ProductionAccount {
            // The same check and message as the deploy role's account.
            new io.bluegreen.pipeline.CrossAccountRole(accountId, accessRoleName);
        }
    }
}
