package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import io.bluegreen.notifications.NotificationsRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The kinds of pipeline stage, each with the artifacts it reads and writes; {@link StageRules}
 * and {@link DeliveryPipelineProps} check their order.
 */
public sealed interface Stage permits Stage.SourceStage, Stage.BuildStage, Stage.ApprovalStage, Stage.DeployStage {
    /** CodePipeline's own rule for stage and action names: no spaces. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");

    String name();

    /** Artifacts the stage's actions read; an earlier stage must produce each. */
    List<Artifact> inputs();

    /** Artifacts the stage's actions produce. */
    List<Artifact> outputs();

    /** Reads the pipeline's {@link Source}; always the first stage. */
    record SourceStage(String name) implements Stage {
        public SourceStage {
            requireName("stage name", name);
        }

        @Override
        public List<Artifact> inputs() {
            return List.of();
        }

        @Override
        public List<Artifact> outputs() {
            return List.of(Artifact.SOURCE);
        }
    }

    /** Runs CodeBuild projects side by side on the source. */
    record BuildStage(String name, List<BuildAction> actions) implements Stage {
        public BuildStage {
            requireName("stage name", name);
            actions = List.copyOf(actions);
            if (actions.isEmpty()) {
                throw SettingException.invalid("stage " + name, "has no build actions", actions, "add at least one");
            }
        }

        public static BuildStage of(String name, BuildAction action) {
            return new BuildStage(name, List.of(action));
        }

        @Override
        public List<Artifact> inputs() {
            return actions.stream().map(action -> action.kind().input()).distinct().toList();
        }

        @Override
        public List<Artifact> outputs() {
            return actions.stream().map(BuildAction::output).toList();
        }
    }

    /** Waits for a person; the request is published to the topic. */
    record ApprovalStage(String name, NotificationsRef topic) implements Stage {
        public ApprovalStage {
            requireName("stage name", name);
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public List<Artifact> inputs() {
            return List.of();
        }

        @Override
        public List<Artifact> outputs() {
            return List.of();
        }

        CodepipelineStageAction action(String purpose, String environment) {
            return CodepipelineStageAction.builder()
                    .name("Approve")
                    .category("Approval")
                    .owner("AWS")
                    .provider("Manual")
                    .version("1")
                    .configuration(new TreeMap<>(Map.of(
                            "NotificationArn", topic.topicArn(),
                            "CustomData", "Approve deploying " + purpose + " to " + environment)))
                    .build();
        }

        /** Publishing the request to the topic, under the topic's key. */
        List<Statement> pipelineStatements() {
            return List.of(
                    Statement.allow("AnnounceApprovals").actions("sns:Publish").resources(topic.topicArn()).build(),
                    Statement.allow("EncryptAnnouncements").actions("kms:Decrypt", "kms:GenerateDataKey")
                            .resources(topic.kmsKeyArn()).build());
        }
    }

    /** Delivers to its {@link DeployTarget}. */
    record DeployStage(String name, DeployTarget target) implements Stage {
        public DeployStage {
            requireName("stage name", name);
            Objects.requireNonNull(target, "target");
        }

        @Override
        public List<Artifact> inputs() {
            return target.inputs();
        }

        @Override
        public List<Artifact> outputs() {
            return target.outputs();
        }
    }

    static void requireName(String setting, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SettingException.invalid(setting, "must be 1-100 letters, digits or . @ _ - (CodePipeline allows no spaces)",
                    name, "write e.g. 'Unit-Tests' instead of 'Unit Tests'");
        }
    }
}
