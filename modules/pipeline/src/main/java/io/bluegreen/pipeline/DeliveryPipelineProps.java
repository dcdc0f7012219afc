package io.bluegreen.pipeline;

import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import io.bluegreen.vpc.IsolatedNetworkRef;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Settings of {@link DeliveryPipeline}. Build with {@link #builder}; the stages are checked for
 * what every pipeline needs (the source first and once, unique stage and project names, every
 * artifact produced before it is read) and for the order the blueprint's {@link StageRules} ask.
 *
 * @param naming             names every resource; required
 * @param purpose            the service, e.g. {@code web}; required
 * @param source             GitHub (CodeStar connection) or CodeCommit; required
 * @param stages             in order; required. Build, approval and deploy stages carry what they
 *                           build, whom they ask and where they deliver
 * @param rules              the order the blueprint needs; default {@link StageRules#APPROVAL_BEFORE_DEPLOY}
 * @param pipelineName       default {@code pipeline-<purpose>-<suffix>}
 * @param artifactBucketName default {@code <bucket prefix>-s3-<purpose>-artifacts-<suffix>}, a name no other account holds
 * @param pipelineRoleName   default {@code role-<purpose>-pipeline-<suffix>}
 * @param sharedBuildRoleName one role for every build project (seed 001's {@code codebuild-role-<s>});
 *                           default one role per project, {@code role-<purpose>-<action>-<suffix>}
 * @param triggerRoleName    the role of a CodeCommit source's push rule; default {@code role-<purpose>-trigger-<suffix>}
 * @param registrySecretName registry credentials secret, created when a build reads it; default {@code secret-<purpose>-registry-<suffix>}
 * @param artifactExpiryDays artifacts (and old versions) expire after; default 30
 * @param artifactEncryption the pipeline's CMK (default) or S3's own keys (seed 003's D7)
 * @param buildNetwork       run every build in these subnets with a security group of its own that reaches only the
 *                           network's endpoints on HTTPS (E3); default: builds run outside any VPC
 */
public record DeliveryPipelineProps(Naming naming, String purpose, Source source, List<Stage> stages, StageRules rules,
                                    String pipelineName, Optional<String> artifactBucketName, String pipelineRoleName,
                                    Optional<String> sharedBuildRoleName, String triggerRoleName, String registrySecretName,
                                    int artifactExpiryDays, ArtifactEncryption artifactEncryption,
                                    Optional<IsolatedNetworkRef> buildNetwork) {
    public DeliveryPipelineProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(artifactBucketName, "artifactBucketName");
        Objects.requireNonNull(artifactEncryption, "artifactEncryption");
        Objects.requireNonNull(buildNetwork, "buildNetwork");
        stages = List.copyOf(stages);
        String order = StageRules.order(stages);
        if (stages.size() < 2 || !(stages.get(0) instanceof Stage.SourceStage)) {
            throw SettingException.invalid("stages", "must start with the source stage", order, "put the source stage first");
        }
        rules.check(stages, order);
        checkStages(stages, order);
        if (artifactExpiryDays < 1) {
            throw SettingException.invalid("artifactExpiryDays", "must be at least 1", artifactExpiryDays, "30 is the default");
        }
    }

    /** The CodeBuild actions of the build stages and of deploys carried out by CodeBuild, in stage order. */
    public List<BuildAction> buildActions() {
        return buildActionsOf(stages);
    }

    private static List<BuildAction> buildActionsOf(List<Stage> stages) {
        return stages.stream().flatMap(stage -> stage instanceof Stage.BuildStage build ? build.actions().stream()
                : stage instanceof Stage.DeployStage deploy ? deploy.target().projects().stream() : Stream.empty())
                .toList();
    }

    /** What every pipeline needs, whatever the blueprint. */
    private static void checkStages(List<Stage> stages, String order) {
        Set<String> names = new HashSet<>();
        Set<String> projects = new HashSet<>();
        Set<Artifact> produced = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            if (!names.add(stage.name())) {
                throw SettingException.invalid("stages", "name a stage twice", stage.name(), "give each stage its own name");
            }
            if (i > 0 && stage instanceof Stage.SourceStage) {
                throw SettingException.invalid("stages", "have a second source stage", order, "keep one source stage, first");
            }
            for (Artifact input : stage.inputs()) {
                if (!produced.contains(input)) {
                    throw SettingException.invalid("stage " + stage.name(), "reads an artifact no earlier stage produces",
                            input.name(), "move the stage that produces it before " + stage.name());
                }
            }
            produced.addAll(stage.outputs());
            if (stage instanceof Stage.BuildStage build && build.actions().stream().anyMatch(action -> action.kind().deploys())) {
                throw SettingException.invalid("stage " + stage.name(), "deploys from a build stage", stage.name(),
                        "run deploying builds in a deploy stage (DeployTarget.CodeBuildDeploy)");
            }
        }
        for (BuildAction action : buildActionsOf(stages)) {
            if (!projects.add(action.projectName())) {
                throw SettingException.invalid("stages", "name a build project twice", action.projectName(),
                        "give each project its own name");
            }
        }
    }

    /** The pipeline role's default name, which another account's deploy role trusts by ARN. */
    public static String defaultPipelineRoleName(Naming naming, String purpose) {
        return naming.name(ResourceType.IAM_ROLE, purpose + "-pipeline");
    }

    /** The purpose part of the default artifact bucket name, which another account's deploy role reads. */
    public static String artifactBucketPurpose(String purpose) {
        return purpose + "-artifacts";
    }

    public static Builder builder(Naming naming, String purpose, Source source, List<Stage> stages) {
        return new Builder(naming, purpose, source, stages);
    }

    /** Collects the references and optional names; {@link #build()} applies the documented defaults. */
    public static final class Builder {
        private final Naming naming;
        private final String purpose;
        private final Source source;
        private final List<Stage> stages;
        private StageRules rules = StageRules.APPROVAL_BEFORE_DEPLOY;
        private String pipelineName;
        private String artifactBucketName;
        private String pipelineRoleName;
        private String sharedBuildRoleName;
        private String triggerRoleName;
        private String registrySecretName;
        private int artifactExpiryDays = 30;
        private ArtifactEncryption artifactEncryption = ArtifactEncryption.PIPELINE_KEY;
        private IsolatedNetworkRef buildNetwork;

        private Builder(Naming naming, String purpose, Source source, List<Stage> stages) {
            this.naming = naming;
            this.purpose = purpose;
            this.source = source;
            this.stages = stages;
        }

        public Builder rules(StageRules value) { this.rules = value; return this; }
        public Builder pipelineName(String value) { this.pipelineName = value; return this; }
        public Builder artifactBucketName(String value) { this.artifactBucketName = value; return this; }
        public Builder pipelineRoleName(String value) { this.pipelineRoleName = value; return this; }
        public Builder sharedBuildRoleName(String value) { this.sharedBuildRoleName = value; return this; }
        public Builder triggerRoleName(String value) { this.triggerRoleName = value; return this; }
        public Builder registrySecretName(String value) { this.registrySecretName = value; return this; }
        public Builder artifactExpiryDays(int value) { this.artifactExpiryDays = value; return this; }
        public Builder artifactEncryption(ArtifactEncryption value) { this.artifactEncryption = value; return this; }
        public Builder buildNetwork(IsolatedNetworkRef value) { this.buildNetwork = value; return this; }

        public DeliveryPipelineProps build() {
            return new DeliveryPipelineProps(naming, purpose, source, stages, rules,
                    or(pipelineName, () -> naming.name(ResourceType.CODEPIPELINE, purpose)),
                    Optional.ofNullable(artifactBucketName),
                    or(pipelineRoleName, () -> defaultPipelineRoleName(naming, purpose)),
                    Optional.ofNullable(sharedBuildRoleName),
                    or(triggerRoleName, () -> naming.name(ResourceType.IAM_ROLE, purpose + "-trigger")),
                    or(registrySecretName, () -> naming.name(ResourceType.SECRET, purpose + "-registry")),
                    artifactExpiryDays, artifactEncryption, Optional.ofNullable(buildNetwork));
        }

        private static String or(String given, java.util.function.Supplier<String> generated) {
            return given != null ? given : generated.get();
        }
    }
}
