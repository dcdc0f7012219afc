package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.regex.Pattern;

/** The kinds of pipeline stage; {@link DeliveryPipelineProps} checks their order. */
public sealed interface Stage permits Stage.SourceStage, Stage.BuildStage, Stage.ApprovalStage, Stage.DeployStage {
    /** CodePipeline's own rule for stage and action names: no spaces. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");

    String name();

    /** Reads the {@link Source}; always the first stage. */
    record SourceStage(String name) implements Stage {
        public SourceStage {
            requireName("stage name", name);
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
    }

    /** Waits for a person; the request is published to the notifications topic. */
    record ApprovalStage(String name) implements Stage {
        public ApprovalStage {
            requireName("stage name", name);
        }
    }

    /** CodeDeploy blue/green to the ECS service with the image build's taskdef.json and appspec.yaml. */
    record DeployStage(String name) implements Stage {
        public DeployStage {
            requireName("stage name", name);
        }
    }

    static void requireName(String setting, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SettingException.invalid(setting, "must be 1-100 letters, digits or . @ _ - (CodePipeline allows no spaces)",
                    name, "write e.g. 'Unit-Tests' instead of 'Unit Tests'");
        }
    }
}
