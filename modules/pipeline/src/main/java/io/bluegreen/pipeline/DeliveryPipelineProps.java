package io.bluegreen.pipeline;

import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.BlueGreenServiceRef;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.registry.RegistryRef;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of {@link DeliveryPipeline}. Build with {@link #builder}; the stage list is checked
 * for the order a safe delivery needs: source first, one image build, a manual approval, and the
 * deploy last.
 *
 * @param naming             names every resource; required
 * @param purpose            the service, e.g. {@code web}; required
 * @param source             GitHub (CodeStar connection) or CodeCommit; required
 * @param stages             in order; required
 * @param service            the ECS service CodeDeploy deploys to; required
 * @param registry           where the image build pushes; required
 * @param notifications      approvals are announced here; required
 * @param pipelineName       default {@code pipeline-<purpose>-<suffix>}
 * @param artifactBucketName default {@code <bucket prefix>-s3-<purpose>-artifacts-<suffix>}, a name no other account holds
 * @param pipelineRoleName   default {@code role-<purpose>-pipeline-<suffix>}
 * @param sharedBuildRoleName one role for every build project (seed 001's {@code codebuild-role-<s>});
 *                           default one role per project, {@code role-<purpose>-<action>-<suffix>}
 * @param triggerRoleName    the role of a CodeCommit source's push rule; default {@code role-<purpose>-trigger-<suffix>}
 * @param registrySecretName registry credentials secret; default {@code secret-<purpose>-registry-<suffix>}
 * @param artifactExpiryDays artifacts (and old versions) expire after; default 30
 */
public record DeliveryPipelineProps(Naming naming, String purpose, Source source, List<Stage> stages, BlueGreenServiceRef service,
                                    RegistryRef registry, NotificationsRef notifications, String pipelineName,
                                    Optional<String> artifactBucketName, String pipelineRoleName, Optional<String> sharedBuildRoleName,
                                    String triggerRoleName, String registrySecretName, int artifactExpiryDays) {
    public DeliveryPipelineProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(artifactBucketName, "artifactBucketName");
        stages = List.copyOf(stages);
        checkOrder(stages);
        if (artifactExpiryDays < 1) {
            throw SettingException.invalid("artifactExpiryDays", "must be at least 1", artifactExpiryDays, "30 is the default");
        }
    }

    public List<BuildAction> buildActions() {
        return stages.stream().filter(Stage.BuildStage.class::isInstance).map(Stage.BuildStage.class::cast)
                .flatMap(stage -> stage.actions().stream()).toList();
    }

    BuildAction imageBuild() {
        return buildActions().stream().filter(action -> action.buildspec() == Buildspec.IMAGE_BUILD).findFirst().orElseThrow();
    }

    private static void checkOrder(List<Stage> stages) {
        String order = stages.stream().map(Stage::name).collect(Collectors.joining(", "));
        if (stages.size() < 2 || !(stages.get(0) instanceof Stage.SourceStage)) {
            throw SettingException.invalid("stages", "must start with the source stage", order, "put the source stage first");
        }
        if (!(stages.get(stages.size() - 1) instanceof Stage.DeployStage)) {
            throw SettingException.invalid("stages", "must end with the deploy stage", order, "put the deploy stage last");
        }
        Set<String> names = new HashSet<>();
        Set<String> projects = new HashSet<>();
        int imageBuilds = 0;
        boolean approved = false;
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            if (!names.add(stage.name())) {
                throw SettingException.invalid("stages", "name a stage twice", stage.name(), "give each stage its own name");
            }
            if (i > 0 && stage instanceof Stage.SourceStage) {
                throw SettingException.invalid("stages", "have a second source stage", order, "keep one source stage, first");
            }
            if (i < stages.size() - 1 && stage instanceof Stage.DeployStage) {
                throw SettingException.invalid("stages", "have a deploy stage before the end", order, "keep one deploy stage, last");
            }
            if (stage instanceof Stage.ApprovalStage) {
                approved = true;
            }
            if (stage instanceof Stage.BuildStage build) {
                for (BuildAction action : build.actions()) {
                    if (!projects.add(action.projectName())) {
                        throw SettingException.invalid("stages", "name a build project twice", action.projectName(),
                                "give each project its own name");
                    }
                    if (action.buildspec() == Buildspec.IMAGE_BUILD) {
                        imageBuilds++;
                    }
                }
            }
        }
        if (imageBuilds != 1) {
            throw SettingException.invalid("stages", "must build the image exactly once", imageBuilds + " image builds",
                    "add one build action with the IMAGE_BUILD buildspec");
        }
        if (!approved) {
            throw SettingException.invalid("stages", "deploy to production without a manual approval", order,
                    "add an approval stage before the deploy stage (A6)");
        }
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
        private BlueGreenServiceRef service;
        private RegistryRef registry;
        private NotificationsRef notifications;
        private String pipelineName;
        private String artifactBucketName;
        private String pipelineRoleName;
        private String sharedBuildRoleName;
        private String triggerRoleName;
        private String registrySecretName;
        private int artifactExpiryDays = 30;

        private Builder(Naming naming, String purpose, Source source, List<Stage> stages) {
            this.naming = naming;
            this.purpose = purpose;
            this.source = source;
            this.stages = stages;
        }

        public Builder service(BlueGreenServiceRef value) { this.service = value; return this; }
        public Builder registry(RegistryRef value) { this.registry = value; return this; }
        public Builder notifications(NotificationsRef value) { this.notifications = value; return this; }
        public Builder pipelineName(String value) { this.pipelineName = value; return this; }
        public Builder artifactBucketName(String value) { this.artifactBucketName = value; return this; }
        public Builder pipelineRoleName(String value) { this.pipelineRoleName = value; return this; }
        public Builder sharedBuildRoleName(String value) { this.sharedBuildRoleName = value; return this; }
        public Builder triggerRoleName(String value) { this.triggerRoleName = value; return this; }
        public Builder registrySecretName(String value) { this.registrySecretName = value; return this; }
        public Builder artifactExpiryDays(int value) { this.artifactExpiryDays = value; return this; }

        public DeliveryPipelineProps build() {
            return new DeliveryPipelineProps(naming, purpose, source, stages, service, registry, notifications,
                    or(pipelineName, () -> naming.name(ResourceType.CODEPIPELINE, purpose)),
                    Optional.ofNullable(artifactBucketName),
                    or(pipelineRoleName, () -> naming.name(ResourceType.IAM_ROLE, purpose + "-pipeline")),
                    Optional.ofNullable(sharedBuildRoleName),
                    or(triggerRoleName, () -> naming.name(ResourceType.IAM_ROLE, purpose + "-trigger")),
                    or(registrySecretName, () -> naming.name(ResourceType.SECRET, purpose + "-registry")),
                    artifactExpiryDays);
        }

        private static String or(String given, java.util.function.Supplier<String> generated) {
            return given != null ? given : generated.get();
        }
    }
}
